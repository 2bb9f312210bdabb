#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value with its gradient and Hessian in D variables: second-order forward-mode
/// differentiation, so a formula evaluated on these gives f, ∇f and ∇²f exactly
/// (used for the jets of hard-constraint functions g and d, and any term that needs
/// second derivatives of given data).
///
/// Rules: (ab)″ = a b″ + b a″ + a′b′ᵀ + b′a′ᵀ, and for a scalar function φ,
/// φ(a)′ = φ′ a′, φ(a)″ = φ′ a″ + φ″ a′a′ᵀ (Griewank & Walther, *Evaluating
/// Derivatives*, 2nd ed., ch. 13).
public struct SecondOrderJet: ExpressionScalar, Equatable, Sendable {
    public var value: Double
    /// ∂f/∂x_d; empty means a constant (all zero).
    public var gradient: [Double]
    /// ∂²f/∂x_p∂x_q, row-major D × D; empty for a constant or a linear function.
    public var hessian: [Double]

    public init(_ value: Double) { self.value = value; gradient = []; hessian = [] }

    public init(value: Double, gradient: [Double], hessian: [Double]) {
        precondition(hessian.isEmpty || hessian.count == gradient.count * gradient.count,
                     "SecondOrderJet: Hessian has \(hessian.count) entries for \(gradient.count) variables")
        self.value = value; self.gradient = gradient; self.hessian = hessian
    }

    /// Variable `index` of `count` at `value`.
    public static func variable(_ value: Double, index: Int, count: Int) -> SecondOrderJet {
        var g = [Double](repeating: 0, count: count)
        g[index] = 1
        return SecondOrderJet(value: value, gradient: g, hessian: [])
    }

    private var dimension: Int { gradient.count }

    /// The chain rule for φ(self) with φ′ = d1, φ″ = d2.
    private func map(_ v: Double, _ d1: Double, _ d2: Double) -> SecondOrderJet {
        let n = dimension
        guard n > 0 else { return SecondOrderJet(v) }
        let g = gradient.map { d1 * $0 }
        var h = [Double](repeating: 0, count: n * n)
        for p in 0..<n {
            for q in 0..<n {
                h[p * n + q] = (hessian.isEmpty ? 0 : d1 * hessian[p * n + q]) + d2 * gradient[p] * gradient[q]
            }
        }
        return SecondOrderJet(value: v, gradient: g, hessian: h)
    }

    private static func combine(_ a: SecondOrderJet, _ b: SecondOrderJet,
                                _ f: (Double, Double) -> Double) -> (g: [Double], h: [Double]) {
        let n = max(a.dimension, b.dimension)
        let g = (0..<n).map { f(a.gradient.isEmpty ? 0 : a.gradient[$0], b.gradient.isEmpty ? 0 : b.gradient[$0]) }
        if a.hessian.isEmpty && b.hessian.isEmpty { return (g, []) }
        let h = (0..<(n * n)).map { f(a.hessian.isEmpty ? 0 : a.hessian[$0], b.hessian.isEmpty ? 0 : b.hessian[$0]) }
        return (g, h)
    }

    public static func + (a: SecondOrderJet, b: SecondOrderJet) -> SecondOrderJet {
        let (g, h) = combine(a, b, +)
        return SecondOrderJet(value: a.value + b.value, gradient: g, hessian: h)
    }

    public static func - (a: SecondOrderJet, b: SecondOrderJet) -> SecondOrderJet {
        let (g, h) = combine(a, b, -)
        return SecondOrderJet(value: a.value - b.value, gradient: g, hessian: h)
    }

    public static prefix func - (a: SecondOrderJet) -> SecondOrderJet {
        SecondOrderJet(value: -a.value, gradient: a.gradient.map { -$0 }, hessian: a.hessian.map { -$0 })
    }

    public static func * (a: SecondOrderJet, b: SecondOrderJet) -> SecondOrderJet {
        let n = max(a.dimension, b.dimension)
        guard n > 0 else { return SecondOrderJet(a.value * b.value) }
        func ga(_ i: Int) -> Double { a.gradient.isEmpty ? 0 : a.gradient[i] }
        func gb(_ i: Int) -> Double { b.gradient.isEmpty ? 0 : b.gradient[i] }
        func ha(_ i: Int) -> Double { a.hessian.isEmpty ? 0 : a.hessian[i] }
        func hb(_ i: Int) -> Double { b.hessian.isEmpty ? 0 : b.hessian[i] }
        let g = (0..<n).map { a.value * gb($0) + b.value * ga($0) }
        var h = [Double](repeating: 0, count: n * n)
        for p in 0..<n {
            for q in 0..<n {
                h[p * n + q] = a.value * hb(p * n + q) + b.value * ha(p * n + q) + ga(p) * gb(q) + gb(p) * ga(q)
            }
        }
        return SecondOrderJet(value: a.value * b.value, gradient: g, hessian: h)
    }

