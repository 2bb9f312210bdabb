// HeatReference.swift — u_t = κΔu on a box, exact in time mode by mode.

import Foundation

/// The heat equation u_t = κΔu on a box (1 … 5 dimensions, homogeneous
/// Dirichlet / Neumann / periodic per axis), u(0, x) = u₀(x), solved exactly in
/// time: with u₀ = Σ c_m φ_m (one r2r transform of u₀ on the grid),
///
///     u(t, x) = Σ_m c_m e^{−κ λ_m t} φ_m(x),   λ_m = Σ_a (ω^a_{m_a})².
///
/// The decay factorises over axes, e^{−κt Σ_a λ_a} = Π_a e^{−κ t λ_a}, so it is
/// folded into the per-axis basis tables: evaluation at (x, t) costs the same
/// as a steady series. The only error is the representation of u₀ (none for a
/// finite sine/cosine/Fourier u₀, e.g. the catalog's heat1d, u₀ = sin πx).
public struct HeatReference: Sendable {
    public let kappa: Double
    /// The series of u₀.
    public let initial: SpectralSeries

    /// - Throws: as `SpectralBoxSolver.init`; `invalidParameter` unless κ > 0 finite;
    ///   `nonFiniteData` for a NaN/∞ sample of u₀.
    public init(lower: [Double], upper: [Double], kinds: [BoundaryKind], counts: [Int], kappa: Double,
                initial u0: ([Double]) -> Double) throws {
        guard kappa.isFinite, kappa > 0 else {
            throw SpectralReferenceError.invalidParameter(field: "kappa", value: kappa, rule: "must be finite and > 0")
        }
        let solver = try SpectralBoxSolver(lower: lower, upper: upper, kinds: kinds, counts: counts)
        let grid = solver.grid, sizes = counts
        let total = sizes.reduce(1, *)
        var samples = [Double](repeating: 0, count: total)
        var point = [Double](repeating: 0, count: grid.count)
        for flat in 0..<total {
            var rest = flat
            for a in 0..<grid.count { point[a] = grid[a][rest % sizes[a]]; rest /= sizes[a] }
            samples[flat] = u0(point)
        }
        self.kappa = kappa
        initial = SpectralSeries(axes: solver.axes, coefficients: try solver.transform(samples, field: "initial data"))
    }

    public var dimension: Int { initial.dimension }

    private func decay(_ t: Double) -> [(Int) -> Double] {
        initial.axes.map { axis in { m in exp(-self.kappa * axis.eigenvalue(m) * t) } }
    }

    /// u at points (x_0, …, x_{d−1}, t), point-major, d + 1 coordinates each.
    public func values(at points: [Double]) -> [Double] {
        let d = dimension, stride = d + 1
        precondition(points.count % stride == 0, "HeatReference.values: \(points.count) is not a multiple of d + 1 = \(stride)")
        var out = [Double]()
        out.reserveCapacity(points.count / stride)
        for p in 0..<(points.count / stride) {
            let x = Array(points[stride * p ..< stride * p + d]), t = points[stride * p + d]
            out.append(initial.values(at: x, derivativeAxis: nil, weights: decay(t))[0])
        }
        return out
    }

    /// The series of u(t, ·) (coefficients c_m e^{−κλ_m t}).
    public func series(at t: Double) -> SpectralSeries {
        let sizes = initial.axes.map(\.count), w = decay(t)
        var c = initial.coefficients
        for flat in c.indices {
            var rest = flat, s = 1.0
            for a in 0..<sizes.count { s *= w[a](rest % sizes[a]); rest /= sizes[a] }
            c[flat] *= s
        }
        return SpectralSeries(axes: initial.axes, coefficients: c)
    }

    /// u on the grid `grid[0] × … × grid[d−1]` at each time, time slowest:
    /// value (x-index flat i, time k) at i + (Π G_a)·k.
    public func values(onGrid grid: [[Double]], times: [Double]) -> [Double] {
        times.flatMap { initial.values(onGrid: grid, weights: decay($0)) }
    }
}
