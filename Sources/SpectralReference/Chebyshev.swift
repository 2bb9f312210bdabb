// Chebyshev.swift — Chebyshev points, differentiation matrix and barycentric interpolation.

import Foundation

/// Chebyshev (Gauss–Lobatto) tools after Trefethen, *Spectral Methods in MATLAB*
/// (SIAM 2000), program `cheb.m`, and Berrut & Trefethen, "Barycentric Lagrange
/// interpolation", SIAM Review 46(3), 2004.
public enum Chebyshev {
    /// x_j = cos(jπ/N), j = 0 … N (from +1 down to −1), computed as
    /// sin(π(N − 2j)/(2N)) so that they are exactly antisymmetric.
    public static func points(_ n: Int) -> [Double] {
        precondition(n >= 1, "Chebyshev.points needs N ≥ 1, got \(n)")
        return (0...n).map { sin(Double.pi * Double(n - 2 * $0) / Double(2 * n)) }
    }

    /// The (N+1) × (N+1) differentiation matrix on `points(N)`, column-major:
    /// D_ij = (c_i/c_j)(−1)^{i+j}/(x_i − x_j) off the diagonal (c_0 = c_N = 2, else 1),
    /// and D_ii = −Σ_{j≠i} D_ij (the "negative sum trick", which makes D·1 = 0 to rounding).
    public static func differentiationMatrix(_ n: Int) -> [Double] {
        let x = points(n), m = n + 1
        var d = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            var rowSum = 0.0
            for j in 0..<m where j != i {
                let ci: Double = (i == 0 || i == n) ? 2 : 1, cj: Double = (j == 0 || j == n) ? 2 : 1
                let sign: Double = (i + j) % 2 == 0 ? 1 : -1
                let v = ci / cj * sign / (x[i] - x[j])
                d[i + m * j] = v
                rowSum += v
            }
            d[i + m * i] = -rowSum
        }
        return d
    }

    /// A·B for column-major square matrices of order m.
    static func square(_ a: [Double], order m: Int) -> [Double] {
        var out = [Double](repeating: 0, count: m * m)
        for j in 0..<m {
            for k in 0..<m {
                let b = a[k + m * j]
                if b == 0 { continue }
                for i in 0..<m { out[i + m * j] += a[i + m * k] * b }
            }
        }
        return out
    }

    /// Barycentric weights for `points(N)`: w_j = (−1)^j, halved at j = 0 and N.
    public static func barycentricWeights(_ n: Int) -> [Double] {
        (0...n).map { j in (j % 2 == 0 ? 1.0 : -1.0) * ((j == 0 || j == n) ? 0.5 : 1) }
    }

    /// The cardinal functions ℓ_j(t) of the Chebyshev points at one t ∈ [−1, 1]
    /// (second barycentric formula; exact δ_jk at a node).
    static func cardinals(at t: Double, nodes: [Double], weights: [Double], into out: inout [Double]) {
        if let hit = nodes.firstIndex(of: t) {
            for j in out.indices { out[j] = j == hit ? 1 : 0 }
            return
        }
        var sum = 0.0
        for j in nodes.indices { let v = weights[j] / (t - nodes[j]); out[j] = v; sum += v }
        for j in out.indices { out[j] /= sum }
    }
}

/// A polynomial on [a, b] given by its values at the N + 1 mapped Chebyshev
/// points x_j = a + (b − a)(1 + cos(jπ/N))/2, evaluated anywhere by the
/// barycentric formula (Berrut & Trefethen 2004), which is numerically stable.
public struct ChebyshevInterpolant1D: Sendable {
    public let lower: Double
    public let upper: Double
    /// Values at the nodes, j = 0 (x = b) … N (x = a).
    public let values: [Double]
    let reference: [Double]
    let weights: [Double]

    public init(lower: Double, upper: Double, values: [Double]) {
        precondition(values.count >= 2, "ChebyshevInterpolant1D needs ≥ 2 values, got \(values.count)")
        self.lower = lower
        self.upper = upper
        self.values = values
        reference = Chebyshev.points(values.count - 1)
        weights = Chebyshev.barycentricWeights(values.count - 1)
    }

    /// The mapped nodes a + (b − a)(1 + x_j)/2.
    public var nodes: [Double] { reference.map { lower + (upper - lower) * (1 + $0) / 2 } }

    public func value(at x: Double) -> Double {
        var l = [Double](repeating: 0, count: values.count)
        Chebyshev.cardinals(at: 2 * (x - lower) / (upper - lower) - 1, nodes: reference, weights: weights, into: &l)
        return zip(l, values).reduce(0) { $0 + $1.0 * $1.1 }
    }

    public func values(at xs: [Double]) -> [Double] { xs.map(value(at:)) }
}
