// TensorGrid2DTests.swift — the uniform evaluation grid.

import Testing
@testable import SpectralReference

@Suite("TensorGrid2D")
struct TensorGrid2DTests {
    @Test("default 101 × 101, ends exact, uniform spacing")
    func defaultGrid() throws {
        let grid = try TensorGrid2D(lower: [0, -1], upper: [0.3, 1])
        #expect(grid.count == SIMD2(101, 101) && grid.pointCount == 10_201)
        #expect(grid.xs.first == 0 && grid.xs.last == 0.3)
        #expect(grid.ys.first == -1 && grid.ys.last == 1)
        #expect(abs(grid.ys[50]) <= 1e-15)
        #expect(abs(grid.xs[1] - 0.003) <= 1e-15)
    }

    @Test("points and sample use the x-fastest layout")
    func layout() throws {
        let grid = try TensorGrid2D(lower: [0, 0], upper: [1, 1], counts: [3, 2])
        #expect(grid.points == [[0, 0], [0.5, 0], [1, 0], [0, 1], [0.5, 1], [1, 1]])
        #expect(grid.sample { x, y in x + 10 * y } == [0, 0.5, 1, 10, 10.5, 11])
        #expect(grid.contains(x: 1, y: 0) && !grid.contains(x: 1.01, y: 0.5))
    }

    @Test("fewer than two points or an empty box throws")
    func validation() {
        #expect(throws: SpectralReferenceError.self) {
            _ = try TensorGrid2D(lower: [0, 0], upper: [1, 1], count: 1)
        }
        #expect(throws: SpectralReferenceError.invalidBox(dimension: 0, lower: 2, upper: 1)) {
            _ = try TensorGrid2D(lower: [2, 0], upper: [1, 1])
        }
    }
}
