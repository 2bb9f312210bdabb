// MARK: - Dual8

/// A forward-mode dual number with at most eight partial derivatives held
/// inline in a `SIMD8<Double>` — the same chain rule as ``Dual``, without the
/// per-operation allocation, for residuals evaluated at every collocation point
/// of every step. Unused lanes stay zero.
public struct Dual8: ExpressionScalar, Sendable {
    /// The value v.
    public var value: Double
    /// ∂v/∂xᵢ in lane i (zero beyond the seeded inputs).
    public var partials: SIMD8<Double>

    /// The most inputs a `Dual8` can carry.
    public static let capacity = 8

    public init(_ value: Double) { self.value = value; partials = .zero }
    public init(value: Double, partials: SIMD8<Double>) { self.value = value; self.partials = partials }

    /// The input xᵢ = `value` with ∂xᵢ/∂xⱼ = δᵢⱼ.
    public static func variable(_ value: Double, index: Int) -> Dual8 {
        precondition(index >= 0 && index < capacity, "Dual8.variable: index \(index) outside 0..<\(capacity)")
        var p = SIMD8<Double>.zero
        p[index] = 1
        return Dual8(value: value, partials: p)
    }

    @inline(__always) static func chain(_ a: Dual8, value: Double, derivative: Double) -> Dual8 {
        Dual8(value: value, partials: derivative * a.partials)
    }

    public static func + (a: Dual8, b: Dual8) -> Dual8 { Dual8(value: a.value + b.value, partials: a.partials + b.partials) }
    public static func - (a: Dual8, b: Dual8) -> Dual8 { Dual8(value: a.value - b.value, partials: a.partials - b.partials) }
    public static prefix func - (a: Dual8) -> Dual8 { Dual8(value: -a.value, partials: -a.partials) }
    /// ∂(ab) = b ∂a + a ∂b.
    public static func * (a: Dual8, b: Dual8) -> Dual8 {
        Dual8(value: a.value * b.value, partials: b.value * a.partials + a.value * b.partials)
    }
    /// ∂(a/b) = ∂a / b − a ∂b / b².
    public static func / (a: Dual8, b: Dual8) -> Dual8 {
        let inverse = 1 / b.value
        return Dual8(value: a.value / b.value, partials: inverse * a.partials - (a.value * inverse * inverse) * b.partials)
    }

    /// ∂(xⁿ) = n xⁿ⁻¹ ∂x.
    public static func pow(_ base: Dual8, _ exponent: Int) -> Dual8 {
        let slope = exponent == 0 ? 0 : Double(exponent) * Double.pow(base.value, exponent - 1)
        return chain(base, value: Double.pow(base.value, exponent), derivative: slope)
    }
    /// ∂(x^c) = c x^(c−1) ∂x.
    public static func pow(_ base: Dual8, _ exponent: Double) -> Dual8 {
        let slope = exponent == 0 ? 0 : exponent * Double.pow(base.value, exponent - 1)
        return chain(base, value: Double.pow(base.value, exponent), derivative: slope)
    }
    /// ∂(a^b) = b a^(b−1) ∂a + a^b log(a) ∂b; the log term is skipped when ∂b = 0 (as ``Dual``).
    public static func pow(_ base: Dual8, _ exponent: Dual8) -> Dual8 {
        if exponent.partials == .zero { return pow(base, exponent.value) }
        let value = Double.pow(base.value, exponent.value)
        let slopeBase = base.partials == .zero ? 0 : exponent.value * Double.pow(base.value, exponent.value - 1)
        return Dual8(value: value, partials: slopeBase * base.partials + (value * Double.log(base.value)) * exponent.partials)
    }

    public static func sin(_ x: Dual8) -> Dual8 { chain(x, value: Double.sin(x.value), derivative: Double.cos(x.value)) }
    public static func cos(_ x: Dual8) -> Dual8 { chain(x, value: Double.cos(x.value), derivative: -Double.sin(x.value)) }
    /// tan′ = 1 + tan².
    public static func tan(_ x: Dual8) -> Dual8 { let t = Double.tan(x.value); return chain(x, value: t, derivative: 1 + t * t) }
    public static func exp(_ x: Dual8) -> Dual8 { let e = Double.exp(x.value); return chain(x, value: e, derivative: e) }
    public static func log(_ x: Dual8) -> Dual8 { chain(x, value: Double.log(x.value), derivative: 1 / x.value) }
    /// sqrt′ = 1 / (2 √x).
    public static func sqrt(_ x: Dual8) -> Dual8 {
        let root = x.value.squareRoot()
        return chain(x, value: root, derivative: 0.5 / root)
    }
    /// tanh′ = 1 − tanh².
    public static func tanh(_ x: Dual8) -> Dual8 { let t = Double.tanh(x.value); return chain(x, value: t, derivative: 1 - t * t) }
    /// abs′ = sign(x), 0 at x = 0 (as ``Dual``).
    public static func abs(_ x: Dual8) -> Dual8 {
        chain(x, value: x.value.magnitude, derivative: x.value > 0 ? 1 : (x.value < 0 ? -1 : 0))
    }

    public var primal: Double { value }

    /// ∂φ(x) = φ′ ∂x.
    public static func elementary(_ x: Dual8, value: Double, first: Double, second: Double) -> Dual8 {
        chain(x, value: value, derivative: first)
    }

    /// ∂φ(a, b) = φ_a ∂a + φ_b ∂b.
    public static func elementary(_ a: Dual8, _ b: Dual8, value: Double, gradient: (Double, Double),
                                  hessian: (aa: Double, ab: Double, bb: Double)) -> Dual8 {
        Dual8(value: value, partials: gradient.0 * a.partials + gradient.1 * b.partials)
    }
}
