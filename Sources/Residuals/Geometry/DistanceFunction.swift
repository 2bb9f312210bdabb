#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A function of the coordinates whose value and exact first and second
/// derivatives a hard constraint u = g + d·N needs: a formula (`MathExpression`)
/// or an approximate distance function built from a shape (`DistanceFunction`).
public protocol ConstraintFunction: Sendable {
    /// The value at x.
    func value(at x: [Double]) -> Double
    /// The value, gradient and Hessian at x (x seeded as `SecondOrderJet.variable`s).
    func jet(at x: [SecondOrderJet]) -> SecondOrderJet
}

extension ConstraintFunction {
    /// Values at point-major points.
    public func values(points: [Double], dimension: Int) -> [Double] {
        stride(from: 0, to: points.count, by: dimension).map { value(at: Array(points[$0..<($0 + dimension)])) }
    }
}

extension MathExpression: ConstraintFunction {
    public func value(at x: [Double]) -> Double { evaluate(x) }
    public func jet(at x: [SecondOrderJet]) -> SecondOrderJet { evaluate(x) }
}

/// A number the distance functions compute with: `Double` for values,
/// `SecondOrderJet` for derivatives; `plain` is its value (for inside tests).
public protocol DistanceScalar: ExpressionScalar {
    var plain: Double { get }
}

extension Double: DistanceScalar { public var plain: Double { self } }
extension SecondOrderJet: DistanceScalar { public var plain: Double { value } }

/// An approximate distance function (ADF) φ of a shape's boundary, or of some of
/// its parts, by R-functions (Rvachev; N. Sukumar and A. Srivastava, "Exact
/// imposition of boundary conditions with distance functions in physics-informed
/// deep neural networks", CMAME 389, 2022): φ = 0 exactly on the boundary, φ > 0
/// inside, and φ normalised to first order (∂φ/∂n = −1 on the boundary away from
/// corners), smooth inside. As `d` of a hard constraint u = g + φ·N it makes u = g
/// exactly on the boundary without a formula for d.
///
/// - Primitives: a disk (r² − |x − c|²)/2r, a ball alike, an annulus and a box by
///   R-conjunction of their circles or half-planes, a polygon by the R-equivalence
///   φ = 1/Σ 1/φ_i of its edges' trimmed segment functions
///   φ_i = √(f² + ((√(t² + f⁴) − t)/2)²), f the signed distance to the edge's line
///   and t = ((L/2)² − |x − x_c|²)/L the trimming disk (Sukumar & Srivastava §4),
///   with the polygon's inside test for the sign.
/// - Combinations: R₀-conjunction φ₁ ∧ φ₂ = φ₁ + φ₂ − √(φ₁² + φ₂²) for A ∩ B,
///   disjunction φ₁ + φ₂ + √(φ₁² + φ₂²) for A ∪ B, A \ B = A ∧ ¬B with ¬φ = −φ.
/// - Some parts only (`parts`): the R-equivalence of the parts' own unsigned
///   functions (circles |r² − ρ²|/2r, trimmed segments and box faces), so φ
///   vanishes on those parts and not on the others (which may carry Neumann
///   conditions). A part that a union clips cannot be chosen: the rest of its
///   circle or segment would lie inside the domain.
public struct DistanceFunction: ConstraintFunction {
    public let geometry: Geometry
    /// The parts φ vanishes on; nil for the whole boundary.
    public let parts: [String]?
    private let pieces: [BoundaryPart]

    /// Throws when a part is unknown or clipped by a union.
    public init(_ geometry: Geometry, parts: [String]? = nil) throws(ProblemError) {
        self.geometry = geometry
        self.parts = parts
        guard let parts else { pieces = []; return }
        let all = geometry.rawParts()
        var chosen: [BoundaryPart] = []
        for name in parts {
            guard let p = all.first(where: { $0.name == name }) else {
                throw .invalid(field: "on", "\"\(name)\" is not a boundary part; parts: \(all.map(\.name).joined(separator: ", "))")
            }
            guard !p.filters.contains(where: \.fromUnion) else {
                throw .invalid(field: "on", "part \"\(name)\" is cut by a union, so its distance function would vanish inside the domain; use the whole boundary")
            }
            chosen.append(p)
        }
        guard !chosen.isEmpty else { throw .invalid(field: "on", "name at least one boundary part") }
        pieces = chosen
    }

    public func value(at x: [Double]) -> Double { phi(x) }
    public func jet(at x: [SecondOrderJet]) -> SecondOrderJet { phi(x) }

