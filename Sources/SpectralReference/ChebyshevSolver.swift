// ChebyshevSolver.swift — −Δu + μu = f with Dirichlet data by Chebyshev collocation, 1D and 2D.

import Foundation

/// Chebyshev collocation for −u'' + μu = f on [a, b], u(a) = g_a, u(b) = g_b
/// (Trefethen, *Spectral Methods in MATLAB* 2000, programs 13 and 16).
///
/// With D the Chebyshev differentiation matrix on the N + 1 points of [−1, 1]
/// and s = 2/(b − a), the interior rows of A = −s²D² + μI are collocated, the
/// boundary values moved to the right side, and the (N − 1)² system is solved
/// by LU (LAPACK dgesv). The error decays geometrically for analytic data
/// (no smoothness of an odd extension needed, unlike a sine series).
/// Helmholtz is μ = −k² (`SpectralOperator.helmholtz`).
public struct ChebyshevSolver1D: Sendable {
    public let lower: Double
    public let upper: Double
    /// Polynomial degree N (N + 1 points, ends included).
    public let degree: Int

    /// - Throws: `invalidBox`; `invalidGridSize` unless 2 ≤ N ≤ 4096.
    public init(lower: Double, upper: Double, degree: Int) throws {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw SpectralReferenceError.invalidBox(dimension: 0, lower: lower, upper: upper)
        }
        guard (2...4096).contains(degree) else {
            throw SpectralReferenceError.invalidGridSize(field: "degree", value: degree, rule: "Chebyshev degree N must satisfy 2 ≤ N ≤ 4096")
        }
        self.lower = lower
        self.upper = upper
        self.degree = degree
    }

    /// The N + 1 nodes, from b down to a.
    public var nodes: [Double] { Chebyshev.points(degree).map { lower + (upper - lower) * (1 + $0) / 2 } }

    public func solve(operator op: SpectralOperator = .poisson, forcing: (Double) -> Double,
                      valueAtLower ga: Double = 0, valueAtUpper gb: Double = 0) throws -> ChebyshevInterpolant1D {
        let n = degree, m = n + 1, x = nodes, s = 2 / (upper - lower)
        let d2 = Chebyshev.square(Chebyshev.differentiationMatrix(n), order: m)
        for (name, v) in [("valueAtLower", ga), ("valueAtUpper", gb), ("operator", op.mu)] where !v.isFinite {
            throw SpectralReferenceError.invalidParameter(field: name, value: v, rule: "must be finite")
        }
        let k = n - 1
        var a = [Double](repeating: 0, count: k * k), rhs = [Double](repeating: 0, count: k)
        for i in 1..<n {
            let f = forcing(x[i])
            guard f.isFinite else { throw SpectralReferenceError.nonFiniteData(field: "forcing", point: [x[i]], value: f) }
            // node 0 is x = b, node N is x = a
            rhs[i - 1] = f + s * s * (d2[i] * gb + d2[i + m * n] * ga)
            for j in 1..<n { a[(i - 1) + k * (j - 1)] = -s * s * d2[i + m * j] + (i == j ? op.mu : 0) }
        }
        let u = try DenseLapack.solve(a, n: k, rhs: rhs, nrhs: 1)
        return ChebyshevInterpolant1D(lower: lower, upper: upper, values: [gb] + u + [ga])
    }
}

/// Chebyshev collocation for −Δu + μu = f on [a0, b0] × [a1, b1] with
/// u = g on the boundary (Trefethen 2000, program 16: L = I⊗D² + D²⊗I).
///
/// Unknowns at the (N−1)² interior points (x index fastest); each row carries
/// −s_x²(D²⊗I) − s_y²(I⊗D²) + μ, the boundary values g moved to the right side;
/// one dense LU (dgesv) of order (N−1)². (Keeping boundary unknowns with identity
/// rows instead was 1e3× less accurate in a NumPy prototype: 9e-11 vs 3e-14 at
/// N = 24 on u* = eˣ cos 2y + x³.) Measured here on that u* (max error on 101²,
/// bench/results/references.md): 8.7e-15 at N = 16, 2.1e-14 at N = 24 (default) and N = 32.
public struct ChebyshevSolver2D: Sendable {
    public let lower: SIMD2<Double>
    public let upper: SIMD2<Double>
    public let degree: Int

    /// - Throws: `invalidBox`; `invalidGridSize` unless 2 ≤ N ≤ 64 (dense LU of order (N−1)²).
    public init(lower: SIMD2<Double>, upper: SIMD2<Double>, degree: Int = 24) throws {
        for d in 0..<2 {
            guard lower[d].isFinite, upper[d].isFinite, lower[d] < upper[d] else {
                throw SpectralReferenceError.invalidBox(dimension: d, lower: lower[d], upper: upper[d])
            }
        }
        guard (2...64).contains(degree) else {
            throw SpectralReferenceError.invalidGridSize(field: "degree", value: degree, rule: "2D Chebyshev degree N must satisfy 2 ≤ N ≤ 64 (dense LU of order (N−1)²)")
        }
        self.lower = lower
        self.upper = upper
        self.degree = degree
    }