    public static func / (a: SecondOrderJet, b: SecondOrderJet) -> SecondOrderJet {
        let inv = 1 / b.value
        return a * b.map(inv, -inv * inv, 2 * inv * inv * inv)
    }

    public static func pow(_ base: SecondOrderJet, _ exponent: Double) -> SecondOrderJet {
        let x = base.value
        return base.map(Glibc.pow(x, exponent), exponent * Glibc.pow(x, exponent - 1),
                        exponent * (exponent - 1) * Glibc.pow(x, exponent - 2))
    }

    public static func pow(_ base: SecondOrderJet, _ exponent: SecondOrderJet) -> SecondOrderJet {
        if exponent.gradient.isEmpty { return pow(base, exponent.value) }
        return exp(exponent * log(base))
    }

    public static func sin(_ x: SecondOrderJet) -> SecondOrderJet {
        let (s, c) = (Glibc.sin(x.value), Glibc.cos(x.value))
        return x.map(s, c, -s)
    }

    public static func cos(_ x: SecondOrderJet) -> SecondOrderJet {
        let (s, c) = (Glibc.sin(x.value), Glibc.cos(x.value))
        return x.map(c, -s, -c)
    }

    public static func tan(_ x: SecondOrderJet) -> SecondOrderJet {
        let t = Glibc.tan(x.value), sec2 = 1 + t * t
        return x.map(t, sec2, 2 * t * sec2)
    }

    public static func exp(_ x: SecondOrderJet) -> SecondOrderJet {
        let e = Glibc.exp(x.value)
        return x.map(e, e, e)
    }

    public static func log(_ x: SecondOrderJet) -> SecondOrderJet {
        x.map(Glibc.log(x.value), 1 / x.value, -1 / (x.value * x.value))
    }

    public static func sqrt(_ x: SecondOrderJet) -> SecondOrderJet {
        let r = Glibc.sqrt(x.value)
        return x.map(r, 0.5 / r, -0.25 / (r * x.value))
    }

    public static func tanh(_ x: SecondOrderJet) -> SecondOrderJet {
        let t = Glibc.tanh(x.value), d = 1 - t * t
        return x.map(t, d, -2 * t * d)
    }

    public static func abs(_ x: SecondOrderJet) -> SecondOrderJet {
        x.map(Swift.abs(x.value), x.value < 0 ? -1 : 1, 0)
    }

    // MARK: - Elementary rule

    public var primal: Double { value }

    public static func elementary(_ x: SecondOrderJet, value: Double, first: Double,
                                  second: Double) -> SecondOrderJet {
        x.map(value, first, second)
    }

    /// ∇φ = φ_a ∇a + φ_b ∇b;
    /// ∇²φ = φ_a ∇²a + φ_b ∇²b + φ_aa ∇a∇aᵀ + φ_ab (∇a∇bᵀ + ∇b∇aᵀ) + φ_bb ∇b∇bᵀ.
    public static func elementary(_ a: SecondOrderJet, _ b: SecondOrderJet, value: Double,
                                  gradient: (Double, Double),
                                  hessian: (aa: Double, ab: Double, bb: Double)) -> SecondOrderJet {
        let n = max(a.dimension, b.dimension)
        guard n > 0 else { return SecondOrderJet(value) }
        func ga(_ i: Int) -> Double { a.gradient.isEmpty ? 0 : a.gradient[i] }
        func gb(_ i: Int) -> Double { b.gradient.isEmpty ? 0 : b.gradient[i] }
        func ha(_ i: Int) -> Double { a.hessian.isEmpty ? 0 : a.hessian[i] }
        func hb(_ i: Int) -> Double { b.hessian.isEmpty ? 0 : b.hessian[i] }
        let (fa, fb) = gradient
        let g = (0..<n).map { fa * ga($0) + fb * gb($0) }
        var h = [Double](repeating: 0, count: n * n)
        for p in 0..<n {
            for q in 0..<n {
                h[p * n + q] = fa * ha(p * n + q) + fb * hb(p * n + q)
                    + hessian.aa * ga(p) * ga(q) + hessian.ab * (ga(p) * gb(q) + gb(p) * ga(q))
                    + hessian.bb * gb(p) * gb(q)
            }
        }
        return SecondOrderJet(value: value, gradient: g, hessian: h)
    }
}
