/// Points on a domain's boundary with their outward unit normals, point-major
/// like the points, and the part each lies on (an index into `partNames`).
public struct BoundarySample: Sendable {
    public var points: PointSet
    /// n_i = normals[i·D ..< (i+1)·D].
    public var normals: [Double]
    public var part: [Int]
    /// The parts sampled, in order.
    public var partNames: [String]
}

// MARK: - Boundary parts

extension Geometry {
    /// The names of the boundary parts, in order (cheap: no clipping is computed).
    public var partNames: [String] { rawParts().map(\.name) }

    /// The boundary parts with their clipping computed; together they cover the
    /// boundary once (a seam where two parts meet belongs to both).
    public var boundaryParts: [BoundaryPart] { rawParts().map { $0.clipped() } }

    /// The parts of the boundary before clipping is computed.
    func rawParts() -> [BoundaryPart] {
        func filtered(_ parts: [BoundaryPart], by shape: Geometry, inside: Bool, flip: Bool = false,
                      union: Bool = false) -> [BoundaryPart] {
            parts.map { p in
                var q = p
                q.filters.append(.init(shape: shape, keepInside: inside, fromUnion: union))
                if flip { q.flipped.toggle() }
                return q
            }
        }
        switch node {
        case .disk(let c, let r): return [BoundaryPart(name: "circle", piece: .circle(center: c, radius: r, sign: 1))]
        case .annulus(let c, let r, let R):
            return [BoundaryPart(name: "outer", piece: .circle(center: c, radius: R, sign: 1)),
                    BoundaryPart(name: "hole", piece: .circle(center: c, radius: r, sign: -1))]
        case .ball(let c, let r): return [BoundaryPart(name: "sphere", piece: .sphere(center: c, radius: r, sign: 1))]
        case .polygon(let v, let o):
            return v.indices.map { k in
                let (a, b) = (v[k], v[(k + 1) % v.count])
                let L = Geometry.norm([b[0] - a[0], b[1] - a[1]])
                return BoundaryPart(name: "edge\(k)", piece: .segment(a: a, b: b, normal: [o * (b[1] - a[1]) / L, -o * (b[0] - a[0]) / L]))
            }
        case .box(let lo, let hi):
            let names = Geometry.faceNames(lower: lo, upper: hi)
            if dimension == 2 {
                let (x0, y0, x1, y1) = (lo[0], lo[1], hi[0], hi[1])
                return [BoundaryPart(name: names[0], piece: .segment(a: [x0, y1], b: [x0, y0], normal: [-1, 0])),
                        BoundaryPart(name: names[1], piece: .segment(a: [x1, y0], b: [x1, y1], normal: [1, 0])),
                        BoundaryPart(name: names[2], piece: .segment(a: [x0, y0], b: [x1, y0], normal: [0, -1])),
                        BoundaryPart(name: names[3], piece: .segment(a: [x1, y1], b: [x0, y1], normal: [0, 1]))]
            }
            return (0..<6).map { BoundaryPart(name: names[$0], piece: .face(lower: lo, upper: hi, dimension: $0 / 2, upperSide: $0 % 2 == 1)) }
        case .union(let a, let b):
            return filtered(a.rawParts(), by: b, inside: false, union: true) + filtered(b.rawParts(), by: a, inside: false, union: true)
        case .intersection(let a, let b):
            return filtered(a.rawParts(), by: b, inside: true) + filtered(b.rawParts(), by: a, inside: true)
        case .difference(let a, let b):
            return filtered(a.rawParts(), by: b, inside: false) + filtered(b.rawParts(), by: a, inside: true, flip: true)
        case .named(let g, let name):
            let parts = g.rawParts()
            return parts.map { p in
                var q = p
                q.name = parts.count == 1 ? name : "\(name).\(p.name)"
                return q
            }
        }
    }

    /// The face names of a box in the variables x, y, z: `x=0`, `x=1`, `y=0`, ….
    static func faceNames(lower: [Double], upper: [Double]) -> [String] {
        func text(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)" }
        let names = ["x", "y", "z"]
        return lower.indices.flatMap { ["\(names[$0])=\(text(lower[$0]))", "\(names[$0])=\(text(upper[$0]))"] }
    }

    // MARK: - Sampling

