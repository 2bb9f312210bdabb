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
    /// GELU, z·Φ(z) with Φ the standard normal CDF (Hendrycks & Gimpel 2016, exact
    /// form, not the tanh approximation); σ′ = Φ + zφ, σ″ = φ(2 − z²), σ‴ = zφ(z² − 4).
    case gelu
    /// softplus log(1 + eᶻ); with s = 1/(1 + e⁻ᶻ): σ′ = s, σ″ = s′ = s(1 − s), σ‴ = s′(1 − 2s).
    case softplus
    /// swish / SiLU z·s (Ramachandran et al. 2017); σ′ = s + z s′, σ″ = s′(2 + z(1 − 2s)),
    /// σ‴ = 3s′(1 − 2s) + z(s′(1 − 2s)² − 2s′²).
    case swish

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
        case .gelu:
            let cdf = 0.5 * erfc(-z * 0.7071067811865476)
            let pdf = 0.3989422804014327 * exp(-0.5 * z * z)
            return (z * cdf, cdf + z * pdf, pdf * (2 - z * z), z * pdf * (z * z - 4))
        case .softplus:
            let s = 1 / (1 + exp(-z)), ds = s * (1 - s)
            return (max(z, 0) + log1p(exp(-abs(z))), s, ds, ds * (1 - 2 * s))
        case .swish:
            let s = 1 / (1 + exp(-z)), ds = s * (1 - s), t = 1 - 2 * s
            return (z * s, s + z * ds, ds * (2 + z * t), 3 * ds * t + z * (ds * t * t - 2 * ds * ds))
        }
    }
}
