// DirichletPoissonSolver2DTests.swift — manufactured solutions, convergence, validation.

import Foundation
import Testing
@testable import SpectralReference

@Suite("DirichletPoissonSolver2D")
struct DirichletPoissonSolver2DTests {
    // MARK: - Manufactured sine-product solutions: exact to rounding

    @Test("u = sin πx sin πy on [0,1]², n = 63: max error ≤ 1e-12 on 101², boundary included")
    func singleModeUnitSquare() throws {
        let solver = try DirichletPoissonSolver2D(lower: [0, 0], upper: [1, 1], n: 63)
        let series = try solver.solve { x, y in 2 * .pi * .pi * sin(.pi * x) * sin(.pi * y) }
        let grid = try TensorGrid2D(lower: [0, 0], upper: [1, 1])
        let exact = grid.sample { x, y in sin(.pi * x) * sin(.pi * y) }
        let approx = series.values(on: grid)
        #expect(ErrorNorms.maxAbs(approx, exact) <= 1e-12)
        #expect(ErrorNorms.relativeL2(approx, exact) <= 1e-12)
        #expect(abs(series.coefficient(j: 1, k: 1) - 1) <= 1e-13)
    }

    /// u = sin πx sin 2πy + 0.3 sin 3πx sin 5πy on [0,2] × [−1,1].
    /// In the box's own modes sin(jπ(x − a0)/L0) sin(kπ(y − a1)/L1) with L = 2, a1 = −1:
    /// sin πx = mode j = 2; sin 2πy = sin(4π(y+1)/2) is mode k = 4;
    /// sin 3πx is j = 6; sin 5πy = −sin(10π(y+1)/2) is k = 10 with a sign flip.
    @Test("multi-mode solution on the shifted box [0,2]×[−1,1]: ≤ 1e-12, coefficients at the shifted modes")
    func multiModeShiftedBox() throws {
        let lower: SIMD2<Double> = [0, -1], upper: SIMD2<Double> = [2, 1]
        let solver = try DirichletPoissonSolver2D(lower: lower, upper: upper, n: 63)
        let pi2 = Double.pi * .pi
        let series = try solver.solve { x, y in
            5 * pi2 * sin(.pi * x) * sin(2 * .pi * y) + 0.3 * 34 * pi2 * sin(3 * .pi * x) * sin(5 * .pi * y)
        }
        let grid = try TensorGrid2D(lower: lower, upper: upper)
        let exact = grid.sample { x, y in sin(.pi * x) * sin(2 * .pi * y) + 0.3 * sin(3 * .pi * x) * sin(5 * .pi * y) }
        #expect(ErrorNorms.maxAbs(series.values(on: grid), exact) <= 1e-12)
        #expect(abs(series.coefficient(j: 2, k: 4) - 1) <= 1e-13)
        #expect(abs(series.coefficient(j: 6, k: 10) + 0.3) <= 1e-13)
        #expect(abs(series.coefficient(j: 1, k: 1)) <= 1e-13)
    }

    @Test("separate nx ≠ ny on a wide box")
    func rectangularResolution() throws {
        let lower: SIMD2<Double> = [-1, 0], upper: SIMD2<Double> = [3, 0.5]
        let solver = try DirichletPoissonSolver2D(lower: lower, upper: upper, nx: 31, ny: 7)
        // u = sin(3π(x+1)/4) sin(2π y / 0.5): λ = (3π/4)² + (4π)².
        let lambda: Double = pow(3 * .pi / 4, 2) + pow(4 * .pi, 2)
        let u: (Double, Double) -> Double = { x, y in sin(3 * .pi * (x + 1) / 4) * sin(4 * .pi * y) }
        let series = try solver.solve { x, y in lambda * u(x, y) }
        let grid = try TensorGrid2D(lower: lower, upper: upper, counts: [41, 13])
        #expect(ErrorNorms.maxAbs(series.values(on: grid), grid.sample(u)) <= 1e-12)
        #expect(series.nx == 31 && series.ny == 7)
    }

    // MARK: - The trap: forcing that is not a sine series

