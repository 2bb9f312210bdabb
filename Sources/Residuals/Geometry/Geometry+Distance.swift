#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Inside test and signed distance

extension Geometry {
    /// A signed distance s(x): negative inside, zero on the boundary, positive outside.
    ///
    /// Exact (the Euclidean distance to the boundary, with sign) for every
    /// primitive; for combinations the usual bounds of constructive geometry,
    /// min(s_A, s_B) for A ∪ B, max(s_A, s_B) for A ∩ B and max(s_A, −s_B) for
    /// A \ B (Hart, "Sphere tracing", The Visual Computer 12, 1996): exact in sign,
    /// and equal to the distance near the boundary away from the seams where
    /// two shapes' boundaries meet — so ∇s is the outward normal there.
    public func signedDistance(_ x: [Double]) -> Double {
        precondition(x.count == dimension, "signedDistance: \(x.count) coordinates for a \(dimension)D shape")
        switch node {
        case .disk(let c, let r), .ball(let c, let r):
            return Self.norm(zip(x, c).map { $0 - $1 }) - r
        case .annulus(let c, let r, let R):
            let rho = Self.norm(zip(x, c).map { $0 - $1 })
            return max(rho - R, r - rho)
        case .polygon(let v, _):
            let n = v.count
            var best = Double.infinity, inside = false
            for k in 0..<n {
                let (a, b) = (v[k], v[(k + 1) % n])
                best = min(best, Self.segmentDistance(x, a, b))
                // Crossing number (even–odd rule) of the ray to +x.
                if (a[1] > x[1]) != (b[1] > x[1]), x[0] < a[0] + (x[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1]) { inside.toggle() }
            }
            return inside ? -best : best
        case .box(let lo, let hi):
            var outside = 0.0, inner = -Double.infinity
            for d in 0..<dimension {
                let c = (lo[d] + hi[d]) / 2, h = (hi[d] - lo[d]) / 2
                let q = abs(x[d] - c) - h
                outside += max(q, 0) * max(q, 0)
                inner = max(inner, q)
            }
            return outside.squareRoot() + min(inner, 0)
        case .union(let a, let b): return min(a.signedDistance(x), b.signedDistance(x))
        case .intersection(let a, let b): return max(a.signedDistance(x), b.signedDistance(x))
        case .difference(let a, let b): return max(a.signedDistance(x), -b.signedDistance(x))
        case .named(let g, _): return g.signedDistance(x)
        }
    }

    /// Whether x lies strictly inside the domain (s(x) < 0).
    public func contains(_ x: [Double]) -> Bool { signedDistance(x) < 0 }

    /// The domain's area (2D) or volume (3D) when it is a primitive, else nil
    /// (estimate a combination's by Monte Carlo on its bounding box).
    public var measure: Double? {
        switch node {
        case .disk(_, let r): return Double.pi * r * r
        case .annulus(_, let r, let R): return Double.pi * (R * R - r * r)
        case .polygon(let v, let o):
            let n = v.count
            return o * 0.5 * (0..<n).reduce(0.0) { s, k in s + v[k][0] * v[(k + 1) % n][1] - v[(k + 1) % n][0] * v[k][1] }
        case .box(let lo, let hi): return zip(lo, hi).reduce(1.0) { $0 * ($1.1 - $1.0) }
        case .ball(_, let r): return 4 * Double.pi * r * r * r / 3
        case .named(let g, _): return g.measure
        default: return nil
        }
    }

    /// The volume of the bounding box.
    public var boundingVolume: Double { zip(lower, upper).reduce(1.0) { $0 * ($1.1 - $1.0) } }

    static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// The distance from x to the segment ab.
    static func segmentDistance(_ x: [Double], _ a: [Double], _ b: [Double]) -> Double {
        let (ex, ey) = (b[0] - a[0], b[1] - a[1])
        let t = max(0, min(1, ((x[0] - a[0]) * ex + (x[1] - a[1]) * ey) / (ex * ex + ey * ey)))
        return hypot(x[0] - a[0] - t * ex, x[1] - a[1] - t * ey)
    }
}

// MARK: - Recognising round domains

extension Geometry {
    /// The centre and radii when the domain is a disk (`inner` nil) or an annulus
    /// (whatever its parts are named); nil for every other shape.
    public var roundRegion: (center: [Double], inner: Double?, outer: Double)? {
        switch node {
        case .disk(let c, let r): return (c, nil, r)
        case .annulus(let c, let r, let R): return (c, r, R)
        case .named(let g, _): return g.roundRegion
        default: return nil
        }
    }
}
