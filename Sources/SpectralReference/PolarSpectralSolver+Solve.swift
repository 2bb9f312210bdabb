// PolarSpectralSolver+Solve.swift — the bordered collocation system and its LU solve.

import Foundation

extension PolarSpectralSolver {
    /// Solves −Δu + μu = f (`op`) with αu + β∂u/∂n = g on the outer circle
    /// (`outer`) and, on an annulus, on the inner one (`inner`, ignored on a disk);
    /// n is the region's outward normal (towards the centre on the inner circle).
    /// f and g take (x, y); g is read at the nodes of both circles.
    ///
    /// Unknowns: u at every node (j, k) with x_j ≥ 0 on a disk, at every node on an
    /// annulus, except on Dirichlet circles (β = 0), whose values g/α are known and
    /// move to the right-hand side (eliminating them keeps the error near 1e-13;
    /// bordering them with identity rows cost a factor ~30 in the measured error).
    /// Row of interior node (j, k): −(s²D²u + sDu/r)_j − (D_θθ u)_k/r² + μu = f with
    /// s = dx/dr; row of a Neumann or Robin circle node: αu_jk + β·(±s)(D u)_j = g.
    ///
    /// - Throws: `invalidParameter` for α = β = 0 or non-finite coefficients, and for
    ///   −Δu with Neumann data on every circle (u is then fixed only up to a constant);
    ///   `nonFiniteData` where f or g is not finite; `lapackFailed` if LU meets an
    ///   exactly singular matrix.
    public func solve(operator op: SpectralOperator, forcing f: (Double, Double) -> Double,
                      boundary g: (Double, Double) -> Double,
                      outer: CircleCondition, inner: CircleCondition = .dirichlet) throws -> PolarInterpolant {
        let disk = isDisk
        for (name, c) in [("outer", outer)] + (disk ? [] : [("inner", inner)]) where !c.isValid {
            throw SpectralReferenceError.invalidParameter(field: "\(name) circle α", value: c.alpha,
                                                          rule: "α and β must be finite and not both 0 (β = \(c.beta))")
        }
        if op.mu == 0, outer.alpha == 0, disk || inner.alpha == 0 {
            throw SpectralReferenceError.invalidParameter(field: "α", value: 0,
                rule: "−Δu with Neumann data on every circle fixes u only up to a constant; give a circle α ≠ 0")
        }
        let N = degree, M = angles, m = N + 1
        let x = Chebyshev.points(N), D = Chebyshev.differentiationMatrix(N), D2 = Chebyshev.square(D, order: m)
        // Radial rows first…last are unknowns; x_0 = 1 is the outer circle, x_N = −1 the inner one of an annulus.
        let first = outer.beta == 0 ? 1 : 0
        let last = disk ? (N - 1) / 2 : (inner.beta == 0 ? N - 1 : N)
        let n = (last - first + 1) * M, h = 2 * Double.pi / Double(M), s = scale
        let theta = (0..<M).map { Double($0) * h }
        // Angular second-derivative matrix (symmetric Toeplitz).
        let d2t = (0..<M).map { k -> Double in
            k == 0 ? -Double.pi * Double.pi / (3 * h * h) - 1.0 / 6
                : (k % 2 == 0 ? -0.5 : 0.5) / pow(sin(Double(k) * h / 2), 2)
        }
        /// The unknown index of node (j, k), nil on a Dirichlet circle; nodes x_j < 0
        /// of a disk fold onto angle θ + π.
        func unknown(_ j: Int, _ k: Int) -> Int? {
            let (jj, kk) = disk && j > last ? (N - j, (k + M / 2) % M) : (j, k)
            return jj < first || jj > last ? nil : (jj - first) * M + kk
        }
        /// The known value g/α at a node of a Dirichlet circle.
        func known(_ j: Int, _ k: Int) throws -> Double {
            let (bx, by) = point(x[j], theta[k])
            let v = g(bx, by) / (j == 0 || disk ? outer.alpha : inner.alpha)
            guard v.isFinite else { throw SpectralReferenceError.nonFiniteData(field: "boundary", point: [bx, by], value: v) }
            return v
        }
        var a = [Double](repeating: 0, count: n * n), rhs = [Double](repeating: 0, count: n)
        for i in first...last {
            let circle: (CircleCondition, Double)? = i == 0 ? (outer, s) : (!disk && i == N ? (inner, -s) : nil)
            let r = radius(x[i])
            for k in 0..<M {
                let row = (i - first) * M + k
                let (px, py) = point(x[i], theta[k])
                var b: Double
                if let (c, sign) = circle {   // bordered row αu + β∂u/∂n = g (β ≠ 0 here)
                    b = g(px, py)
                    guard b.isFinite else { throw SpectralReferenceError.nonFiniteData(field: "boundary", point: [px, py], value: b) }
                    a[row + n * row] += c.alpha
                    for j in 0..<m where D[i + m * j] != 0 {
                        let v = c.beta * sign * D[i + m * j]
                        if let col = unknown(j, k) { a[row + n * col] += v } else { b -= v * (try known(j, k)) }
                    }
                    rhs[row] = b
                    continue
                }
                b = f(px, py)
                guard b.isFinite else { throw SpectralReferenceError.nonFiniteData(field: "forcing", point: [px, py], value: b) }
                // −(u_rr + u_r/r) over the radial nodes.
                for j in 0..<m {
                    let c = -(s * s * D2[i + m * j] + s * D[i + m * j] / r)
                    if c == 0 { continue }
                    if let col = unknown(j, k) { a[row + n * col] += c } else { b -= c * (try known(j, k)) }
                }
                // −u_θθ/r² and μu.
                for q in 0..<M { a[row + n * (row - k + q)] -= d2t[abs(q - k)] / (r * r) }
                a[row + n * row] += op.mu
                rhs[row] = b
            }
        }
        let u = try DenseLapack.solve(a, n: n, rhs: rhs, nrhs: 1)
        var values = [Double](repeating: 0, count: m * M)
        for j in 0..<m {
            for k in 0..<M { values[j * M + k] = try unknown(j, k).map { u[$0] } ?? known(j, k) }
        }
        return PolarInterpolant(solver: self, nodes: x, values: values)
    }
}
