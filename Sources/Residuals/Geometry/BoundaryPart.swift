#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One named piece of a domain's boundary — a segment, a circle, a sphere or a
/// box face of a primitive — with the clipping a constructive combination
/// applies to it (the part of ∂A outside B in A ∪ B, …).
///
/// It is parametrised by t ∈ [0, 1)^k (k = 1 for curves, 2 for surfaces) so that
/// uniform t is uniform in arc length or area: a segment a + t(b − a), a circle
/// c + r(cos 2πt, sin 2πt), a sphere by Archimedes' map z = 1 − 2t₁, φ = 2πt₂.
/// A 2D part's clipping is kept as intervals of t (found by bisection), so any
/// sampling rule maps onto the kept pieces by a measure-preserving map and a
/// low-discrepancy rule stays low-discrepancy; a 3D part is clipped by rejection.
public struct BoundaryPart: Sendable {
    enum Piece: Sendable {
        /// From a to b, with the unit outward normal.
        case segment(a: [Double], b: [Double], normal: [Double])
        /// A full circle; `sign` +1 when the outward normal points away from the centre.
        case circle(center: [Double], radius: Double, sign: Double)
        case sphere(center: [Double], radius: Double, sign: Double)
        /// The face x_d = lower_d (or upper_d) of a 3D box.
        case face(lower: [Double], upper: [Double], dimension: Int, upperSide: Bool)
    }

    /// A clipping condition: keep the points strictly inside `shape` (or not strictly inside).
    struct Filter: Sendable {
        let shape: Geometry
        let keepInside: Bool
        /// Whether a union made it (then the removed piece lies inside the domain).
        var fromUnion = false
        func keeps(_ x: [Double]) -> Bool { shape.contains(x) == keepInside }
    }

    public internal(set) var name: String
    let piece: Piece
    /// Normals reversed (the subtracted shape of a difference).
    var flipped = false
    var filters: [Filter] = []
    /// 2D: the kept intervals of t, sorted; nil until `clipped()`.
    private(set) var intervals: [ClosedRange<Double>]?
    /// The kept fraction of the piece's measure (estimated by Halton points in 3D).
    private(set) var keptFraction: Double = 1

    init(name: String, piece: Piece) { self.name = name; self.piece = piece }

    /// Coordinates per point.
    public var dimension: Int {
        switch piece {
        case .segment, .circle: return 2
        case .sphere, .face: return 3
        }
    }

    /// The dimension of the parameter t (1 for curves, 2 for surfaces).
    var parameterDimension: Int { dimension - 1 }

    /// The length (2D) or area (3D) of the kept part.
    public var measure: Double { pieceMeasure * keptFraction }

    /// The length or area of the whole piece, before clipping.
    var pieceMeasure: Double {
        switch piece {
        case .segment(let a, let b, _): return hypot(b[0] - a[0], b[1] - a[1])
        case .circle(_, let r, _): return 2 * Double.pi * r
        case .sphere(_, let r, _): return 4 * Double.pi * r * r
        case .face(let lo, let hi, let d, _): return (0..<3).filter { $0 != d }.reduce(1.0) { $0 * (hi[$1] - lo[$1]) }
        }
    }

    /// The point at parameter t.
    func point(_ t: [Double]) -> [Double] {
        switch piece {
        case .segment(let a, let b, _): return [a[0] + t[0] * (b[0] - a[0]), a[1] + t[0] * (b[1] - a[1])]
        case .circle(let c, let r, _):
            let phi = 2 * Double.pi * t[0]
            return [c[0] + r * cos(phi), c[1] + r * sin(phi)]
        case .sphere(let c, let r, _):
            let z = 1 - 2 * t[0], phi = 2 * Double.pi * t[1], s = max(0, 1 - z * z).squareRoot()
            return [c[0] + r * s * cos(phi), c[1] + r * s * sin(phi), c[2] + r * z]
        case .face(let lo, let hi, let d, let up):
            var p = [Double](repeating: 0, count: 3), k = 0
            for e in 0..<3 {
                if e == d { p[e] = up ? hi[e] : lo[e] } else { p[e] = lo[e] + t[k] * (hi[e] - lo[e]); k += 1 }
            }
            return p
        }
    }

