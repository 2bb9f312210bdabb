// SpectralSeries.swift — a tensor-product sine/cosine/Fourier series on a box, evaluated anywhere.

import Foundation

/// u(x) = G(x) + Σ_m c_m Π_a φ^a_{m_a}(x_a) on a box in 1 … 5 dimensions, with
/// the per-axis bases φ^a of `SpectralAxis` (sine, cosine or real Fourier) and an
/// optional lifting G (for non-homogeneous Dirichlet data, see `Lifting`).
///
/// Coefficients are stored with axis 0 fastest, m_0 + n_0·(m_1 + n_1·(…)).
/// Points are **point-major**: point p occupies `points[d·p ..< d·(p + 1)]`.
///
/// Evaluation is by contraction, one axis at a time (last axis first): at a
/// point it costs about Π n_a multiply–adds; on a tensor grid
/// (`values(onGrid:)`) each axis is contracted against its basis table once,
/// O(Σ_a Π_{b≤a} G_b Π_{b≥a} n_b), instead of Π n_a per point.
public struct SpectralSeries: Sendable {
    public let axes: [SpectralAxis]
    public let coefficients: [Double]
    /// The lifting G added to the series (nil: homogeneous data).
    public let lifting: Lifting?

    public init(axes: [SpectralAxis], coefficients: [Double], lifting: Lifting? = nil) {
        precondition(coefficients.count == axes.map(\.count).reduce(1, *),
                     "SpectralSeries: \(coefficients.count) coefficients for sizes \(axes.map(\.count))")
        self.axes = axes
        self.coefficients = coefficients
        self.lifting = lifting
    }

    public var dimension: Int { axes.count }

    /// u at each point (point-major coordinates, `dimension` per point).
    public func values(at points: [Double]) -> [Double] {
        values(at: points, derivativeAxis: nil, weights: nil)
    }

    /// ∂u/∂x_axis at each point (the lifting's derivative is not included; it is
    /// nil for the homogeneous problems where this is used).
    public func derivative(alongAxis axis: Int, at points: [Double]) -> [Double] {
        precondition(lifting == nil, "SpectralSeries.derivative: not available with a lifting")
        return values(at: points, derivativeAxis: axis, weights: nil)
    }

    /// Shared by `values(at:)` and `HeatReference`: `weights[a](m)` multiplies mode m of axis a.
    func values(at points: [Double], derivativeAxis: Int?, weights: [(Int) -> Double]?) -> [Double] {
        let d = dimension
        precondition(points.count % d == 0, "SpectralSeries.values: \(points.count) coordinates is not a multiple of d = \(d)")
        let count = points.count / d
        var out = [Double](repeating: 0, count: count)
        let sizes = axes.map(\.count)
        var work = [Double](repeating: 0, count: coefficients.count / sizes[d - 1])
        var tables = sizes.map { [Double](repeating: 0, count: $0) }
        for p in 0..<count {
            for a in 0..<d {
                let x = points[d * p + a]
                for m in 0..<sizes[a] {
                    tables[a][m] = axes[a].basis(m, at: x, derivative: derivativeAxis == a) * (weights?[a](m) ?? 1)
                }
            }
            out[p] = Self.contract(coefficients, sizes: sizes, tables: tables, work: &work)
            if let g = lifting { out[p] += g.value(Array(points[d * p ..< d * (p + 1)])) }
        }
        return out
    }