    /// `count` points on the named parts (all by default), shared in proportion to
    /// each part's length or area (largest remainders, at least one per part), each
    /// part sampled by `rule` in its arc-length (area) parameter: `grid` evenly
    /// spaced (cell centres), `chebyshev` clustered at the part's ends, the others
    /// as in `Collocation.unitCube` with seed `seed + part index`. On a 3D part that
    /// is clipped, points outside the kept piece are rejected and the sequence
    /// continued, so a tensor rule there gives about `count` points.
    public func boundaryPoints(parts names: [String]? = nil, rule: SamplingRule, count: Int,
                               seed: UInt64) throws(ProblemError) -> BoundarySample {
        let all = boundaryParts
        var chosen: [Int] = []
        for n in names ?? all.map(\.name) {
            guard let k = all.firstIndex(where: { $0.name == n }) else {
                throw .invalid(field: "on", "\"\(n)\" is not a boundary part; parts: \(all.map(\.name).joined(separator: ", "))")
            }
            if !chosen.contains(k) { chosen.append(k) }
        }
        chosen = chosen.filter { all[$0].measure > 0 }
        guard !chosen.isEmpty else { throw .invalid(field: "on", "the parts named have no length: they lie inside the other shapes") }
        guard count >= chosen.count else { throw .invalid(field: "count", "must be at least \(chosen.count), one per part") }
        let measures = chosen.map { all[$0].measure }, total = measures.reduce(0, +)
        var shares = measures.map { max(1, Int((Double(count) * $0 / total).rounded(.down))) }
        let order = chosen.indices.sorted {
            (Double(count) * measures[$0] / total).truncatingRemainder(dividingBy: 1)
                > (Double(count) * measures[$1] / total).truncatingRemainder(dividingBy: 1)
        }
        var k = 0
        while shares.reduce(0, +) < count { shares[order[k % order.count]] += 1; k += 1 }
        var sample = BoundarySample(points: PointSet(dimension: dimension, coordinates: []), normals: [], part: [],
                                    partNames: chosen.map { all[$0].name })
        var coords: [Double] = []
        for (j, p) in chosen.enumerated() {
            let part = all[p]
            for x in try part.sample(rule: rule, count: shares[j], seed: seed &+ UInt64(p)) {
                coords += x
                sample.normals += part.normal(at: x)
                sample.part.append(j)
            }
        }
        sample.points = PointSet(dimension: dimension, coordinates: coords)
        return sample
    }
}

extension BoundaryPart {
    /// About `count` points of the kept part by `rule` (exactly `count` on curves).
    func sample(rule: SamplingRule, count n: Int, seed: UInt64) throws(ProblemError) -> [[Double]] {
        if parameterDimension == 1 {
            let u: [Double]
            switch rule {
            case .grid: u = (0..<n).map { (Double($0) + 0.5) / Double(n) }
            case .chebyshev: u = Collocation.chebyshevNodes(n)
            default: u = Collocation.unitCube(rule, count: n, dimension: 1, seed: seed)
            }
            return u.map { point([parameter(atKeptFraction: $0)]) }
        }
        // Surfaces: draw more than needed when clipped, keep the points on the kept piece.
        var m = filters.isEmpty ? n : Int((Double(n) / max(keptFraction, 1e-6)).rounded(.up)) + 8
        while true {
            let t: [Double]
            if rule.isTensor {
                let side = max(1, Int(Double(m).squareRoot().rounded()))
                let nodes = rule == .grid ? (0..<side).map { (Double($0) + 0.5) / Double(side) } : Collocation.chebyshevNodes(side)
                t = Collocation.tensor([nodes, nodes]).coordinates
            } else {
                t = Collocation.unitCube(rule, count: m, dimension: 2, seed: seed)
            }
            let kept = stride(from: 0, to: t.count, by: 2).lazy.map { self.point([t[$0], t[$0 + 1]]) }.filter { self.keeps($0) }
            if rule.isTensor { return Array(kept) }
            let first = Array(kept.prefix(n))
            if first.count == n { return first }
            guard let next = CheckedSize.product(m, 2), next <= 1 << 26,
                  Double(first.count) * Double(1 << 26) / Double(m) >= Double(n) else {
                throw .invalid(field: "on", "part \"\(name)\": too little of it is kept to place \(n) points")
            }
            m = next
        }
    }
}
