import Residuals
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
    /// An optional fixed input embedding; then `widths[0]` is its output width.
    public let embedding: FourierFeatures?

    public init(widths: [Int], activation: Activation = .tanh, embedding: FourierFeatures? = nil) {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 >= 1 },
                     "MLP: widths \(widths) need ≥ 2 layers of width ≥ 1")
        if let e = embedding {
            precondition(e.outputCount == widths[0], "MLP: the embedding gives \(e.outputCount) inputs, widths[0] is \(widths[0])")
        }
        self.widths = widths
        self.activation = activation
        self.embedding = embedding
    }

    /// The dimension of the points the network takes (before any embedding).
    public var inputCount: Int { embedding?.inputDimension ?? widths[0] }
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

    /// Σ_l n_l·(n_{l−1} + 1) for `widths`, or nil when it overflows an Int (or a
    /// width is below 1): callers check a network's size with this before building it.
    public static func checkedParameterCount(widths: [Int]) -> Int? {
        guard widths.count >= 2, widths.allSatisfy({ $0 >= 1 }) else { return nil }
        return CheckedSize.sum((1..<widths.count).map { l in
            CheckedSize.sum(widths[l - 1], 1).flatMap { CheckedSize.product(widths[l], $0) } ?? -1
        })
    }

    /// How initial weights are drawn.
    public enum Initialization: String, Sendable, CaseIterable, Codable {
        /// Glorot/Xavier normal: W ~ N(0, 2/(n_in + n_out)), b = 0 (Glorot & Bengio 2010).
        case glorot
        /// He normal: W ~ N(0, 2/n_in), b = 0 (He et al. 2015).
        case he
        /// SIREN (Sitzmann et al., NeurIPS 2020) for sin activations with ω₀ = 30 folded
        /// into the weights: first layer W ~ U(−ω₀/n_in, ω₀/n_in), later layers
        /// W ~ U(−√(6/n_in), √(6/n_in)), b = 0.
        case siren
    }

    /// Initial parameters from `seed`, reproducible bit for bit.
    public func initialParameters(seed: UInt64, scheme: Initialization = .glorot) -> [Double] {
        var g = SeededGenerator(seed: seed)
        var theta = [Double](repeating: 0, count: parameterCount)
        for l in 1...layerCount {
            let (nIn, nOut) = (widths[l - 1], widths[l])
            let o = weightOffset(l)
            switch scheme {
            case .glorot, .he:
                let std = scheme == .glorot ? (2 / Double(nIn + nOut)).squareRoot() : (2 / Double(nIn)).squareRoot()
                for k in 0..<(nIn * nOut) { theta[o + k] = std * g.nextNormal() }
            case .siren:
                let bound = l == 1 ? 30 / Double(nIn) : (6 / Double(nIn)).squareRoot()
                for k in 0..<(nIn * nOut) { theta[o + k] = bound * (2 * g.nextUniform() - 1) }
            }
        }
        return theta
    }
}