    /// f = 1 has sine coefficients ~ 1/(jk) (its odd extension jumps at the
    /// boundary), so the DST solve converges only algebraically. Errors against
    /// an n = 511 solve, on a 21 × 21 grid: each doubling of n should cut the
    /// error by about 4 (O(N⁻²)); loosely, by at least 2.5 and at most 8.
    @Test("f = 1 converges like O(N⁻²), not to rounding")
    func nonSineForcingConvergesAlgebraically() throws {
        let grid = try TensorGrid2D(lower: [0, 0], upper: [1, 1], count: 21)
        func solution(_ n: Int) throws -> [Double] {
            let solver = try DirichletPoissonSolver2D(lower: [0, 0], upper: [1, 1], n: n)
            return try solver.solve { _, _ in 1 }.values(on: grid)
        }
        let reference = try solution(511)
        let errors = try [15, 31, 63].map { ErrorNorms.maxAbs(try solution($0), reference) }
        for (coarse, fine) in zip(errors, errors.dropFirst()) {
            let ratio = coarse / fine
            #expect(ratio > 2.5 && ratio < 8, "error ratio \(ratio) from \(errors)")
        }
        #expect(errors[2] > 1e-7, "n = 63 should be far from rounding for f = 1, got \(errors[2])")
        // The solution is still a sensible one: u(½, ½) ≈ 0.0736713532814 (series value).
        let center = try DirichletPoissonSolver2D(lower: [0, 0], upper: [1, 1], n: 63)
            .solve { _, _ in 1 }.value(atX: 0.5, y: 0.5)
        #expect(abs(center - 0.0736713532814) < 1e-4)
    }

    // MARK: - Interior grid and inverse transform

    @Test("interiorValues (inverse DST) agrees with series evaluation at the interior nodes")
    func interiorValuesMatchSeries() throws {
        let solver = try DirichletPoissonSolver2D(lower: [0, -1], upper: [2, 1], nx: 15, ny: 31)
        let series = try solver.solve { x, y in exp(x) * cos(y) + x * y }
        let byDST = solver.interiorValues(of: series)
        let bySum = series.values(onGridX: solver.interiorXs, y: solver.interiorYs)
        #expect(ErrorNorms.maxAbs(byDST, bySum) <= 1e-13)
        let (i, l) = (4, 9)
        #expect(abs(series.value(atX: solver.interiorXs[i], y: solver.interiorYs[l]) - byDST[i + 15 * l]) <= 1e-13)
    }

    @Test("solve(forcingSamples:) and solve(forcing:) agree; samples are x-fastest")
    func samplesLayout() throws {
        let solver = try DirichletPoissonSolver2D(lower: [0, 0], upper: [1, 2], nx: 7, ny: 15)
        let f: (Double, Double) -> Double = { x, y in x * x + 3 * y }
        var samples = [Double]()
        for y in solver.interiorYs { for x in solver.interiorXs { samples.append(f(x, y)) } }
        #expect(try solver.solve(forcingSamples: samples) == solver.solve(forcing: f))
    }

    // MARK: - Validation

    @Test("invalid n throws an error naming the value and the rule", arguments: [100, 2, 0, -1, 64, 1])
    func invalidSizeThrows(n: Int) throws {
        let error = #expect(throws: SpectralReferenceError.self) {
            _ = try DirichletPoissonSolver2D(lower: [0, 0], upper: [1, 1], n: n)
        }
        let message = String(describing: try #require(error))
        #expect(message.contains("= \(n)"), "message: \(message)")
        #expect(message.contains("power of two"), "message: \(message)")
    }

    @Test("a reversed or non-finite box throws .invalidBox")
    func invalidBoxThrows() {
        #expect(throws: SpectralReferenceError.invalidBox(dimension: 1, lower: 1, upper: 1)) {
            _ = try DirichletPoissonSolver2D(lower: [0, 1], upper: [1, 1], n: 7)
        }
        #expect(throws: SpectralReferenceError.self) {
            _ = try DirichletPoissonSolver2D(lower: [.nan, 0], upper: [1, 1], n: 7)
        }
    }

    @Test("a NaN forcing sample throws and names the point")
    func nonFiniteForcingThrows() throws {
        let solver = try DirichletPoissonSolver2D(lower: [0, 0], upper: [1, 1], n: 7)
        let error = #expect(throws: SpectralReferenceError.self) {
            _ = try solver.solve { x, y in x > 0.6 && y > 0.7 ? .nan : 1 }
        }
        guard case let .nonFiniteForcing(i, l, x, y, _)? = error else {
            Issue.record("expected .nonFiniteForcing, got \(String(describing: error))")
            return
        }
        #expect((i, l) == (4, 5))
        #expect(x == solver.interiorXs[4] && y == solver.interiorYs[5])
    }
}
