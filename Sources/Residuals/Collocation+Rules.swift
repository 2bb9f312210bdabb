import SeededRandom

/// How collocation points are placed.
public enum SamplingRule: String, Sendable, CaseIterable {
    /// Tensor grid strictly inside (`Collocation.interiorGrid`); on faces, cell centres.
    case grid
    /// Tensor grid of Chebyshev–Gauss–Lobatto nodes without the two end points:
    /// a + L·(1 − cos(πj/(n+1)))/2, j = 1…n — clustered towards the faces.
    case chebyshev
    /// Halton sequence (bases 2, 3, 5, 7, 11, 13), from index 1.
    case halton
    /// Sobol sequence (Joe–Kuo direction numbers), from index 1.
    case sobol
    /// Latin hypercube: one point in each of the n strata of every variable.
    case latinHypercube = "lhs"
    /// Independent uniform points.
    case random

    /// Whether the rule takes one count per dimension (the tensor rules) rather than a total.
    public var isTensor: Bool { self == .grid || self == .chebyshev }
}

extension Collocation {
    // MARK: - Interior

    /// Points inside the box by `rule`: `counts` per dimension for the tensor
    /// rules, `counts[0]` in total for the others. `seed` draws the random
    /// rules and, when nonzero, a random digital shift (Sobol) or shift mod 1
    /// (Halton) of the low-discrepancy ones; seed 0 gives the plain sequence.
    public static func interior(_ box: Box, rule: SamplingRule, counts: [Int], seed: UInt64) -> PointSet {
        let D = box.dimension
        switch rule {
        case .grid: return interiorGrid(box, counts: counts)
        case .chebyshev:
            precondition(counts.count == D, "interior(.chebyshev): \(counts.count) counts for \(D) dimensions")
            return tensor((0..<D).map { d in chebyshevNodes(counts[d]).map { box.lower[d] + box.length(d) * $0 } })
        default:
            precondition(counts.count == 1, "interior(\(rule)): give one total count")
            return scaled(unitCube(rule, count: counts[0], dimension: D, seed: seed), into: box, dimensions: Array(0..<D))
        }
    }

    /// The n interior Chebyshev–Gauss–Lobatto nodes of [0, 1], increasing.
    public static func chebyshevNodes(_ n: Int) -> [Double] {
        (1...max(n, 1)).map { j in (1 - cospi(Double(j) / Double(n + 1))) / 2 }
    }

    // MARK: - Faces

    /// `count` points on the given faces, shared in proportion to each face's
    /// measure (largest remainders; at least one point per face), each face
    /// sampled by `rule` in its own D−1 variables. The end of an interval gets
    /// one point whatever its share.
    public static func faces(_ box: Box, _ faces: [Face], rule: SamplingRule, count: Int, seed: UInt64) -> PointSet {
        precondition(!faces.isEmpty && count >= faces.count, "faces: \(count) points for \(faces.count) faces")
        let D = box.dimension
        if D == 1 {
            return PointSet(dimension: 1, coordinates: faces.map { $0.upper ? box.upper[0] : box.lower[0] })
        }
        let measures = faces.map { box.measure(of: $0) }
        let total = measures.reduce(0, +)
        var shares = measures.map { max(1, Int((Double(count) * $0 / total).rounded(.down))) }
        let order = faces.indices.sorted {
            (Double(count) * measures[$0] / total).truncatingRemainder(dividingBy: 1)
                > (Double(count) * measures[$1] / total).truncatingRemainder(dividingBy: 1)
        }
        var k = 0
        while shares.reduce(0, +) < count { shares[order[k % order.count]] += 1; k += 1 }
        var coordinates: [Double] = []
        for (f, face) in faces.enumerated() {
            let others = (0..<D).filter { $0 != face.dimension }
            let unit: [Double]
            if rule.isTensor {
                // A near-square grid on the face with about `shares[f]` points.
                let m = max(1, Int(Double(shares[f]).squareRoot(of: others.count).rounded()))
                let nodes = rule == .grid ? (0..<m).map { (Double($0) + 0.5) / Double(m) } : chebyshevNodes(m)
                unit = tensor(Array(repeating: nodes, count: others.count)).coordinates
            } else {
                unit = unitCube(rule, count: shares[f], dimension: others.count, seed: seed &+ UInt64(f))
            }
            let onFace = scaled(unit, into: box, dimensions: others)
            for i in 0..<onFace.count {
                var p = [Double](repeating: 0, count: D)
                p[face.dimension] = face.upper ? box.upper[face.dimension] : box.lower[face.dimension]
                for (j, d) in others.enumerated() { p[d] = onFace.coordinates[i * others.count + j] }
                coordinates += p
            }
        }
        return PointSet(dimension: D, coordinates: coordinates)
    }

    // MARK: - Unit cube

