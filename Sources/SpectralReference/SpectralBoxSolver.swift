// SpectralBoxSolver.swift — −Δu + μu = f on a box in 1…5 dimensions, one boundary kind per axis.

import Foundation

/// The constant-coefficient operator A in A u = f.
public enum SpectralOperator: Sendable, Equatable {
    /// −Δu = f.
    case poisson
    /// −Δu − k²u = f (Helmholtz).
    case helmholtz(k: Double)
    /// −Δu + μu = f (screened Poisson, μ > 0 for coercivity; any finite μ accepted).
    case screenedPoisson(mu: Double)

    /// μ in the common form −Δu + μu.
    public var mu: Double {
        switch self {
        case .poisson: return 0
        case let .helmholtz(k): return -k * k
        case let .screenedPoisson(mu): return mu
        }
    }
}

/// Spectral solver for −Δu + μu = f on [a_0, b_0] × … × [a_{d−1}, b_{d−1}],
/// d = 1 … 5, each axis with its own homogeneous boundary kind (Dirichlet by
/// DST-I, Neumann by DCT-I, periodic by the real DFT; see `BoundaryKind`).
///
/// **Method.** Sample f on the tensor grid of the axes, one r2r transform gives
/// the coefficients c_m(f) of the eigenfunctions φ_m = Π_a φ^a_{m_a} of −Δ with
/// the continuous eigenvalues λ_m = Σ_a (ω^a_{m_a})², and
///
///     c_m(u) = c_m(f) / (λ_m + μ).
///
/// Exact to rounding when f is a finite series in this basis (sine, cosine or
/// trigonometric-polynomial data); for other data the trap of
/// `DirichletPoissonSolver2D` applies (use `ChebyshevSolver2D`).
///
/// **Null space.** With μ = 0 and no Dirichlet axis the constant mode has
/// λ + μ = 0: its coefficient is set to `mean`, the mean of u over the box (the
/// data must then have zero mean for a solution to exist). Any other mode with
/// |λ + μ| ≤ 1e-12·max(λ, |μ|) throws `singularOperator` (Helmholtz resonance)
/// if the data excite it (|c_m(f)| > 1e-13·max|c(f)|); otherwise its coefficient
/// is set to 0 (the solution is then unique only up to that mode).
///
/// **Non-homogeneous Dirichlet data** by `Lifting`: u = G + w.
///
/// **Plans.** One FFTW plan made in `init`, reused by every `solve` (thread-safe).
public final class SpectralBoxSolver: Sendable {
    public let axes: [SpectralAxis]
    public let `operator`: SpectralOperator
    private let plan: R2RPlan

    /// - Parameters: per-axis `lower`, `upper`, `kinds`, `counts` (all of length
    ///   d, 1 ≤ d ≤ 5); count rules as in `BoundaryKind`.
    /// - Throws: `dimensionMismatch`, `invalidBox`, `invalidGridSize`,
    ///   `invalidParameter` (non-finite μ or k).
    public init(lower: [Double], upper: [Double], kinds: [BoundaryKind], counts: [Int],
                operator op: SpectralOperator = .poisson) throws {
        let d = lower.count
        guard (1...5).contains(d) else {
            throw SpectralReferenceError.dimensionMismatch(field: "lower", count: d, expected: max(1, min(d, 5)))
        }
        for (name, c) in [("upper", upper.count), ("kinds", kinds.count), ("counts", counts.count)] where c != d {
            throw SpectralReferenceError.dimensionMismatch(field: name, count: c, expected: d)
        }
        guard op.mu.isFinite else {
            throw SpectralReferenceError.invalidParameter(field: "operator", value: op.mu, rule: "μ (or k²) must be finite")
        }
        axes = try (0..<d).map { try SpectralAxis(kind: kinds[$0], lower: lower[$0], upper: upper[$0], count: counts[$0], dimension: $0) }
        self.operator = op
        plan = try R2RPlan(axes: axes)
    }

    public var dimension: Int { axes.count }

    /// The tensor grid (one node list per axis); samples are taken axis 0 fastest.
    public var grid: [[Double]] { axes.map(\.nodes) }

    /// Solves A u = f with u = G on Dirichlet faces when `lifting` is given.
    ///
    /// `forcing` receives a point's d coordinates. - Throws: `nonFiniteData` at
    /// the first NaN/∞ sample; `singularOperator` (see the type).
    public func solve(forcing: ([Double]) -> Double, lifting: Lifting? = nil, mean: Double = 0) throws -> SpectralSeries {
        let grid = self.grid, sizes = axes.map(\.count)
        let total = sizes.reduce(1, *), mu = self.operator.mu
        var samples = [Double](repeating: 0, count: total)
        var point = [Double](repeating: 0, count: dimension)
        for flat in 0..<total {
            var rest = flat
            for a in 0..<dimension { point[a] = grid[a][rest % sizes[a]]; rest /= sizes[a] }
            var f = forcing(point)
            if let g = lifting { f += g.laplacian(point) - mu * g.value(point) }
            guard f.isFinite else { throw SpectralReferenceError.nonFiniteData(field: "forcing", point: point, value: f) }
            samples[flat] = f
        }
        return try solve(samples: samples, lifting: lifting, mean: mean)
    }

    /// Solves from samples on `grid` (axis 0 fastest), already lifted.
    public func solve(samples: [Double], lifting: Lifting? = nil, mean: Double = 0) throws -> SpectralSeries {
        let coefficients = try transform(samples, field: "forcing")
        let sizes = axes.map(\.count), mu = self.operator.mu
        let eig = axes.map { axis in (0..<axis.count).map { axis.eigenvalue($0) } }
        var c = coefficients
        // A resonant mode counts as excited only above rounding of the largest coefficient.
        let negligible = 1e-13 * (coefficients.map(abs).max() ?? 0)
        var index = [Int](repeating: 0, count: dimension)
        for flat in c.indices {
            var rest = flat, lambda = 0.0
            for a in 0..<dimension { index[a] = rest % sizes[a]; rest /= sizes[a]; lambda += eig[a][index[a]] }
            let denominator = lambda + mu
            if lambda == 0 && mu == 0 {
                c[flat] = mean
            } else if abs(denominator) <= 1e-12 * max(lambda, abs(mu)) {
                if abs(c[flat]) > negligible { throw SpectralReferenceError.singularOperator(mode: index, eigenvalue: denominator) }
                c[flat] = 0  // not excited: the resonant component of u is taken as 0
            } else {
                c[flat] /= denominator
            }
        }
        return SpectralSeries(axes: axes, coefficients: c, lifting: lifting)
    }

    /// Coefficients of grid samples in the basis of the axes (c_m = s_m·Y_m).
    public func transform(_ samples: [Double], field: String = "samples") throws -> [Double] {
        let sizes = axes.map(\.count)
        precondition(samples.count == sizes.reduce(1, *),
                     "SpectralBoxSolver: \(samples.count) samples for grid sizes \(sizes)")
        if let bad = samples.firstIndex(where: { !$0.isFinite }) {
            var rest = bad
            let point = (0..<dimension).map { a -> Double in let i = rest % sizes[a]; rest /= sizes[a]; return axes[a].nodes[i] }
            throw SpectralReferenceError.nonFiniteData(field: field, point: point, value: samples[bad])
        }
        var c = samples
        plan.apply(&c)
        let scales = axes.map { axis in (0..<axis.count).map { axis.coefficientScale($0) } }
        for flat in c.indices {
            var rest = flat, s = 1.0
            for a in 0..<dimension { s *= scales[a][rest % sizes[a]]; rest /= sizes[a] }
            c[flat] *= s
        }
        return c
    }
}
