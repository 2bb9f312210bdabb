import Foundation

/// A point-wise activation σ with the derivatives a jet needs.
///
/// `derivatives(z)` returns (σ, σ′, σ″, σ‴): the forward jet uses up to σ″ and
/// the backward pass through a second-order jet needs σ‴.
public enum Activation: String, Sendable, CaseIterable, Codable {
    /// tanh z; σ′ = 1 − t², σ″ = −2tσ′, σ‴ = −2σ′(1 − 3t²).
    case tanh
    /// sin z (SIREN-style); σ′ = cos z, σ″ = −sin z, σ‴ = −cos z.
    case sin

    @inline(__always)
    public func derivatives(_ z: Double) -> (Double, Double, Double, Double) {
        switch self {
        case .tanh:
            let t = Foundation.tanh(z)
            let d1 = 1 - t * t
            return (t, d1, -2 * t * d1, -2 * d1 * (1 - 3 * t * t))
        case .sin:
            let s = Foundation.sin(z), c = Foundation.cos(z)
            return (s, c, -s, -c)
        }
    }
}
