/// A domain beyond a box: a disk, an annulus, a simple polygon, a ball, a box,
/// and their unions, intersections and differences (constructive solid
/// geometry), each with named boundary parts.
///
/// Every query a residual term needs goes through here: the inside test, seeded
/// interior sampling by every `SamplingRule` (`interiorPoints`), boundary
/// sampling by arc length or area with outward normals (`boundaryPoints`), and an
/// approximate distance function for hard constraints (`distance`). Residuals
/// asks for points and normals and never cares which shape it is.
///
/// Build one with the throwing factories (`disk`, `annulus`, `polygon`, `box`,
/// `ball`) and combine with `union`, `intersection`, `subtracting`; `named`
/// renames boundary parts (`disk.named("hole")`). In a problem file the same is
/// written `[domain] shape = "box(-1, -1, 1, 1) - disk(0, 0, 0.5) as hole"`
/// (`ShapeParser`).
public struct Geometry: Sendable, Equatable {
    indirect enum Node: Sendable, Equatable {
        case disk(center: [Double], radius: Double)
        case annulus(center: [Double], inner: Double, outer: Double)
        /// Vertices as given; `orientation` = +1 when counter-clockwise, −1 when clockwise.
        case polygon(vertices: [[Double]], orientation: Double)
        case box(lower: [Double], upper: [Double])
        case ball(center: [Double], radius: Double)
        case union(Geometry, Geometry)
        case intersection(Geometry, Geometry)
        case difference(Geometry, Geometry)
        case named(Geometry, String)
    }

    let node: Node
    /// Number of coordinates (2 or 3).
    public let dimension: Int
    /// The smallest box [lower, upper] known to hold the domain.
    public let lower: [Double]
    public let upper: [Double]

    init(_ node: Node, dimension: Int, lower: [Double], upper: [Double]) {
        self.node = node; self.dimension = dimension; self.lower = lower; self.upper = upper
    }

    // MARK: - Primitives

    /// The disk |x − c| < r in 2D. Boundary part: `"circle"`.
    public static func disk(center: [Double], radius: Double) throws(ProblemError) -> Geometry {
        try check(center, 2, "disk", "center")
        try checkRadius(radius, "disk", "radius")
        return Geometry(.disk(center: center, radius: radius), dimension: 2,
                        lower: center.map { $0 - radius }, upper: center.map { $0 + radius })
    }

    /// The annulus r < |x − c| < R in 2D. Boundary parts: `"outer"` (|x − c| = R) and `"hole"` (|x − c| = r).
    public static func annulus(center: [Double], inner: Double, outer: Double) throws(ProblemError) -> Geometry {
        try check(center, 2, "annulus", "center")
        try checkRadius(inner, "annulus", "inner radius")
        try checkRadius(outer, "annulus", "outer radius")
        guard inner < outer else { throw .invalid(field: "annulus", "needs inner radius < outer radius, got \(inner) and \(outer)") }
        return Geometry(.annulus(center: center, inner: inner, outer: outer), dimension: 2,
                        lower: center.map { $0 - outer }, upper: center.map { $0 + outer })
    }

    /// The simple polygon with these vertices (either orientation; at least 3, no
    /// two edges crossing, nonzero area). Boundary parts: `"edge0"`, `"edge1"`, …,
    /// edge k running from vertex k to vertex k + 1 (the last back to vertex 0).
    public static func polygon(_ vertices: [[Double]]) throws(ProblemError) -> Geometry {
        guard vertices.count >= 3 else { throw .invalid(field: "polygon", "needs at least 3 vertices, got \(vertices.count)") }
        for v in vertices { try check(v, 2, "polygon", "vertex") }
        let n = vertices.count
        var area2 = 0.0
        for k in 0..<n {
            let (a, b) = (vertices[k], vertices[(k + 1) % n])
            guard a != b else { throw .invalid(field: "polygon", "vertices \(k) and \((k + 1) % n) coincide at \(a)") }
            area2 += a[0] * b[1] - b[0] * a[1]
        }
        for i in 0..<n {
            for j in (i + 1)..<n where j != i + 1 && !(i == 0 && j == n - 1) {
                if segmentsIntersect(vertices[i], vertices[(i + 1) % n], vertices[j], vertices[(j + 1) % n]) {
                    throw .invalid(field: "polygon", "edges \(i) and \(j) cross; a polygon must be simple")
                }
            }
        }
        guard area2 != 0 else { throw .invalid(field: "polygon", "has zero area") }
        return Geometry(.polygon(vertices: vertices, orientation: area2 > 0 ? 1 : -1), dimension: 2,
                        lower: [0, 1].map { d in vertices.map { $0[d] }.min()! },
                        upper: [0, 1].map { d in vertices.map { $0[d] }.max()! })
    }

