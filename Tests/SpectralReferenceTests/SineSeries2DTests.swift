// SineSeries2DTests.swift — evaluation of a given sine series, point-wise and on grids.

import Foundation
import Testing
@testable import SpectralReference

@Suite("SineSeries2D")
struct SineSeries2DTests {
    /// A series with a few known coefficients on [−1, 2] × [0, 3].
    static func sample() -> SineSeries2D {
        var c = [Double](repeating: 0, count: 5 * 4)
        c[0 + 5 * 0] = 1.5      // j = 1, k = 1
        c[2 + 5 * 3] = -0.25    // j = 3, k = 4
        c[4 + 5 * 1] = 0.125    // j = 5, k = 2
        return SineSeries2D(lower: [-1, 0], upper: [2, 3], nx: 5, ny: 4, coefficients: c)
    }

    static func exact(_ x: Double, _ y: Double) -> Double {
        let s = { (m: Double, t: Double) in sin(m * .pi * t / 3) }
        return 1.5 * s(1, x + 1) * s(1, y) - 0.25 * s(3, x + 1) * s(4, y) + 0.125 * s(5, x + 1) * s(2, y)
    }

    @Test("value(atX:y:) matches the closed form")
    func pointValue() {
        let series = Self.sample()
        for (x, y) in [(0.3, 1.7), (-0.9, 2.95), (1.99, 0.01), (0.5, 1.5)] {
            #expect(abs(series.value(atX: x, y: y) - Self.exact(x, y)) <= 1e-14)
        }
        #expect(series.coefficient(j: 3, k: 4) == -0.25)
    }

    @Test("values(onGridX:y:) is x-fastest and agrees with value(atX:y:)")
    func gridLayout() {
        let series = Self.sample()
        let xs = [-1, -0.5, 0.25, 1, 2.0], ys = [0, 0.7, 2.2]
        let u = series.values(onGridX: xs, y: ys)
        #expect(u.count == xs.count * ys.count)
        for (iy, y) in ys.enumerated() {
            for (ix, x) in xs.enumerated() {
                #expect(abs(u[ix + xs.count * iy] - series.value(atX: x, y: y)) <= 1e-14)
                #expect(abs(u[ix + xs.count * iy] - Self.exact(x, y)) <= 1e-14)
            }
        }
    }

    @Test("the series vanishes on the boundary to rounding")
    func boundaryIsZero() throws {
        let series = Self.sample()
        let grid = try TensorGrid2D(lower: series.lower, upper: series.upper, count: 11)
        let u = series.values(on: grid)
        for iy in 0..<11 {
            for ix in 0..<11 where ix == 0 || ix == 10 || iy == 0 || iy == 10 {
                #expect(abs(u[ix + 11 * iy]) <= 1e-14)
            }
        }
        #expect(series.values(onGridX: [], y: [1]).isEmpty)
    }
}
