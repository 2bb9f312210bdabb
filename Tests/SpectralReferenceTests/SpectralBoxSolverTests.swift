// SpectralBoxSolverTests.swift — manufactured solutions for every boundary-kind combination.

import Foundation
import Testing
@testable import SpectralReference

/// u = Π_a φ_a + ½ Π_a ψ_a with φ_a, ψ_a single eigenfunctions of −d²/dx² on axis a,
/// so −Δu + μu = (Σλ_φ + μ)Πφ + ½(Σλ_ψ + μ)Πψ exactly.
struct Manufactured {
    let lower: [Double], upper: [Double], kinds: [BoundaryKind]

    func modes(_ a: Int) -> (phi: (kind: Bool, j: Double), psi: (kind: Bool, j: Double)) {
        // (isSine, angular multiple of π/L); periodic uses 2πk/L = (2k)π/L.
        switch kinds[a] {
        case .dirichlet: return ((true, 2), (true, 3))
        case .neumann: return ((false, 2), (false, 0))
        case .periodic: return ((true, 2), (false, 4))
        }
    }

    func term(_ x: [Double], psi: Bool) -> (value: Double, lambda: Double) {
        var v = 1.0, lambda = 0.0
        for a in kinds.indices {
            let l = upper[a] - lower[a], m = psi ? modes(a).psi : modes(a).phi
            let w = m.j * .pi / l, theta = w * (x[a] - lower[a])
            v *= m.kind ? sin(theta) : cos(theta)
            lambda += w * w
        }
        return (v, lambda)
    }

    func u(_ x: [Double]) -> Double { term(x, psi: false).value + 0.5 * term(x, psi: true).value }

    func f(_ x: [Double], mu: Double) -> Double {
        let p = term(x, psi: false), q = term(x, psi: true)
        return (p.lambda + mu) * p.value + 0.5 * (q.lambda + mu) * q.value
    }

    /// Mean of u over the box: only Πψ with every axis Neumann (ψ = 1) is constant.
    var mean: Double { kinds.allSatisfy { $0 == .neumann } ? 0.5 : 0 }
}

/// Deterministic points in the box, point-major.
func samplePoints(lower: [Double], upper: [Double], count: Int, seed: UInt64 = 12345) -> [Double] {
    var state = seed
    var out = [Double]()
    for _ in 0..<count {
        for a in lower.indices {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let r = Double(state >> 11) / Double(1 << 53)
            out.append(lower[a] + r * (upper[a] - lower[a]))
        }
    }
    return out
}

func allKindCombinations(_ d: Int) -> [[BoundaryKind]] {
    guard d > 0 else { return [[]] }
    return allKindCombinations(d - 1).flatMap { head in BoundaryKind.allCases.map { head + [$0] } }
}

@Suite("SpectralBoxSolver")
struct SpectralBoxSolverTests {
    static let boxes: [(Double, Double)] = [(-0.5, 1.0), (0, 2), (1, 1.5)]

    static func size(_ kind: BoundaryKind, dimension d: Int) -> Int {
        switch kind {
        case .dirichlet: return d == 3 ? 15 : 31
        case .neumann: return d == 3 ? 9 : 17
        case .periodic: return d == 3 ? 8 : 16
        }
    }

    @Test("every Dirichlet/Neumann/periodic combination in 1D, 2D, 3D, three operators: ≤ 1e-12",
          arguments: [1, 2, 3])
    func manufacturedAllKinds(dimension d: Int) throws {
        let operators: [SpectralOperator] = [.poisson, .screenedPoisson(mu: 2.5), .helmholtz(k: 1.3)]
        for kinds in allKindCombinations(d) {
            let lower = (0..<d).map { Self.boxes[$0].0 }, upper = (0..<d).map { Self.boxes[$0].1 }
            let problem = Manufactured(lower: lower, upper: upper, kinds: kinds)
            for op in operators {
                let solver = try SpectralBoxSolver(lower: lower, upper: upper, kinds: kinds,
                                                   counts: kinds.map { Self.size($0, dimension: d) }, operator: op)
                let series = try solver.solve(forcing: { problem.f($0, mu: op.mu) }, mean: problem.mean)
                let points = samplePoints(lower: lower, upper: upper, count: 40)
                let exact = (0..<40).map { problem.u(Array(points[d * $0 ..< d * ($0 + 1)])) }
                let error = ErrorNorms.maxAbs(series.values(at: points), exact)
                #expect(error <= 1e-12, "kinds \(kinds), operator \(op): max error \(error)")
                // The tensor-grid path agrees with the pointwise one.
                let grid = (0..<d).map { a in [lower[a], 0.3 * lower[a] + 0.7 * upper[a], upper[a]] }
                var gridPoints = [Double]()
                for flat in 0..<Int(pow(3.0, Double(d))) {
                    var rest = flat
                    for a in 0..<d { gridPoints.append(grid[a][rest % 3]); rest /= 3 }
                }
                let onGrid = series.values(onGrid: grid)
                let exactGrid = (0..<onGrid.count).map { problem.u(Array(gridPoints[d * $0 ..< d * ($0 + 1)])) }
                #expect(ErrorNorms.maxAbs(onGrid, exactGrid) <= 1e-12, "grid, kinds \(kinds), operator \(op)")
            }
        }
    }