    /// The box [lower, upper] in 2D or 3D. Boundary parts: its faces, named as a box's
    /// are (`"x=0"`, `"y=1"`, …, variables x, y, z).
    public static func box(lower: [Double], upper: [Double]) throws(ProblemError) -> Geometry {
        guard (2...3).contains(lower.count), upper.count == lower.count else {
            throw .invalid(field: "box", "needs 2 or 3 lower and as many upper bounds, got \(lower.count) and \(upper.count)")
        }
        for d in lower.indices where !(lower[d].isFinite && upper[d].isFinite && lower[d] < upper[d]) {
            throw .invalid(field: "box", "dimension \(d): need finite lower < upper, got [\(lower[d]), \(upper[d])]")
        }
        return Geometry(.box(lower: lower, upper: upper), dimension: lower.count, lower: lower, upper: upper)
    }

    /// The ball |x − c| < r in 3D. Boundary part: `"sphere"`.
    public static func ball(center: [Double], radius: Double) throws(ProblemError) -> Geometry {
        try check(center, 3, "ball", "center")
        try checkRadius(radius, "ball", "radius")
        return Geometry(.ball(center: center, radius: radius), dimension: 3,
                        lower: center.map { $0 - radius }, upper: center.map { $0 + radius })
    }

    // MARK: - Constructive geometry

    /// A ∪ B. Its boundary: ∂A outside B and ∂B outside A.
    public func union(_ other: Geometry) throws(ProblemError) -> Geometry {
        try combined(other, .union(self, other), lower: zip(lower, other.lower).map { min($0, $1) },
                     upper: zip(upper, other.upper).map { max($0, $1) })
    }

    /// A ∩ B. Its boundary: ∂A inside B and ∂B inside A.
    public func intersection(_ other: Geometry) throws(ProblemError) -> Geometry {
        let lo = zip(lower, other.lower).map { max($0, $1) }, hi = zip(upper, other.upper).map { min($0, $1) }
        guard zip(lo, hi).allSatisfy({ $0 < $1 }) else { throw .invalid(field: "intersection", "the two shapes' bounding boxes do not overlap") }
        return try combined(other, .intersection(self, other), lower: lo, upper: hi)
    }

    /// A \ B. Its boundary: ∂A outside B and ∂B inside A (normals reversed).
    public func subtracting(_ other: Geometry) throws(ProblemError) -> Geometry {
        try combined(other, .difference(self, other), lower: lower, upper: upper)
    }

    /// The same domain with its boundary parts renamed: a single part becomes
    /// `name`, several become `name.part`.
    public func named(_ name: String) throws(ProblemError) -> Geometry {
        guard !name.isEmpty else { throw .invalid(field: "name", "a boundary name cannot be empty") }
        return Geometry(.named(self, name), dimension: dimension, lower: lower, upper: upper)
    }

    private func combined(_ other: Geometry, _ node: Node, lower: [Double], upper: [Double]) throws(ProblemError) -> Geometry {
        guard other.dimension == dimension else {
            throw .invalid(field: "shape", "cannot combine a \(dimension)D and a \(other.dimension)D shape")
        }
        let g = Geometry(node, dimension: dimension, lower: lower, upper: upper)
        let names = g.partNames
        if let twice = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw .invalid(field: "shape", "two boundary parts are both named \"\(twice)\"; rename one with `as NAME` (named(_:))")
        }
        return g
    }

    // MARK: - Checks

    private static func check(_ p: [Double], _ dim: Int, _ shape: String, _ what: String) throws(ProblemError) {
        guard p.count == dim, p.allSatisfy(\.isFinite) else {
            throw .invalid(field: shape, "\(what) needs \(dim) finite coordinates, got \(p)")
        }
    }

    private static func checkRadius(_ r: Double, _ shape: String, _ what: String) throws(ProblemError) {
        guard r.isFinite, r > 0 else { throw .invalid(field: shape, "\(what) must be finite and > 0, got \(r)") }
    }

    /// Whether the closed segments ab and cd share a point.
    static func segmentsIntersect(_ a: [Double], _ b: [Double], _ c: [Double], _ d: [Double]) -> Bool {
        func orient(_ p: [Double], _ q: [Double], _ r: [Double]) -> Double {
            (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        }
        func onSegment(_ p: [Double], _ q: [Double], _ r: [Double]) -> Bool {
            min(p[0], q[0]) <= r[0] && r[0] <= max(p[0], q[0]) && min(p[1], q[1]) <= r[1] && r[1] <= max(p[1], q[1])
        }
        let (d1, d2, d3, d4) = (orient(c, d, a), orient(c, d, b), orient(a, b, c), orient(a, b, d))
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
        return (d1 == 0 && onSegment(c, d, a)) || (d2 == 0 && onSegment(c, d, b))
            || (d3 == 0 && onSegment(a, b, c)) || (d4 == 0 && onSegment(a, b, d))
    }
}
