import Foundation

/// A point-wise activation σ with the derivatives a jet needs.
///
/// `derivatives(z)` returns (σ, σ′, σ″, σ‴): the forward jet uses up to σ″ and
/// the backward pass through a second-order jet needs σ‴. `higherDerivatives(z)`
/// returns (σ⁗, σ⁽⁵⁾) for jets of order 3 and 4 (`FaaDiBruno`): a fourth-order
/// forward pass needs σ⁗, its adjoint and tangent σ⁽⁵⁾.
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

    /// (σ⁗, σ⁽⁵⁾) at z, in closed form:
    ///
    /// - tanh, t = tanh z, σ′ = 1 − t²: σ⁗ = 8tσ′(2 − 3t²), σ⁽⁵⁾ = 8σ′(2 − 15t² + 15t⁴)
    ///   (the polynomials P_n(t) of d^n tanh/dz^n, P_{n+1} = (1 − t²) P_n′(t)).
    /// - sin: σ⁗ = sin z, σ⁽⁵⁾ = cos z.
    /// - gelu, with φ′ = −zφ: σ⁗ = φ(−z⁴ + 7z² − 4), σ⁽⁵⁾ = φ(z⁵ − 11z³ + 18z).
    /// - softplus, σ′ = s (the logistic function), s′ = s(1 − s):
    ///   σ⁗ = s‴ = s′(1 − 6s + 6s²), σ⁽⁵⁾ = s⁗ = s′(1 − 2s)(1 − 12s + 12s²)
    ///   (Minai & Williams 1993, "On the derivatives of the sigmoid").
    /// - swish z·s: by Leibniz σ⁽ⁿ⁾ = n s⁽ⁿ⁻¹⁾ + z s⁽ⁿ⁾, so σ⁗ = 4s‴ + z s⁗ and
    ///   σ⁽⁵⁾ = 5s⁗ + z s⁽⁵⁾ with s⁽⁵⁾ = s′(1 − 30s + 150s² − 240s³ + 120s⁴).
    @inline(__always)
    public func higherDerivatives(_ z: Double) -> (Double, Double) {
        switch self {
        case .tanh:
            let t = Foundation.tanh(z), t2 = t * t, d1 = 1 - t2
            return (8 * t * d1 * (2 - 3 * t2), 8 * d1 * (2 - 15 * t2 + 15 * t2 * t2))
        case .sin:
            return (Foundation.sin(z), Foundation.cos(z))
        case .gelu:
            let pdf = 0.3989422804014327 * exp(-0.5 * z * z), z2 = z * z
            return (pdf * ((7 - z2) * z2 - 4), pdf * z * ((z2 - 11) * z2 + 18))
        case .softplus:
            let s = 1 / (1 + exp(-z)), ds = s * (1 - s)
            return (ds * (1 - 6 * s * (1 - s)), ds * (1 - 2 * s) * (1 - 12 * s * (1 - s)))
        case .swish:
            let s = 1 / (1 + exp(-z)), ds = s * (1 - s), q = s * (1 - s)
            let s3 = ds * (1 - 6 * q)
            let s4 = ds * (1 - 2 * s) * (1 - 12 * q)
            let s5 = ds * (1 - 30 * q + 120 * q * q)
            return (4 * s3 + z * s4, 5 * s4 + z * s5)
        }
    }
}
