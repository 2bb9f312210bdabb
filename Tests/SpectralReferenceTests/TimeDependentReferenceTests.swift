// TimeDependentReferenceTests.swift — Burgers and Allen–Cahn self-convergence (short horizons).

import Foundation
import Testing
@testable import SpectralReference

@Suite("Time-dependent references")
struct TimeDependentReferenceTests {
    @Test("Burgers (ν = 0.01/π) to t = 0.2, N = 256: estimated error ≤ 1e-9, odd, boundary zero")
    func burgersShort() throws {
        let burgers = try Burgers1D(points: 256, timeStep: 1e-3, horizon: 0.2, outputIntervals: 10)
        let reference = try burgers.solve()
        #expect(reference.estimatedTimeError <= 1e-9)
        #expect(reference.estimatedSpaceError <= 1e-9)
        let xs = (0...40).map { -1 + Double($0) / 20 }
        let u = reference.values(onGridX: xs, times: [0.2])
        let mirrored = reference.values(onGridX: xs.map { -$0 }, times: [0.2])
        #expect(ErrorNorms.maxAbs(u, mirrored.map { -$0 }) <= 1e-13)
        #expect(abs(u[0]) <= 1e-13 && abs(u[40]) <= 1e-13)
        let u0 = reference.values(onGridX: xs, times: [0])
        #expect(ErrorNorms.maxAbs(u0, xs.map { -sin(.pi * $0) }) <= 1e-13)
    }

    /// Measured: 1.0e-7 (max over x at the 20 mid-times, Δt_out = 0.01, 6 snapshots).
    @Test("Burgers in time: 6-point Lagrange between snapshots matches direct snapshots to 2e-7")
    func burgersTimeInterpolation() throws {
        let coarse = try Burgers1D(points: 256, timeStep: 1e-3, horizon: 0.2, outputIntervals: 20).run(points: 256, timeStep: 1e-3)
        let fine = try Burgers1D(points: 256, timeStep: 1e-3, horizon: 0.2, outputIntervals: 40).run(points: 256, timeStep: 1e-3)
        let xs = (0...40).map { -1 + Double($0) / 20 }
        let midTimes = (0..<20).map { (Double($0) + 0.5) * 0.01 }
        let interpolated = coarse.values(onGridX: xs, times: midTimes)
        let direct = fine.values(onGridX: xs, times: midTimes)
        #expect(ErrorNorms.maxAbs(interpolated, direct) <= 2e-7)
        let points = [0.3, 0.055, -0.7, 0.12]
        #expect(ErrorNorms.maxAbs(coarse.values(at: points), fine.values(at: points)) <= 2e-7)
    }

    @Test("Allen–Cahn (ε = 0.001) to t = 0.2, N = 128: estimated error ≤ 1e-9, u(±1) = −1")
    func allenCahnShort() throws {
        let ac = try AllenCahn1D(degree: 128, timeStep: 2e-3, horizon: 0.2, outputIntervals: 10)
        let reference = try ac.solve()
        #expect(reference.estimatedTimeError <= 1e-9)
        #expect(reference.estimatedSpaceError <= 1e-9)
        let u = reference.values(onGridX: [-1, 0.4, 1], times: [0, 0.2])
        #expect(u[0] == -1 && u[2] == -1 && u[3] == -1 && u[5] == -1)
        #expect(abs(u[1] - 0.16 * cos(0.4 * .pi)) <= 1e-13)
    }

    @Test("an ETDRK4 step is exact for a linear problem and 4th order otherwise")
    func etdrk4Order() {
        // v' = −3v + sin-free nonlinearity N(v) = v²/4 on a 1-vector; compare with a fine reference.
        func integrate(_ h: Double) -> Double {
            let scheme = ETDRK4(lambda: [-3], step: h)
            var v = [1.0], work = ETDRK4.Workspace(count: 1)
            for _ in 0..<Int((1 / h).rounded()) { scheme.step(&v, workspace: &work) { s, o in o[0] = 0.25 * s[0] * s[0] } }
            return v[0]
        }
        let exactLinear: Double = {
            let scheme = ETDRK4(lambda: [-3], step: 0.25)
            var v = [1.0], work = ETDRK4.Workspace(count: 1)
            for _ in 0..<4 { scheme.step(&v, workspace: &work) { _, o in o[0] = 0 } }
            return v[0]
        }()
        #expect(abs(exactLinear - exp(-3)) <= 1e-15)
        // Exact: Bernoulli v' = −3v + v²/4 ⇒ 1/v = 1/12 + (1 − 1/12)e^{3t}.
        let exact = 1 / (1.0 / 12 + (11.0 / 12) * exp(3.0))
        let e1 = abs(integrate(0.1) - exact), e2 = abs(integrate(0.05) - exact)
        #expect(e1 / e2 > 12 && e1 / e2 < 20, "error ratio \(e1 / e2) for halving h (4th order: 16)")
    }
}