    /// `count` points of [0, 1)^dimension by a non-tensor rule, point-major.
    public static func unitCube(_ rule: SamplingRule, count: Int, dimension: Int, seed: UInt64) -> [Double] {
        precondition(count >= 1 && dimension >= 1, "unitCube: count \(count), dimension \(dimension)")
        var g = SeededGenerator(seed: seed)
        var out = [Double](repeating: 0, count: count * dimension)
        switch rule {
        case .random, .grid, .chebyshev:
            for i in out.indices { out[i] = g.nextUniform() }
        case .latinHypercube:
            for d in 0..<dimension {
                var strata = Array(0..<count)
                for i in stride(from: count - 1, to: 0, by: -1) { strata.swapAt(i, Int(g.nextUniform() * Double(i + 1))) }
                for i in 0..<count { out[i * dimension + d] = (Double(strata[i]) + g.nextUniform()) / Double(count) }
            }
        case .halton:
            precondition(dimension <= haltonBases.count, "Halton: at most \(haltonBases.count) dimensions")
            let shift = (0..<dimension).map { _ in seed == 0 ? 0 : g.nextUniform() }
            for i in 0..<count {
                for d in 0..<dimension {
                    let v = radicalInverse(i + 1, base: haltonBases[d]) + shift[d]
                    out[i * dimension + d] = v >= 1 ? v - 1 : v
                }
            }
        case .sobol:
            let sobol = Sobol(dimension: dimension)
            let shift = (0..<dimension).map { _ in seed == 0 ? UInt32(0) : UInt32(truncatingIfNeeded: g.next()) }
            for i in 0..<count {
                for d in 0..<dimension {
                    out[i * dimension + d] = Double(sobol.point(i + 1, dimension: d) ^ shift[d]) * 0x1p-32
                }
            }
        }
        return out
    }

    static let haltonBases = [2, 3, 5, 7, 11, 13]

    /// The van der Corput radical inverse of i in `base`.
    static func radicalInverse(_ i: Int, base: Int) -> Double {
        var (n, f, r) = (i, 1.0, 0.0)
        while n > 0 {
            f /= Double(base)
            r += f * Double(n % base)
            n /= base
        }
        return r
    }

    /// Unit-cube coordinates (point-major, `dimensions.count` per point) mapped into the box's `dimensions`.
    private static func scaled(_ unit: [Double], into box: Box, dimensions: [Int]) -> PointSet {
        let k = dimensions.count
        var c = unit
        for i in 0..<(unit.count / k) {
            for (j, d) in dimensions.enumerated() { c[i * k + j] = box.lower[d] + box.length(d) * unit[i * k + j] }
        }
        return PointSet(dimension: k, coordinates: c)
    }
}

private extension Double {
    /// self^(1/n).
    func squareRoot(of n: Int) -> Double { n <= 1 ? self : Double.pow(self, 1 / Double(n)) }
}

@inline(__always) private func cospi(_ x: Double) -> Double { Double.cos(Double.pi * x) }

/// The Sobol sequence in base 2 with 32-bit direction numbers: x_i = ⊕_k b_k(i) v_k
/// over the bits b_k of i (the plain, not Gray-code, order).
///
/// Dimension 0 is the van der Corput sequence; dimensions 1…9 use the primitive
/// polynomials and initial m values of S. Joe and F. Y. Kuo, "Constructing Sobol
/// sequences with better two-dimensional projections", SIAM J. Sci. Comput. 30
/// (2008) 2635–2654 (file new-joe-kuo-6.21201, d = 2…10).
struct Sobol {
    /// (s, a, m₁…m_s) for d = 2…10.
    static let parameters: [(s: Int, a: UInt32, m: [UInt32])] = [
        (1, 0, [1]), (2, 1, [1, 3]), (3, 1, [1, 3, 1]), (3, 2, [1, 1, 1]), (4, 1, [1, 1, 3, 3]),
        (4, 4, [1, 3, 5, 13]), (5, 2, [1, 1, 5, 5, 17]), (5, 4, [1, 1, 5, 5, 5]), (5, 7, [1, 1, 7, 11, 19]),
    ]
    static let maxDimension = parameters.count + 1

    /// directions[d][k] = v_k for dimension d, k = 0 ..< 32.
    let directions: [[UInt32]]

    init(dimension: Int) {
        precondition(dimension <= Self.maxDimension, "Sobol: at most \(Self.maxDimension) dimensions")
        var directions: [[UInt32]] = [(0..<32).map { UInt32(1) << (31 - $0) }]
        for d in 1..<max(dimension, 1) {
            let (s, a, m) = Self.parameters[d - 1]
            var v = [UInt32](repeating: 0, count: 32)
            for k in 0..<s { v[k] = m[k] << (31 - k) }
            if s < 32 {
                for k in s..<32 {
                    var x = v[k - s] ^ (v[k - s] >> s)
                    for j in 1..<s where (a >> (s - 1 - j)) & 1 == 1 { x ^= v[k - j] }
                    v[k] = x
                }
            }
            directions.append(v)
        }
        self.directions = directions
    }

    /// The i-th point's coordinate d as a 32-bit fraction.
    func point(_ i: Int, dimension d: Int) -> UInt32 {
        var x: UInt32 = 0, n = i, k = 0
        while n > 0 {
            if n & 1 == 1 { x ^= directions[d][k] }
            n >>= 1
            k += 1
        }
        return x
    }
}
