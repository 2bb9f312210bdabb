import SeededRandom

/// A multilayer perceptron u_θ: ℝ^D → ℝ^m, z_l = W_l a_{l−1} + b_l,
/// a_l = σ(z_l) for hidden layers, linear output.
///
/// **Parameter layout** (one flat θ): for l = 1 … L in order, W_l (n_l × n_{l−1},
/// column-major) then b_l (n_l). P = Σ_l n_l (n_{l−1} + 1); a 2-64-1 network has 257.
public struct MLP: Sendable, Equatable {
    /// Widths n_0 (inputs) … n_L (outputs).
    public let widths: [Int]
    public let activation: Activation

    public init(widths: [Int], activation: Activation = .tanh) {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 >= 1 },
                     "MLP: widths \(widths) need ≥ 2 layers of width ≥ 1")
        self.widths = widths
        self.activation = activation
    }

    public var inputCount: Int { widths[0] }
    public var outputCount: Int { widths[widths.count - 1] }
    /// L, the number of affine layers.
    public var layerCount: Int { widths.count - 1 }

    /// Offset of W_l in θ (l = 1 … L); b_l follows at `weightOffset(l) + n_l n_{l−1}`.
    public func weightOffset(_ l: Int) -> Int {
        var o = 0
        for k in 1..<l { o += widths[k] * (widths[k - 1] + 1) }
        return o
    }

    public var parameterCount: Int { weightOffset(layerCount + 1) }

    /// How initial weights are drawn.
    public enum Initialization: String, Sendable, CaseIterable, Codable {
        /// Glorot/Xavier normal: W ~ N(0, 2/(n_in + n_out)), b = 0 (Glorot & Bengio 2010).
        case glorot
        /// He normal: W ~ N(0, 2/n_in), b = 0 (He et al. 2015).
        case he
    }

    /// Initial parameters from `seed`, reproducible bit for bit.
    public func initialParameters(seed: UInt64, scheme: Initialization = .glorot) -> [Double] {
        var g = SeededGenerator(seed: seed)
        var theta = [Double](repeating: 0, count: parameterCount)
        for l in 1...layerCount {
            let (nIn, nOut) = (widths[l - 1], widths[l])
            let std: Double
            switch scheme {
            case .glorot: std = (2 / Double(nIn + nOut)).squareRoot()
            case .he: std = (2 / Double(nIn)).squareRoot()
            }
            let o = weightOffset(l)
            for k in 0..<(nIn * nOut) { theta[o + k] = std * g.nextNormal() }
        }
        return theta
    }
}
