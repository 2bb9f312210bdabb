// ChebyshevSolverTests.swift — collocation on data a sine series cannot represent.

import Foundation
import Testing
@testable import SpectralReference

@Suite("ChebyshevSolver")
struct ChebyshevSolverTests {
    @Test("differentiation matrix is exact on a polynomial of degree N")
    func differentiation() {
        let n = 12, x = Chebyshev.points(n), d = Chebyshev.differentiationMatrix(n), m = n + 1
        let p = x.map { pow($0, 12) - 3 * pow($0, 5) + $0 }
        let dp = x.map { 12 * pow($0, 11) - 15 * pow($0, 4) + 1 }
        let approx = (0..<m).map { i in (0..<m).reduce(0.0) { $0 + d[i + m * $1] * p[$1] } }
        #expect(ErrorNorms.maxAbs(approx, dp) <= 1e-12)
    }

    @Test("barycentric interpolation: the node values back at the nodes, spectral between them")
    func barycentric() {
        let f: (Double) -> Double = { exp($0) * sin(2 * $0) }
        let nodes = ChebyshevInterpolant1D(lower: -2, upper: 1, values: [0, 0]).nodes
        #expect(nodes == [1, -2])
        let n = 40, ref = Chebyshev.points(n).map { -2 + 3 * (1 + $0) / 2 }
        let p = ChebyshevInterpolant1D(lower: -2, upper: 1, values: ref.map(f))
        #expect(ErrorNorms.maxAbs(p.values(at: ref), ref.map(f)) <= 2e-15)
        let xs = (0...300).map { -2 + 3 * Double($0) / 300 }
        #expect(ErrorNorms.maxAbs(p.values(at: xs), xs.map(f)) <= 1e-13)
    }

    @Test("1D: −u'' + 2u = f, u* = eˣ sin 3x + x² on [−1, 2] with its end values: ≤ 1e-11")
    func solve1D() throws {
        let u: (Double) -> Double = { exp($0) * sin(3 * $0) + $0 * $0 }
        let upp: (Double) -> Double = { exp($0) * (6 * cos(3 * $0) - 8 * sin(3 * $0)) + 2 }
        let solver = try ChebyshevSolver1D(lower: -1, upper: 2, degree: 40)
        let p = try solver.solve(operator: .screenedPoisson(mu: 2), forcing: { -upp($0) + 2 * u($0) },
                                 valueAtLower: u(-1), valueAtUpper: u(2))
        let xs = (0...300).map { -1 + 3 * Double($0) / 300 }
        #expect(ErrorNorms.maxAbs(p.values(at: xs), xs.map(u)) <= 1e-11)
    }

    @Test("2D: u* = eˣ cos 2y + x³ on [0,1]², Poisson and Helmholtz (k = 2) signs, N = 24: ≤ 1e-12",
          arguments: [SpectralOperator.poisson, .helmholtz(k: 2)])
    func solve2D(op: SpectralOperator) throws {
        let u: (Double, Double) -> Double = { x, y in exp(x) * cos(2 * y) + x * x * x }
        let minusLaplacian: (Double, Double) -> Double = { x, y in 3 * exp(x) * cos(2 * y) - 6 * x }
        let solver = try ChebyshevSolver2D(lower: [0, 0], upper: [1, 1], degree: 24)
        let p = try solver.solve(operator: op, forcing: { minusLaplacian($0, $1) + op.mu * u($0, $1) }, boundary: u)
        let grid = try TensorGrid2D(lower: [0, 0], upper: [1, 1], count: 41)
        let approx = grid.points.map { p.value(atX: $0.x, y: $0.y) }
        #expect(ErrorNorms.maxAbs(approx, grid.sample(u)) <= 1e-12)
        let pts = [0.25, 0.5, 1, 0]
        #expect(ErrorNorms.maxAbs(p.values(at: pts), [u(0.25, 0.5), u(1, 0)]) <= 1e-12)
    }

    @Test("the DST route on the same data stays far from 1e-11 (why Chebyshev exists)")
    func sineSeriesIsSlowHere() throws {
        // Homogeneous data that is not a sine series: u* = x(1 − x) y(1 − y) eˣ.
        let u: (Double, Double) -> Double = { x, y in x * (1 - x) * y * (1 - y) * exp(x) }
        let f: (Double, Double) -> Double = { x, y in
            let gx = x * (1 - x) * exp(x), gxx = exp(x) * (-x * x - 3 * x)  // (x − x²)eˣ'' = eˣ(−x² − 3x)
            let gy = y * (1 - y)
            return -(gxx * gy + gx * -2)
        }
        let cheb = try ChebyshevSolver2D(lower: [0, 0], upper: [1, 1], degree: 20).solve(forcing: f, boundary: { _, _ in 0 })
        let dst = try DirichletPoissonSolver2D(lower: [0, 0], upper: [1, 1], n: 63).solve(forcing: f)
        let grid = try TensorGrid2D(lower: [0, 0], upper: [1, 1], count: 21)
        let exact = grid.sample(u)
        let chebError = ErrorNorms.maxAbs(grid.points.map { cheb.value(atX: $0.x, y: $0.y) }, exact)
        let dstError = ErrorNorms.maxAbs(dst.values(on: grid), exact)
        #expect(chebError <= 1e-12)
        #expect(dstError >= 1e-7)
    }
}
