// MARK: - Parameters from per-layer arrays (another tool's weights)

extension SavedParameters {
    /// One array as another tool stores it: a shape and its values in row-major
    /// (C) order, e.g. read from a `.npy` file.
    public struct LayerArray: Sendable, Equatable {
        public var shape: [Int]
        public var values: [Double]
        /// `name` is what errors call it (a file name, e.g. "W0.npy").
        public var name: String
        public init(name: String, shape: [Int], values: [Double]) {
            self.name = name; self.shape = shape; self.values = values
        }
    }

    /// θ for `network` from one weight matrix and one bias vector per affine layer,
    /// in the convention of PyTorch's `nn.Linear.weight`, Flax/Keras exports
    /// transposed to (out × in), and NumPy code writing z = W a + b:
    ///
    /// - `weights[l]` has shape (n_{l+1}, n_l) — out × in — in row-major order, so
    ///   W[i, j] (output i, input j) is `values[i·n_l + j]`;
    /// - `biases[l]` has shape (n_{l+1}) (a (n_{l+1}, 1) or (1, n_{l+1}) array is accepted too).
    ///
    /// l = 0 … L−1 counts from the input. θ stores W column-major (see `MLP`), so
    /// θ[o + i + j·n_{l+1}] = W[i, j]. A network with Fourier features keeps its own
    /// embedding; `weights[0]` then has 2m inputs.
    ///
    /// - Throws: `LoadError` naming the array, its shape and the shape expected,
    ///   or a non-finite value.
    public static func fromLayers(network: MLP, weights: [LayerArray], biases: [LayerArray]) throws(LoadError) -> SavedParameters {
        let L = network.layerCount
        guard weights.count == L, biases.count == L else {
            throw LoadError(description: "\(weights.count) weight and \(biases.count) bias arrays for a network with \(L) layers "
                            + "(widths \(network.widths.map(String.init).joined(separator: "-")))")
        }
        var theta = [Double](repeating: 0, count: network.parameterCount)
        for l in 0..<L {
            let (nIn, nOut) = (network.widths[l], network.widths[l + 1])
            let w = weights[l], b = biases[l]
            guard w.shape == [nOut, nIn], w.values.count == nOut * nIn else {
                throw LoadError(description: "\(w.name) has shape \(shape(w.shape)); layer \(l) needs (out × in) = \(shape([nOut, nIn]))")
            }
            guard [[nOut], [nOut, 1], [1, nOut]].contains(b.shape), b.values.count == nOut else {
                throw LoadError(description: "\(b.name) has shape \(shape(b.shape)); layer \(l) needs \(shape([nOut]))")
            }
            for a in [w, b] {
                if let k = a.values.firstIndex(where: { !$0.isFinite }) {
                    throw LoadError(description: "\(a.name) holds \(a.values[k]) at flat index \(k); parameters must be finite")
                }
            }
            let o = network.weightOffset(l + 1)
            for i in 0..<nOut {
                for j in 0..<nIn { theta[o + i + j * nOut] = w.values[i * nIn + j] }
                theta[o + nOut * nIn + i] = b.values[i]
            }
        }
        return SavedParameters(network: network, parameters: theta)
    }

    /// W_l of θ as a row-major (out × in) array and b_l, l = 0 … L−1: the inverse of
    /// `fromLayers` (what a user exports to hand the weights to another tool).
    public func layers() -> [(weights: LayerArray, bias: LayerArray)] {
        (0..<network.layerCount).map { l in
            let (nIn, nOut) = (network.widths[l], network.widths[l + 1])
            let o = network.weightOffset(l + 1)
            var w = [Double](repeating: 0, count: nIn * nOut)
            for i in 0..<nOut { for j in 0..<nIn { w[i * nIn + j] = parameters[o + i + j * nOut] } }
            return (LayerArray(name: "W\(l)", shape: [nOut, nIn], values: w),
                    LayerArray(name: "b\(l)", shape: [nOut], values: Array(parameters[(o + nOut * nIn)..<(o + nOut * nIn + nOut)])))
        }
    }

    private static func shape(_ s: [Int]) -> String {
        "(" + s.map(String.init).joined(separator: ", ") + (s.count == 1 ? ",)" : ")")
    }
}
