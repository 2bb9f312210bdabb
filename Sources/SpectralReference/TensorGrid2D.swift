// TensorGrid2D.swift — a uniform tensor grid on a box, boundary included.

/// A uniform tensor-product grid on [a0, b0] × [a1, b1], end points included:
///
///     xs[ix] = a0 + ix·(b0 − a0)/(Nx − 1),  ix = 0 … Nx − 1   (xs.last == b0 exactly),
///     ys[iy] = a1 + iy·(b1 − a1)/(Ny − 1),  iy = 0 … Ny − 1.
///
/// The default 101 × 101 points are the usual place to compare a PINN with a
/// reference. **Layout** of every per-point array belonging to the grid
/// (`points`, `sample(_:)`, `SineSeries2D.values(on:)`): the x index is fastest,
/// value (ix, iy) at `ix + Nx * iy`.
public struct TensorGrid2D: Sendable, Equatable {
    /// Lower corner (a0, a1).
    public let lower: SIMD2<Double>
    /// Upper corner (b0, b1).
    public let upper: SIMD2<Double>
    /// Points along x (Nx) and along y (Ny).
    public let count: SIMD2<Int>
    /// The Nx x coordinates, increasing, from a0 to b0.
    public let xs: [Double]
    /// The Ny y coordinates, increasing, from a1 to b1.
    public let ys: [Double]

    /// A grid with `count` points along each axis (default 101).
    ///
    /// - Throws: `SpectralReferenceError.invalidGridSize` if count < 2;
    ///   `.invalidBox` unless lower < upper with finite ends.
    public init(lower: SIMD2<Double>, upper: SIMD2<Double>, count: Int = 101) throws {
        try self.init(lower: lower, upper: upper, counts: SIMD2(count, count))
    }

    /// A grid with `counts.x` points along x and `counts.y` along y.
    public init(lower: SIMD2<Double>, upper: SIMD2<Double>, counts: SIMD2<Int>) throws {
        for d in 0..<2 {
            guard lower[d].isFinite, upper[d].isFinite, lower[d] < upper[d] else {
                throw SpectralReferenceError.invalidBox(dimension: d, lower: lower[d], upper: upper[d])
            }
            guard counts[d] >= 2 else {
                throw SpectralReferenceError.invalidGridSize(
                    field: d == 0 ? "count.x" : "count.y", value: counts[d],
                    rule: "a grid that includes both end points needs at least 2 points per axis")
            }
        }
        self.lower = lower
        self.upper = upper
        self.count = counts
        self.xs = Self.nodes(count: counts.x, lower: lower.x, upper: upper.x)
        self.ys = Self.nodes(count: counts.y, lower: lower.y, upper: upper.y)
    }

    /// Uniform nodes with both ends exact (the last is set to `b`, not computed).
    private static func nodes(count n: Int, lower a: Double, upper b: Double) -> [Double] {
        let h = (b - a) / Double(n - 1)
        var v = (0..<n).map { a + Double($0) * h }
        v[n - 1] = b
        return v
    }

    /// Total number of points Nx · Ny.
    public var pointCount: Int { count.x * count.y }

    /// All points, x index fastest: `points[ix + Nx * iy] = (xs[ix], ys[iy])`.
    public var points: [SIMD2<Double>] {
        var out = [SIMD2<Double>]()
        out.reserveCapacity(pointCount)
        for y in ys {
            for x in xs { out.append(SIMD2(x, y)) }
        }
        return out
    }

    /// Samples `f` at every point, in the grid layout (x index fastest).
    public func sample(_ f: (Double, Double) -> Double) -> [Double] {
        var out = [Double]()
        out.reserveCapacity(pointCount)
        for y in ys {
            for x in xs { out.append(f(x, y)) }
        }
        return out
    }

    /// Whether (x, y) lies in the closed box.
    public func contains(x: Double, y: Double) -> Bool {
        lower.x <= x && x <= upper.x && lower.y <= y && y <= upper.y
    }
}
