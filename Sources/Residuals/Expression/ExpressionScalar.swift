#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

// MARK: - ExpressionScalar

/// A number type an ``MathExpression`` can be evaluated with.
///
/// `Double` evaluates values; ``Dual`` carries first derivatives alongside
/// (forward-mode differentiation). Later jet types (value, ∂, ∂² …) only have to
/// conform to this protocol to reuse every parsed expression unchanged.
///
/// Semantics every conformer must follow, so that all scalar types agree on the
/// value part:
/// - `pow(x, n: Int)` is xⁿ by repeated squaring (exact for small n, defined
///   for negative x); a negative n gives 1 / x^|n|.
/// - `pow(x, c: Double)` is x^c for a constant real exponent c.
/// - `pow(a, b: Self)` is the general power a^b = exp(b · log a); its value
///   part is the C library `pow(a, b)`.
public protocol ExpressionScalar {
    /// A constant: its value is `value`, every derivative is zero.
    init(_ value: Double)

    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self

    /// xⁿ for an integer exponent (a default by repeated squaring is provided).
    static func pow(_ base: Self, _ exponent: Int) -> Self
    /// x^c for a constant real exponent.
    static func pow(_ base: Self, _ exponent: Double) -> Self
    /// a^b for a variable exponent: exp(b · log a).
    static func pow(_ base: Self, _ exponent: Self) -> Self

    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func tan(_ x: Self) -> Self
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func sqrt(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func abs(_ x: Self) -> Self

    /// The value part (the number itself for `Double`, v for a dual or a jet).
    var primal: Double { get }

    /// φ(x) for a scalar function φ given by its value and first two
    /// derivatives at x's value: φ(v), φ′(v), φ″(v). First-order types use φ′
    /// only (∂φ(x) = φ′ ∂x); ``SecondOrderJet`` also φ″
    /// (∇²φ(x) = φ′ ∇²x + φ″ ∇x ∇xᵀ). Every function added after the first
    /// eight (atan, asin, erf, …) is written once through this rule
    /// (``ExpressionScalar+Functions``).
    static func elementary(_ x: Self, value: Double, first: Double, second: Double) -> Self

    /// φ(a, b) for a function of two arguments given by its value, gradient
    /// (φ_a, φ_b) and Hessian (φ_aa, φ_ab, φ_bb) at the value parts:
    /// ∂φ = φ_a ∂a + φ_b ∂b, and for second order
    /// ∇²φ = φ_a ∇²a + φ_b ∇²b + φ_aa ∇a∇aᵀ + φ_ab (∇a∇bᵀ + ∇b∇aᵀ) + φ_bb ∇b∇bᵀ.
    static func elementary(_ a: Self, _ b: Self, value: Double, gradient: (Double, Double),
                           hessian: (aa: Double, ab: Double, bb: Double)) -> Self
}

// MARK: - Integer powers by repeated squaring

extension ExpressionScalar {
    /// xⁿ by binary exponentiation: ⌈log₂|n|⌉ squarings plus one multiplication
    /// per set bit of |n|. x² is exactly `x * x`; n = 0 gives 1 (also for x = 0).
    public static func pow(_ base: Self, _ exponent: Int) -> Self {
        var remaining = exponent.magnitude
        var result = Self(1.0)
        var factor = base
        var first = true
        while remaining > 0 {
            if remaining & 1 == 1 {
                // Start from the factor itself rather than 1 · factor.
                result = first ? factor : result * factor
                first = false
            }
            remaining >>= 1
            if remaining > 0 { factor = factor * factor }
        }
        return exponent < 0 ? Self(1.0) / result : result
    }
}

// MARK: - Double

/// Thin wrappers over the C math library. They live at file scope so that the
/// unqualified names resolve to the C functions, not to the static members
/// `Double.sin` etc. defined below (which would recurse).
@inline(__always) private func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) private func libmSin(_ x: Double) -> Double { sin(x) }
@inline(__always) private func libmCos(_ x: Double) -> Double { cos(x) }
@inline(__always) private func libmTan(_ x: Double) -> Double { tan(x) }
@inline(__always) private func libmExp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func libmLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func libmTanh(_ x: Double) -> Double { tanh(x) }

extension Double: ExpressionScalar {
    /// x^c and a^b through the C library `pow` (correct for negative bases with
    /// integral exponents, and more accurate than exp(b · log a)).
    @inline(__always)
    public static func pow(_ base: Double, _ exponent: Double) -> Double { libmPow(base, exponent) }

    @inline(__always) public static func sin(_ x: Double) -> Double { libmSin(x) }
    @inline(__always) public static func cos(_ x: Double) -> Double { libmCos(x) }
    @inline(__always) public static func tan(_ x: Double) -> Double { libmTan(x) }
    @inline(__always) public static func exp(_ x: Double) -> Double { libmExp(x) }
    @inline(__always) public static func log(_ x: Double) -> Double { libmLog(x) }
    @inline(__always) public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    @inline(__always) public static func tanh(_ x: Double) -> Double { libmTanh(x) }
    @inline(__always) public static func abs(_ x: Double) -> Double { x.magnitude }

    @inline(__always) public var primal: Double { self }

    @inline(__always)
    public static func elementary(_ x: Double, value: Double, first: Double, second: Double) -> Double { value }

    @inline(__always)
    public static func elementary(_ a: Double, _ b: Double, value: Double, gradient: (Double, Double),
                                  hessian: (aa: Double, ab: Double, bb: Double)) -> Double { value }
}
