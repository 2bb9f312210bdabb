#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

// MARK: - Further elementary functions, once for every scalar type

/// C library wrappers at file scope, so that the names below resolve to the C
/// functions and not to the static members of the extension (which would recurse).
@inline(__always) func libmAtan(_ x: Double) -> Double { atan(x) }
@inline(__always) func libmAsin(_ x: Double) -> Double { asin(x) }
@inline(__always) func libmAcos(_ x: Double) -> Double { acos(x) }
@inline(__always) func libmSinh(_ x: Double) -> Double { sinh(x) }
@inline(__always) func libmCosh(_ x: Double) -> Double { cosh(x) }
@inline(__always) func libmAsinh(_ x: Double) -> Double { asinh(x) }
@inline(__always) func libmAcosh(_ x: Double) -> Double { acosh(x) }
@inline(__always) func libmAtanh(_ x: Double) -> Double { atanh(x) }
@inline(__always) func libmErf(_ x: Double) -> Double { erf(x) }
@inline(__always) func libmErfc(_ x: Double) -> Double { erfc(x) }
@inline(__always) func libmAtan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }

/// 2/√π, the factor of erf′(x) = (2/√π) e^(−x²).
private let twoOverRootPi = 1.1283791670955126

/// The functions added to the first eight, each defined by its value and its
/// first two derivatives (Abramowitz & Stegun, *Handbook of Mathematical
/// Functions*, 4.4.51–4.4.56, 4.6.39–4.6.44 and 7.1.19), through
/// ``ExpressionScalar/elementary(_:value:first:second:)``, so that `Double`,
/// ``Dual``, ``Dual8`` and ``SecondOrderJet`` all get them from one place.
///
/// Outside a function's domain (asin of 1.5, acosh of 0.5, atanh of 1) the
/// value is NaN as in C, and so are its derivatives: the solvers' non-finite
/// checks then stop with a message instead of a wrong number. At a domain's end
/// (asin at ±1) the derivative is infinite.
extension ExpressionScalar {
    /// atan′ = 1/(1 + x²), atan″ = −2x/(1 + x²)².
    public static func atan(_ x: Self) -> Self {
        let v = x.primal, s = 1 / (1 + v * v)
        return elementary(x, value: libmAtan(v), first: s, second: -2 * v * s * s)
    }

    /// asin′ = 1/√(1 − x²), asin″ = x/(1 − x²)^(3/2); NaN outside [−1, 1].
    public static func asin(_ x: Self) -> Self {
        let v = x.primal, r = 1 / (1 - v * v).squareRoot()
        return elementary(x, value: libmAsin(v), first: r, second: v * r * r * r)
    }

    /// acos′ = −1/√(1 − x²), acos″ = −x/(1 − x²)^(3/2); NaN outside [−1, 1].
    public static func acos(_ x: Self) -> Self {
        let v = x.primal, r = 1 / (1 - v * v).squareRoot()
        return elementary(x, value: libmAcos(v), first: -r, second: -v * r * r * r)
    }

    /// sinh′ = cosh, sinh″ = sinh.
    public static func sinh(_ x: Self) -> Self {
        let v = x.primal, s = libmSinh(v)
        return elementary(x, value: s, first: libmCosh(v), second: s)
    }

    /// cosh′ = sinh, cosh″ = cosh.
    public static func cosh(_ x: Self) -> Self {
        let v = x.primal, c = libmCosh(v)
        return elementary(x, value: c, first: libmSinh(v), second: c)
    }

    /// asinh′ = 1/√(1 + x²), asinh″ = −x/(1 + x²)^(3/2).
    public static func asinh(_ x: Self) -> Self {
        let v = x.primal, r = 1 / (1 + v * v).squareRoot()
        return elementary(x, value: libmAsinh(v), first: r, second: -v * r * r * r)
    }

    /// acosh′ = 1/√(x² − 1), acosh″ = −x/(x² − 1)^(3/2); NaN below 1.
    public static func acosh(_ x: Self) -> Self {
        let v = x.primal, r = 1 / (v * v - 1).squareRoot()
        return elementary(x, value: libmAcosh(v), first: r, second: -v * r * r * r)
    }

    /// atanh′ = 1/(1 − x²), atanh″ = 2x/(1 − x²)²; NaN outside [−1, 1].
    public static func atanh(_ x: Self) -> Self {
        let v = x.primal
        guard v.magnitude <= 1 else { return elementary(x, value: .nan, first: .nan, second: .nan) }
        let s = 1 / (1 - v * v)
        return elementary(x, value: libmAtanh(v), first: s, second: 2 * v * s * s)
    }

    /// erf′ = (2/√π) e^(−x²), erf″ = −2x erf′.
    public static func erf(_ x: Self) -> Self {
        let v = x.primal, d = twoOverRootPi * libmExpForErf(-v * v)
        return elementary(x, value: libmErf(v), first: d, second: -2 * v * d)
    }

    /// erfc = 1 − erf, computed without cancellation for large x:
    /// erfc′ = −(2/√π) e^(−x²), erfc″ = 2x (2/√π) e^(−x²).
    public static func erfc(_ x: Self) -> Self {
        let v = x.primal, d = twoOverRootPi * libmExpForErf(-v * v)
        return elementary(x, value: libmErfc(v), first: -d, second: 2 * v * d)
    }

    // MARK: - Two arguments

    /// atan2(y, x), the angle of (x, y) in (−π, π]. With r² = x² + y²:
    /// ∂_y = x/r², ∂_x = −y/r², ∂_yy = −2xy/r⁴, ∂_yx = (y² − x²)/r⁴, ∂_xx = 2xy/r⁴.
    /// Not differentiable at the origin (NaN derivatives there) and across the
    /// cut x < 0, y = 0 (the value jumps by 2π).
    public static func atan2(_ y: Self, _ x: Self) -> Self {
        let (b, a) = (x.primal, y.primal)
        let r2 = a * a + b * b, inv = 1 / r2, inv2 = inv * inv
        return elementary(y, x, value: libmAtan2(a, b), gradient: (b * inv, -a * inv),
                          hessian: (aa: -2 * a * b * inv2, ab: (a * a - b * b) * inv2, bb: 2 * a * b * inv2))
    }

    /// `min(a, b)` of the formula language (named `smaller` in Swift: a member
    /// named `min` would shadow `Swift.min` inside every conforming type, and
    /// `minimum` is taken by `FloatingPoint`): the smaller argument, with its derivatives: differentiable except where
    /// a = b, where the first argument's derivatives are taken. A NaN argument
    /// gives NaN (never silently the other argument).
    public static func smaller(_ a: Self, _ b: Self) -> Self {
        if a.primal.isNaN { return a }
        if b.primal.isNaN { return b }
        return b.primal < a.primal ? b : a
    }

    /// The larger argument (as ``smaller(_:_:)``: the first one's derivatives at a tie,
    /// NaN propagated).
    public static func larger(_ a: Self, _ b: Self) -> Self {
        if a.primal.isNaN { return a }
        if b.primal.isNaN { return b }
        return b.primal > a.primal ? b : a
    }
}

@inline(__always) private func libmExpForErf(_ x: Double) -> Double { exp(x) }