    @Test("catalog poisson5d: −Δu = π² Σ cos πx_i on [0,1]⁵ by DCT-I in every direction, mean from u*: ≤ 1e-12")
    func poisson5D() throws {
        let d = 5
        let solver = try SpectralBoxSolver(lower: Array(repeating: 0, count: d), upper: Array(repeating: 1, count: d),
                                           kinds: Array(repeating: .neumann, count: d), counts: Array(repeating: 5, count: d))
        let series = try solver.solve(forcing: { x in .pi * .pi * x.reduce(0) { $0 + cos(.pi * $1) } }, mean: 0)
        let points = samplePoints(lower: Array(repeating: 0, count: d), upper: Array(repeating: 1, count: d), count: 300)
        let exact = (0..<300).map { p in (0..<d).reduce(0.0) { $0 + cos(.pi * points[d * p + $1]) } }
        let approx = series.values(at: points)
        #expect(ErrorNorms.maxAbs(approx, exact) <= 1e-12)
        #expect(ErrorNorms.relativeL2(approx, exact) <= 1e-12)
    }

    @Test("catalog helmholtz2d: k₀ = 4π, u* = sin k₀x sin k₀y on [0,1]², 101² grid: ≤ 1e-12")
    func helmholtz2D() throws {
        let k0 = 4 * Double.pi
        let solver = try SpectralBoxSolver(lower: [0, 0], upper: [1, 1], kinds: [.dirichlet, .dirichlet],
                                           counts: [31, 31], operator: .helmholtz(k: k0))
        let series = try solver.solve(forcing: { x in k0 * k0 * sin(k0 * x[0]) * sin(k0 * x[1]) })
        let grid = try TensorGrid2D(lower: [0, 0], upper: [1, 1])
        let approx = series.values(onGrid: [grid.xs, grid.ys])
        let exact = grid.sample { x, y in sin(k0 * x) * sin(k0 * y) }
        #expect(ErrorNorms.maxAbs(approx, exact) <= 1e-12)
        #expect(ErrorNorms.relativeL2(approx, exact) <= 1e-12)
    }

    @Test("non-homogeneous Dirichlet data by lifting, 2D harmonic lift and 1D affine lift: ≤ 1e-12")
    func lifting() throws {
        let g: @Sendable ([Double]) -> Double = { x in 1 + x[0] + 2 * x[1] + 3 * x[0] * x[1] }
        let exact: ([Double]) -> Double = { x in sin(.pi * x[0]) * sin(2 * .pi * x[1]) + g(x) }
        let solver = try SpectralBoxSolver(lower: [0, 0], upper: [1, 1], kinds: [.dirichlet, .dirichlet], counts: [31, 31])
        let series = try solver.solve(forcing: { x in 5 * .pi * .pi * sin(.pi * x[0]) * sin(2 * .pi * x[1]) },
                                      lifting: Lifting(value: g, laplacian: { _ in 0 }))
        let points = samplePoints(lower: [0, 0], upper: [1, 1], count: 100) + [0, 0, 1, 1, 0, 0.7, 1, 0.2]
        let reference = (0..<104).map { exact(Array(points[2 * $0 ..< 2 * $0 + 2])) }
        #expect(ErrorNorms.maxAbs(series.values(at: points), reference) <= 1e-12)
        let grid = [[0, 0.25, 1], [0, 0.5, 1]]
        let onGrid = series.values(onGrid: grid)
        let gridExact = grid[1].flatMap { y in grid[0].map { x in exact([x, y]) } }
        #expect(ErrorNorms.maxAbs(onGrid, gridExact) <= 1e-12)

        // 1D, screened: −u'' + 3u = f, u(0) = 2, u(1) = 1, u* = sin 3πx + 2 − x.
        let solver1 = try SpectralBoxSolver(lower: [0], upper: [1], kinds: [.dirichlet], counts: [63], operator: .screenedPoisson(mu: 3))
        let lift = Lifting.affine(lower: 0, upper: 1, valueAtLower: 2, valueAtUpper: 1)
        let s1 = try solver1.solve(forcing: { x in (9 * .pi * .pi + 3) * sin(3 * .pi * x[0]) + 3 * (2 - x[0]) }, lifting: lift)
        let xs = (0...50).map { Double($0) / 50 }
        #expect(ErrorNorms.maxAbs(s1.values(at: xs), xs.map { sin(3 * .pi * $0) + 2 - $0 }) <= 1e-12)
    }

    @Test("the general solver reproduces DirichletPoissonSolver2D")
    func agreesWithDirichletPoisson2D() throws {
        let f: (Double, Double) -> Double = { x, y in exp(-x * y) + x * x - y }
        let old = try DirichletPoissonSolver2D(lower: [0, -1], upper: [2, 1], n: 31).solve(forcing: f)
        let new = try SpectralBoxSolver(lower: [0, -1], upper: [2, 1], kinds: [.dirichlet, .dirichlet], counts: [31, 31])
            .solve(forcing: { f($0[0], $0[1]) })
        let xs = (0...20).map { Double($0) / 10 }, ys = (0...20).map { -1 + Double($0) / 10 }
        #expect(ErrorNorms.maxAbs(new.values(onGrid: [xs, ys]), old.values(onGridX: xs, y: ys)) <= 1e-14)
    }
}
