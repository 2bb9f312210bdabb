// DirichletPoissonSolver2D.swift — −Δu = f on a box, u = 0 on its boundary, by DST-I.

import Foundation

/// Spectral solver for the 2D Poisson problem with homogeneous Dirichlet data,
///
///     −Δu = f  in [a0, b0] × [a1, b1],     u = 0  on the boundary,
///
/// by a double sine series (the eigenfunctions of −Δ with these conditions).
///
/// **Method.** Let L0 = b0 − a0, L1 = b1 − a1. The interior grid has nx × ny points
///
///     x_i = a0 + (i + 1)·L0/(nx + 1),  i = 0 … nx − 1,
///     y_l = a1 + (l + 1)·L1/(ny + 1),  l = 0 … ny − 1,
///
/// so that sin(jπ(x_i − a0)/L0) = sin(π j (i + 1)/(nx + 1)) — exactly FFTW's
/// `RODFT00` kernel (see `DST1Plan2D`). If f(x_i, y_l) = Σ_jk c_jk sin(…) sin(…),
/// then FFTW's 2D output is Y_jk = (nx + 1)(ny + 1)·c_jk, so
///
///     c_jk = Y_jk / ((nx + 1)(ny + 1)).
///
/// Each sine mode is an eigenfunction of −Δ with the **continuous** eigenvalue
///
///     λ_jk = (jπ/L0)² + (kπ/L1)²,
///
/// (not the finite-difference one), so u has coefficients c_jk / λ_jk and is
/// evaluated anywhere in the box through `SineSeries2D`.
///
/// **Accuracy (trap).** The result is exact to rounding (~1e-15) when f is itself
/// a finite sine series with modes ≤ (nx, ny). A forcing whose odd periodic
/// extension is not smooth (e.g. f = 1, nonzero on the boundary) has sine
/// coefficients decaying only like 1/(jk); its interpolant aliases and the
/// solution converges only like O(N⁻²) — about 1e-5 at n = 255. Use sine-product
/// manufactured solutions to test a Dirichlet box.
///
/// **Sizes.** n + 1 must be a power of two (4 … 65536) along each axis, the size
/// FFTW handles fastest for `RODFT00`.
///
/// **Threads.** The FFTW plan is made once in `init` and destroyed with the
/// object; `solve` may be called from several threads (transforms on one solver
/// are serialised, different solvers run in parallel).
public final class DirichletPoissonSolver2D: Sendable {
    /// Lower corner (a0, a1) of the box.
    public let lower: SIMD2<Double>
    /// Upper corner (b0, b1) of the box.
    public let upper: SIMD2<Double>
    /// Interior points (= sine modes) along x.
    public let nx: Int
    /// Interior points (= sine modes) along y.
    public let ny: Int

    private let transform: DST1Plan2D

    /// A square-resolution solver: n interior points along each axis.
    ///
    /// - Throws: `SpectralReferenceError.invalidGridSize` unless n ≥ 3 and n + 1
    ///   is a power of two ≤ 65536; `.invalidBox` unless lower < upper, finite.
    public convenience init(lower: SIMD2<Double>, upper: SIMD2<Double>, n: Int) throws {
        try self.init(lower: lower, upper: upper, nx: n, ny: n)
    }

    /// A solver with nx interior points along x and ny along y (rules as for `n`).
    public init(lower: SIMD2<Double>, upper: SIMD2<Double>, nx: Int, ny: Int) throws {
        for d in 0..<2 {
            guard lower[d].isFinite, upper[d].isFinite, lower[d] < upper[d] else {
                throw SpectralReferenceError.invalidBox(dimension: d, lower: lower[d], upper: upper[d])
            }
        }
        try Self.validate(field: "nx", value: nx)
        try Self.validate(field: "ny", value: ny)
        self.lower = lower
        self.upper = upper
        self.nx = nx
        self.ny = ny
        self.transform = try DST1Plan2D(nx: nx, ny: ny)
    }

    /// Checks the rule n ≥ 3, n + 1 a power of two, n + 1 ≤ 65536.
    /// Throws `invalidGridSize` unless n + 1 is a power of two with 3 ≤ n ≤ 65535
    /// (callers check a size before planning a solve).
    public static func validate(field: String, value n: Int) throws {
        let rule = "n + 1 must be a power of two with 3 ≤ n ≤ 65535 (e.g. 63, 255, 1023)"
        guard n >= 3, n <= 65535, (n + 1) & n == 0 else {
            throw SpectralReferenceError.invalidGridSize(field: field, value: n, rule: rule)
        }
    }

