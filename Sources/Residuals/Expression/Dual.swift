// MARK: - Dual

/// A forward-mode dual number: a value and its partial derivatives with respect
/// to n independent inputs,
///
///     a = (v, ∂v/∂x₁, …, ∂v/∂xₙ),
///
/// propagated by the chain rule: f(a) = (f(v), f′(v) · ∂v/∂xᵢ).
///
/// An empty `partials` array means "all partials are zero" (a constant), so
/// constants cost no allocation and mix freely with variables of any n. Two
/// non-constant duals in one operation must have the same number of partials.
///
/// Each operation allocates one partials array; this type is for gradients
/// of problem-file formulas and for checks, not for the training inner loop.
public struct Dual: ExpressionScalar, Equatable, Sendable, CustomStringConvertible {
    /// The value v.
    public var value: Double
    /// ∂v/∂xᵢ for each input i; empty when v is a constant.
    public var partials: [Double]

    /// A constant: all partials are zero.
    public init(_ value: Double) {
        self.value = value
        self.partials = []
    }

    public init(value: Double, partials: [Double]) {
        self.value = value
        self.partials = partials
    }

    /// The input xᵢ = `value` seeded with ∂xᵢ/∂xⱼ = δᵢⱼ for j in 0..<count.
    public static func variable(_ value: Double, index: Int, count: Int) -> Dual {
        precondition(index >= 0 && index < count,
                     "Dual.variable: index \(index) is outside 0..<\(count)")
        var partials = [Double](repeating: 0, count: count)
        partials[index] = 1
        return Dual(value: value, partials: partials)
    }

    /// ∂v/∂xᵢ (zero for a constant).
    public func partial(_ index: Int) -> Double {
        partials.isEmpty ? 0 : partials[index]
    }

    public var description: String {
        partials.isEmpty ? "\(value)" : "\(value) + ∂\(partials)"
    }

    // MARK: - Chain rule helpers

    /// f(a) with f′(v) = `derivative`: partials scaled by f′(v).
    @inline(__always)
    static func chain(_ a: Dual, value: Double, derivative: Double) -> Dual {
        if a.partials.isEmpty { return Dual(value) }
        return Dual(value: value, partials: a.partials.map { derivative * $0 })
    }

    /// The partials ca · ∂a + cb · ∂b, treating an empty array as zero.
    @inline(__always)
    static func combine(_ a: [Double], _ ca: Double, _ b: [Double], _ cb: Double) -> [Double] {
        if a.isEmpty { return b.isEmpty ? [] : b.map { cb * $0 } }
        if b.isEmpty { return a.map { ca * $0 } }
        precondition(a.count == b.count,
                     "Dual: operands carry \(a.count) and \(b.count) partials; they must match")
        return [Double](unsafeUninitializedCapacity: a.count) { buffer, count in
            for i in 0..<a.count { buffer[i] = ca * a[i] + cb * b[i] }
            count = a.count
        }
    }

    // MARK: - Arithmetic

    public static func + (lhs: Dual, rhs: Dual) -> Dual {
        Dual(value: lhs.value + rhs.value, partials: combine(lhs.partials, 1, rhs.partials, 1))
    }

    public static func - (lhs: Dual, rhs: Dual) -> Dual {
        Dual(value: lhs.value - rhs.value, partials: combine(lhs.partials, 1, rhs.partials, -1))
    }

    /// ∂(ab) = b ∂a + a ∂b.
    public static func * (lhs: Dual, rhs: Dual) -> Dual {
        Dual(value: lhs.value * rhs.value,
             partials: combine(lhs.partials, rhs.value, rhs.partials, lhs.value))
    }

    /// ∂(a/b) = ∂a / b − a ∂b / b².
    public static func / (lhs: Dual, rhs: Dual) -> Dual {
        let inverse = 1 / rhs.value
        return Dual(value: lhs.value / rhs.value,
                    partials: combine(lhs.partials, inverse,
                                      rhs.partials, -lhs.value * inverse * inverse))
    }