    /// Σ_m c_m Π_a t_a[m_a], contracting the slowest axis first into `work`.
    static func contract(_ c: [Double], sizes: [Int], tables: [[Double]], work: inout [Double]) -> Double {
        let d = sizes.count
        if d == 1 { return zip(c, tables[0]).reduce(0) { $0 + $1.0 * $1.1 } }
        var inner = c.count / sizes[d - 1]
        c.withUnsafeBufferPointer { c in
            work.withUnsafeMutableBufferPointer { w in
                for i in 0..<inner { w[i] = 0 }
                let t = tables[d - 1]
                for m in 0..<sizes[d - 1] {
                    let f = t[m], base = c.baseAddress! + inner * m
                    for i in 0..<inner { w[i] += f * base[i] }
                }
                for a in stride(from: d - 2, through: 1, by: -1) {
                    let next = inner / sizes[a], ta = tables[a]
                    for i in 0..<next {
                        var s = 0.0
                        for m in 0..<sizes[a] { s += ta[m] * w[i + next * m] }
                        w[i] = s  // i < next ≤ i + next·m: entries read later are untouched
                    }
                    inner = next
                }
            }
        }
        var s = 0.0
        for m in 0..<sizes[0] { s += tables[0][m] * work[m] }
        return s
    }

    /// u on the tensor grid grid[0] × … × grid[d−1], axis 0 fastest.
    public func values(onGrid grid: [[Double]]) -> [Double] {
        values(onGrid: grid, weights: nil)
    }

    func values(onGrid grid: [[Double]], weights: [(Int) -> Double]?) -> [Double] {
        precondition(grid.count == dimension, "SpectralSeries.values(onGrid:): \(grid.count) axes, series has \(dimension)")
        var shape = axes.map(\.count)
        var data = coefficients
        for a in 0..<dimension {
            // Table B[g, m] at m + n·g.
            let table = axes[a].basisTable(at: grid[a], weight: weights?[a])
            data = Self.applyAlongAxis(data, shape: shape, axis: a, matrix: table, rows: grid[a].count)
            shape[a] = grid[a].count
        }
        if let g = lifting {
            var index = [Int](repeating: 0, count: dimension)
            var point = [Double](repeating: 0, count: dimension)
            for flat in data.indices {
                var rest = flat
                for a in 0..<dimension { index[a] = rest % shape[a]; rest /= shape[a]; point[a] = grid[a][index[a]] }
                data[flat] += g.value(point)
            }
        }
        return data
    }

    /// out[…, g, …] = Σ_m B[g, m]·in[…, m, …] along `axis` (B stored at m + n·g).
    static func applyAlongAxis(_ input: [Double], shape: [Int], axis: Int, matrix: [Double], rows: Int) -> [Double] {
        let n = shape[axis]
        let inner = shape[..<axis].reduce(1, *), outer = shape[(axis + 1)...].reduce(1, *)
        var out = [Double](repeating: 0, count: inner * rows * outer)
        input.withUnsafeBufferPointer { x in
            matrix.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { y in
                    for o in 0..<outer {
                        for g in 0..<rows {
                            let dst = y.baseAddress! + inner * (g + rows * o)
                            for m in 0..<n {
                                let f = b[m + n * g]
                                if f == 0 { continue }
                                let src = x.baseAddress! + inner * (m + n * o)
                                for i in 0..<inner { dst[i] += f * src[i] }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

/// A smooth function G used to lift non-homogeneous Dirichlet data: for
/// −Δu + μu = f with u = g on the Dirichlet faces, pick G with G = g there; then
/// w = u − G solves −Δw + μw = f + ΔG − μG with w = 0 and is a sine series.
/// The result is exact (to rounding) when w is a finite sine series (e.g. G
/// harmonic and multilinear, or G = the exact solution's boundary extension).
public struct Lifting: Sendable {
    public let value: @Sendable ([Double]) -> Double
    public let laplacian: @Sendable ([Double]) -> Double

    public init(value: @escaping @Sendable ([Double]) -> Double, laplacian: @escaping @Sendable ([Double]) -> Double) {
        self.value = value
        self.laplacian = laplacian
    }

    /// The affine G(x) = g_a + (g_b − g_a)(x − a)/(b − a) along axis `axis`
    /// (ΔG = 0): lifts the two end values of a 1D (or one-axis) Dirichlet problem.
    public static func affine(axis: Int = 0, lower a: Double, upper b: Double, valueAtLower ga: Double, valueAtUpper gb: Double) -> Lifting {
        Lifting(value: { x in ga + (gb - ga) * (x[axis] - a) / (b - a) }, laplacian: { _ in 0 })
    }
}