    func phi<S: DistanceScalar>(_ x: [S]) -> S {
        guard parts != nil else { return geometry.adf(x) }
        // R-equivalence 1/Σ 1/φ_i written as Π φ_i / Σ_j Π_{i≠j} φ_i, finite on a part (one φ_i = 0).
        let phis = pieces.map { $0.adf(x) }
        if phis.count == 1 { return phis[0] }
        var numerator = S(1), denominator = S(0)
        for (j, _) in phis.enumerated() {
            numerator = numerator * phis[j]
            var others = S(1)
            for (i, p) in phis.enumerated() where i != j { others = others * p }
            denominator = denominator + others
        }
        return numerator / denominator
    }
}

// MARK: - R-functions

@inline(__always) func rAnd<S: ExpressionScalar>(_ a: S, _ b: S) -> S { a + b - S.sqrt(a * a + b * b) }
@inline(__always) func rOr<S: ExpressionScalar>(_ a: S, _ b: S) -> S { a + b + S.sqrt(a * a + b * b) }

extension Geometry {
    /// The signed ADF of the whole boundary: > 0 inside, < 0 outside.
    func adf<S: DistanceScalar>(_ x: [S]) -> S {
        func squaredDistance(_ c: [Double]) -> S { zip(x, c).reduce(S(0)) { $0 + ($1.0 - S($1.1)) * ($1.0 - S($1.1)) } }
        switch node {
        case .disk(let c, let r), .ball(let c, let r): return (S(r * r) - squaredDistance(c)) / S(2 * r)
        case .annulus(let c, let r, let R):
            let rho2 = squaredDistance(c)
            return rAnd((S(R * R) - rho2) / S(2 * R), (rho2 - S(r * r)) / S(2 * r))
        case .box(let lo, let hi):
            var phi = x[0] - S(lo[0])
            phi = rAnd(phi, S(hi[0]) - x[0])
            for d in 1..<dimension { phi = rAnd(rAnd(phi, x[d] - S(lo[d])), S(hi[d]) - x[d]) }
            return phi
        case .polygon:
            let parts = rawParts()
            let phis = parts.map { $0.adf(x) }
            var numerator = S(1), denominator = S(0)
            for j in phis.indices {
                numerator = numerator * phis[j]
                var others = S(1)
                for i in phis.indices where i != j { others = others * phis[i] }
                denominator = denominator + others
            }
            let unsigned = numerator / denominator
            return contains(x.map(\.plain)) ? unsigned : -unsigned
        case .union(let a, let b): return rOr(a.adf(x), b.adf(x))
        case .intersection(let a, let b): return rAnd(a.adf(x), b.adf(x))
        case .difference(let a, let b): return rAnd(a.adf(x), -b.adf(x))
        case .named(let g, _): return g.adf(x)
        }
    }
}

extension BoundaryPart {
    /// The unsigned ADF of this part's whole piece: a circle or sphere |r² − ρ²|/2r, a
    /// segment or box face trimmed to its extent (Sukumar & Srivastava 2022, §4.1).
    func adf<S: DistanceScalar>(_ x: [S]) -> S {
        switch piece {
        case .circle(let c, let r, _), .sphere(let c, let r, _):
            let rho2 = zip(x, c).reduce(S(0)) { $0 + ($1.0 - S($1.1)) * ($1.0 - S($1.1)) }
            return S.abs(S(r * r) - rho2) / S(2 * r)
        case .segment(let a, let b, _):
            let L = hypot(b[0] - a[0], b[1] - a[1])
            let f = ((x[0] - S(a[0])) * S(b[1] - a[1]) - (x[1] - S(a[1])) * S(b[0] - a[0])) / S(L)
            let (mx, my) = (S((a[0] + b[0]) / 2), S((a[1] + b[1]) / 2))
            let t = (S(L * L / 4) - (x[0] - mx) * (x[0] - mx) - (x[1] - my) * (x[1] - my)) / S(L)
            return Self.trimmed(f: f, t: t)
        case .face(let lo, let hi, let d, let up):
            let f = x[d] - S(up ? hi[d] : lo[d])
            let others = (0..<3).filter { $0 != d }
            var t = rAnd(x[others[0]] - S(lo[others[0]]), S(hi[others[0]]) - x[others[0]])
            t = rAnd(rAnd(t, x[others[1]] - S(lo[others[1]])), S(hi[others[1]]) - x[others[1]])
            return Self.trimmed(f: f, t: t)
        }
    }

    /// √(f² + ((√(t² + f⁴) − t)/2)²): zero where f = 0 and t ≥ 0.
    static func trimmed<S: ExpressionScalar>(f: S, t: S) -> S {
        let varphi = S.sqrt(t * t + f * f * f * f)
        let half = (varphi - t) / S(2)
        return S.sqrt(f * f + half * half)
    }
}