    public func solve(operator op: SpectralOperator = .poisson, forcing: (Double, Double) -> Double,
                      boundary: (Double, Double) -> Double) throws -> ChebyshevInterpolant2D {
        let n = degree, m = n + 1, k = n - 1, size = k * k
        let ref = Chebyshev.points(n)
        let xs = ref.map { lower.x + (upper.x - lower.x) * (1 + $0) / 2 }
        let ys = ref.map { lower.y + (upper.y - lower.y) * (1 + $0) / 2 }
        let cx = -4 / ((upper.x - lower.x) * (upper.x - lower.x)), cy = -4 / ((upper.y - lower.y) * (upper.y - lower.y))
        let d2 = Chebyshev.square(Chebyshev.differentiationMatrix(n), order: m)
        var u = [Double](repeating: 0, count: m * m)
        for l in 0..<m {
            for i in 0..<m where i == 0 || i == n || l == 0 || l == n {
                let g = boundary(xs[i], ys[l])
                guard g.isFinite else { throw SpectralReferenceError.nonFiniteData(field: "boundary", point: [xs[i], ys[l]], value: g) }
                u[i + m * l] = g
            }
        }
        var a = [Double](repeating: 0, count: size * size), rhs = [Double](repeating: 0, count: size)
        for l in 1..<n {
            for i in 1..<n {
                let row = (i - 1) + k * (l - 1)
                let f = forcing(xs[i], ys[l])
                guard f.isFinite else { throw SpectralReferenceError.nonFiniteData(field: "forcing", point: [xs[i], ys[l]], value: f) }
                var r = f
                for j in 0..<m {  // x-direction: (j, l)
                    let c = cx * d2[i + m * j]
                    if j == 0 || j == n { r -= c * u[j + m * l] } else { a[row + size * ((j - 1) + k * (l - 1))] += c }
                }
                for q in 0..<m {  // y-direction: (i, q)
                    let c = cy * d2[l + m * q]
                    if q == 0 || q == n { r -= c * u[i + m * q] } else { a[row + size * ((i - 1) + k * (q - 1))] += c }
                }
                a[row + size * row] += op.mu
                rhs[row] = r
            }
        }
        let interior = try DenseLapack.solve(a, n: size, rhs: rhs, nrhs: 1)
        for l in 1..<n { for i in 1..<n { u[i + m * l] = interior[(i - 1) + k * (l - 1)] } }
        return ChebyshevInterpolant2D(lower: lower, upper: upper, degree: n, values: u)
    }
}

/// A tensor Chebyshev interpolant on a rectangle: values at the (N+1)² mapped
/// Chebyshev points (x index fastest), evaluated by barycentric interpolation
/// along each axis, u(x, y) = Σ_l ℓ_l(y) Σ_j ℓ_j(x) U_jl.
public struct ChebyshevInterpolant2D: Sendable {
    public let lower: SIMD2<Double>
    public let upper: SIMD2<Double>
    public let degree: Int
    public let values: [Double]

    public init(lower: SIMD2<Double>, upper: SIMD2<Double>, degree: Int, values: [Double]) {
        precondition(values.count == (degree + 1) * (degree + 1), "ChebyshevInterpolant2D: \(values.count) values for degree \(degree)")
        self.lower = lower
        self.upper = upper
        self.degree = degree
        self.values = values
    }

    public func value(atX x: Double, y: Double) -> Double {
        let m = degree + 1, ref = Chebyshev.points(degree), w = Chebyshev.barycentricWeights(degree)
        var lx = [Double](repeating: 0, count: m), ly = lx
        Chebyshev.cardinals(at: 2 * (x - lower.x) / (upper.x - lower.x) - 1, nodes: ref, weights: w, into: &lx)
        Chebyshev.cardinals(at: 2 * (y - lower.y) / (upper.y - lower.y) - 1, nodes: ref, weights: w, into: &ly)
        var s = 0.0
        for l in 0..<m {
            var row = 0.0
            for j in 0..<m { row += lx[j] * values[j + m * l] }
            s += ly[l] * row
        }
        return s
    }

    /// u at point-major (x, y) pairs.
    public func values(at points: [Double]) -> [Double] {
        precondition(points.count % 2 == 0, "ChebyshevInterpolant2D.values: odd coordinate count \(points.count)")
        return (0..<(points.count / 2)).map { value(atX: points[2 * $0], y: points[2 * $0 + 1]) }
    }
}