    // MARK: - Grid

    /// Interior x nodes x_i = a0 + (i + 1)·L0/(nx + 1), i = 0 … nx − 1.
    public var interiorXs: [Double] {
        Self.interiorNodes(count: nx, lower: lower.x, upper: upper.x)
    }

    /// Interior y nodes y_l = a1 + (l + 1)·L1/(ny + 1), l = 0 … ny − 1.
    public var interiorYs: [Double] {
        Self.interiorNodes(count: ny, lower: lower.y, upper: upper.y)
    }

    private static func interiorNodes(count n: Int, lower a: Double, upper b: Double) -> [Double] {
        let h = (b - a) / Double(n + 1)
        return (0..<n).map { a + Double($0 + 1) * h }
    }

    // MARK: - Solve

    /// Solves −Δu = f, u = 0 on the boundary, sampling f on the interior grid.
    ///
    /// `forcing` is called once per interior point, outside any lock.
    /// - Throws: `SpectralReferenceError.nonFiniteForcing` at the first NaN/∞ sample.
    public func solve(forcing: (Double, Double) -> Double) throws -> SineSeries2D {
        let xs = interiorXs, ys = interiorYs
        var samples = [Double](repeating: 0, count: nx * ny)
        samples.withUnsafeMutableBufferPointer { s in
            for l in 0..<ny {
                for i in 0..<nx { s[i + nx * l] = forcing(xs[i], ys[l]) }
            }
        }
        return try solve(forcingSamples: samples)
    }

    /// Solves from samples f(x_i, y_l) stored at `i + nx * l` (x index fastest).
    ///
    /// Cost: one 2D DST-I, O(nx·ny·log(nx·ny)), plus O(nx·ny) for the division.
    /// - Throws: `SpectralReferenceError.nonFiniteForcing` at the first NaN/∞ sample.
    public func solve(forcingSamples: [Double]) throws -> SineSeries2D {
        precondition(forcingSamples.count == nx * ny,
                     "solve(forcingSamples:): count = \(forcingSamples.count) but nx * ny = \(nx * ny)")
        if let bad = forcingSamples.firstIndex(where: { !$0.isFinite }) {
            let i = bad % nx, l = bad / nx
            throw SpectralReferenceError.nonFiniteForcing(
                i: i, l: l, x: interiorXs[i], y: interiorYs[l], value: forcingSamples[bad])
        }
        var c = forcingSamples
        transform.apply(&c)
        // c_jk(f) = Y_jk / ((nx+1)(ny+1));  c_jk(u) = c_jk(f) / λ_jk.
        let norm = 1.0 / (Double(nx + 1) * Double(ny + 1))
        let kx2 = (1...nx).map { j in (Double(j) * .pi / (upper.x - lower.x)).squared }
        let ky2 = (1...ny).map { k in (Double(k) * .pi / (upper.y - lower.y)).squared }
        let nx = self.nx, ny = self.ny
        c.withUnsafeMutableBufferPointer { c in
            for k in 0..<ny {
                for j in 0..<nx { c[j + nx * k] *= norm / (kx2[j] + ky2[k]) }
            }
        }
        return SineSeries2D(lower: lower, upper: upper, nx: nx, ny: ny, coefficients: c)
    }

    // MARK: - Values on the interior grid

    /// The series' values on this solver's interior grid, layout `i + nx * l`,
    /// by one inverse DST-I: Σ_jk c_jk sin(…) sin(…) at the nodes equals
    /// (¼)·RODFT00₂D(c), since each 1D `RODFT00` carries a factor 2.
    public func interiorValues(of series: SineSeries2D) -> [Double] {
        precondition(series.nx == nx && series.ny == ny,
                     "interiorValues(of:): series has \(series.nx) × \(series.ny) modes, solver \(nx) × \(ny)")
        var v = series.coefficients
        transform.apply(&v)
        for index in v.indices { v[index] *= 0.25 }
        return v
    }
}

extension Double {
    /// self · self.
    fileprivate var squared: Double { self * self }
}