    public static prefix func - (operand: Dual) -> Dual {
        Dual(value: -operand.value, partials: operand.partials.map { -$0 })
    }

    // MARK: - Powers

    /// ∂(xⁿ) = n xⁿ⁻¹ ∂x, with the value by repeated squaring (as for Double).
    public static func pow(_ base: Dual, _ exponent: Int) -> Dual {
        let value = Double.pow(base.value, exponent)
        let slope = exponent == 0 ? 0 : Double(exponent) * Double.pow(base.value, exponent - 1)
        return chain(base, value: value, derivative: slope)
    }

    /// ∂(x^c) = c x^(c−1) ∂x.
    public static func pow(_ base: Dual, _ exponent: Double) -> Dual {
        let value = Double.pow(base.value, exponent)
        let slope = exponent == 0 ? 0 : exponent * Double.pow(base.value, exponent - 1)
        return chain(base, value: value, derivative: slope)
    }

    /// a^b = exp(b log a): ∂(a^b) = b a^(b−1) ∂a + a^b log(a) ∂b.
    ///
    /// The log a term is left out when ∂b is zero, so a negative base with a
    /// constant exponent keeps a finite derivative.
    public static func pow(_ base: Dual, _ exponent: Dual) -> Dual {
        if exponent.partials.isEmpty { return pow(base, exponent.value) }
        let value = Double.pow(base.value, exponent.value)
        let slopeBase = base.partials.isEmpty
            ? 0 : exponent.value * Double.pow(base.value, exponent.value - 1)
        return Dual(value: value,
                    partials: combine(base.partials, slopeBase,
                                      exponent.partials, value * Double.log(base.value)))
    }

    // MARK: - Elementary functions

    public static func sin(_ x: Dual) -> Dual {
        chain(x, value: Double.sin(x.value), derivative: Double.cos(x.value))
    }

    public static func cos(_ x: Dual) -> Dual {
        chain(x, value: Double.cos(x.value), derivative: -Double.sin(x.value))
    }

    /// tan′ = 1 + tan².
    public static func tan(_ x: Dual) -> Dual {
        let t = Double.tan(x.value)
        return chain(x, value: t, derivative: 1 + t * t)
    }

    public static func exp(_ x: Dual) -> Dual {
        let e = Double.exp(x.value)
        return chain(x, value: e, derivative: e)
    }

    public static func log(_ x: Dual) -> Dual {
        chain(x, value: Double.log(x.value), derivative: 1 / x.value)
    }

    /// sqrt′ = 1 / (2 √x).
    public static func sqrt(_ x: Dual) -> Dual {
        let root = x.value.squareRoot()
        return chain(x, value: root, derivative: 0.5 / root)
    }

    /// tanh′ = 1 − tanh².
    public static func tanh(_ x: Dual) -> Dual {
        let t = Double.tanh(x.value)
        return chain(x, value: t, derivative: 1 - t * t)
    }

    /// abs′ = sign(x), taken as 0 at x = 0 (the minimal-norm subgradient).
    public static func abs(_ x: Dual) -> Dual {
        let sign: Double = x.value > 0 ? 1 : (x.value < 0 ? -1 : 0)
        return chain(x, value: x.value.magnitude, derivative: sign)
    }

    // MARK: - Elementary rule

    public var primal: Double { value }

    /// ∂φ(x) = φ′ ∂x (φ″ is not needed at first order).
    public static func elementary(_ x: Dual, value: Double, first: Double, second: Double) -> Dual {
        chain(x, value: value, derivative: first)
    }

    /// ∂φ(a, b) = φ_a ∂a + φ_b ∂b.
    public static func elementary(_ a: Dual, _ b: Dual, value: Double, gradient: (Double, Double),
                                  hessian: (aa: Double, ab: Double, bb: Double)) -> Dual {
        Dual(value: value, partials: combine(a.partials, gradient.0, b.partials, gradient.1))
    }
}