    /// The unit outward normal (of the combined domain) at the boundary point x of this part.
    func normal(at x: [Double]) -> [Double] {
        var n: [Double]
        switch piece {
        case .segment(_, _, let normal): n = normal
        case .circle(let c, let r, let s), .sphere(let c, let r, let s): n = zip(x, c).map { s * ($0 - $1) / r }
        case .face(_, _, let d, let up):
            n = [0, 0, 0]
            n[d] = up ? 1 : -1
        }
        return flipped ? n.map { -$0 } : n
    }

    /// The distance from x to the whole (unclipped) piece.
    public func pieceDistance(_ x: [Double]) -> Double {
        switch piece {
        case .segment(let a, let b, _): return Geometry.segmentDistance(x, a, b)
        case .circle(let c, let r, _), .sphere(let c, let r, _): return abs(Geometry.norm(zip(x, c).map { $0 - $1 }) - r)
        case .face(let lo, let hi, let d, let up):
            var s = 0.0
            for e in 0..<3 {
                let q = e == d ? x[e] - (up ? hi[e] : lo[e]) : max(lo[e] - x[e], 0, x[e] - hi[e])
                s += q * q
            }
            return s.squareRoot()
        }
    }

    /// Whether x (a point of the piece) survives the clipping.
    func keeps(_ x: [Double]) -> Bool { filters.allSatisfy { $0.keeps(x) } }

    /// Whether x lies on this part of the boundary: within `tolerance` of the piece and kept.
    public func contains(_ x: [Double], tolerance: Double = 1e-9) -> Bool {
        x.count == dimension && pieceDistance(x) <= tolerance && keeps(x)
    }

    // MARK: - Clipping

    /// Samples on [0, 1] used to find the kept intervals of a curve, and the Halton
    /// points that estimate a surface's kept fraction.
    static let clipSamples = 4096

    /// The part with its kept intervals (2D) or kept fraction (3D) computed.
    /// A kept piece shorter than 1/`clipSamples` of the curve between two removed
    /// samples can be missed.
    func clipped() -> BoundaryPart {
        var part = self
        guard !filters.isEmpty else {
            part.intervals = parameterDimension == 1 ? [0...1] : nil
            part.keptFraction = 1
            return part
        }
        if parameterDimension == 2 {
            let u = Collocation.unitCube(.halton, count: Self.clipSamples, dimension: 2, seed: 0)
            let kept = (0..<Self.clipSamples).filter { keeps(point([u[2 * $0], u[2 * $0 + 1]])) }.count
            part.keptFraction = Double(kept) / Double(Self.clipSamples)
            return part
        }
        let K = Self.clipSamples
        let flags = (0...K).map { keeps(point([Double($0) / Double(K)])) }
        func edge(_ lo: Double, _ hi: Double, keptAtLo: Bool) -> Double {
            var (a, b) = (lo, hi)
            for _ in 0..<60 {
                let m = (a + b) / 2
                if keeps(point([m])) == keptAtLo { a = m } else { b = m }
            }
            return (a + b) / 2
        }
        var result: [ClosedRange<Double>] = [], start: Double? = flags[0] ? 0 : nil
        for k in 0..<K where flags[k] != flags[k + 1] {
            let t = edge(Double(k) / Double(K), Double(k + 1) / Double(K), keptAtLo: flags[k])
            if flags[k] { result.append(start!...t); start = nil } else { start = t }
        }
        if let s = start { result.append(s...1) }
        part.intervals = result
        part.keptFraction = result.reduce(0) { $0 + $1.upperBound - $1.lowerBound }
        return part
    }

    /// The parameter t of the kept curve at fraction u ∈ [0, 1) of its kept length.
    func parameter(atKeptFraction u: Double) -> Double {
        guard let intervals, !intervals.isEmpty else { return u }
        var s = u * keptFraction
        for iv in intervals {
            let len = iv.upperBound - iv.lowerBound
            if s < len { return iv.lowerBound + s }
            s -= len
        }
        return intervals.last!.upperBound
    }
}
