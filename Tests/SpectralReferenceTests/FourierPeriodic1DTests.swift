// FourierPeriodic1DTests.swift — complex ETDRK4 and the periodic Fourier reference (KdV, Allen–Cahn, Burgers).

import Foundation
import Testing
@testable import SpectralReference

@Suite("Periodic Fourier ETDRK4")
struct FourierPeriodic1DTests {
    @Test("complex ETDRK4: exact for v' = λv with λ complex, 4th order for a complex Bernoulli equation")
    func complexETDRK4() {
        let lambda = Complex(-0.5, 3)
        let scheme = ETDRK4(complexLambda: [lambda], step: 0.25)
        var v = [1.0, 0.0], work = ETDRK4.Workspace(count: 2)
        for _ in 0..<4 { scheme.step(&v, workspace: &work) { _, o in o[0] = 0; o[1] = 0 } }
        let exact = lambda.exp
        #expect(abs(v[0] - exact.re) <= 1e-14 && abs(v[1] - exact.im) <= 1e-14)
        // v' = λv + βv², β = 1/4: 1/v = (1 + β/λ)e^{−λt} − β/λ (complex).
        let beta = 0.25, bl = Complex(beta, 0) / lambda
        let w = (bl + 1) * (Complex(0, 0) - lambda).exp - bl
        let truth = Complex(1, 0) / w
        func integrate(_ h: Double) -> Double {
            let s = ETDRK4(complexLambda: [lambda], step: h)
            var v = [1.0, 0.0], work = ETDRK4.Workspace(count: 2)
            for _ in 0..<Int((1 / h).rounded()) {
                s.step(&v, workspace: &work) { x, o in o[0] = beta * (x[0] * x[0] - x[1] * x[1]); o[1] = beta * 2 * x[0] * x[1] }
            }
            return hypot(v[0] - truth.re, v[1] - truth.im)
        }
        let e1 = integrate(0.1), e2 = integrate(0.05)
        #expect(e1 / e2 > 12 && e1 / e2 < 20, "error ratio \(e1 / e2) for halving h (4th order: 16)")
    }

    @Test("complex ETDRK4 with real λ agrees with the real layout")
    func complexLayoutMatchesReal() {
        let lambdas = [-40.0, -3, -1e-6, 0]
        let real = ETDRK4(lambda: lambdas, step: 0.1), complex = ETDRK4(complexLambda: lambdas.map { Complex($0, 0) }, step: 0.1)
        for i in lambdas.indices {
            for (a, b) in [(real.f1[i], complex.f1[i]), (real.f2[i], complex.f2[i]), (real.f3[i], complex.f3[i]), (real.q[i], complex.q[i])] {
                #expect(abs(a.re - b.re) <= 1e-14 * max(1, abs(a.re)) && abs(b.im) <= 1e-15)
            }
        }
    }

    @Test("linear dispersion u_t + δu_xxx = 0: u = cos(πx + δπ³t) to 1e-12")
    func linearDispersion() throws {
        let delta = 0.0025
        let solver = try FourierPeriodic1D(dispersion: delta, initial: { cos(.pi * $0) }, points: 32, timeStep: 1e-2,
                                           horizon: 1, outputIntervals: 10)
        let r = try solver.run(points: 32, timeStep: 1e-2)
        let xs = (0...20).map { -1 + Double($0) / 10 }
        let u = r.values(onGridX: xs, times: [1])
        #expect(ErrorNorms.maxAbs(u, xs.map { cos(.pi * $0 + delta * pow(.pi, 3)) }) <= 1e-12)
    }

    @Test("linear diffusion with reaction R(u) = −u: u = e^{−(επ²+1)t} sin πx to 1e-12")
    func diffusionReaction() throws {
        let eps = 0.01
        let solver = try FourierPeriodic1D(diffusion: eps, reaction: { -$0 }, initial: { sin(.pi * $0) }, points: 32,
                                           timeStep: 2.5e-3, horizon: 0.5, outputIntervals: 5)
        let r = try solver.run(points: 32, timeStep: 2.5e-3)
        let xs = (0...20).map { -1 + Double($0) / 10 }
        #expect(ErrorNorms.maxAbs(r.values(onGridX: xs, times: [0.5]), xs.map { exp(-(eps * .pi * .pi + 1) * 0.5) * sin(.pi * $0) }) <= 1e-12)
    }

    @Test("periodic Burgers agrees with Burgers1D (ν = 0.05, t = 0.2) to 1e-10")
    func burgersAgrees() throws {
        let periodic = try FourierPeriodic1D(advection: 1, diffusion: 0.05, initial: { -sin(.pi * $0) }, points: 128,
                                             timeStep: 1e-3, horizon: 0.2, outputIntervals: 4)
        let dirichlet = try Burgers1D(viscosity: 0.05, points: 128, timeStep: 1e-3, horizon: 0.2, outputIntervals: 4)
        let xs = (0...40).map { -1 + Double($0) / 20 }
        let a = try periodic.run(points: 128, timeStep: 1e-3).values(onGridX: xs, times: [0.1, 0.2])
        let b = try dirichlet.run(points: 128, timeStep: 1e-3).values(onGridX: xs, times: [0.1, 0.2])
        #expect(ErrorNorms.maxAbs(a, b) <= 1e-10)
    }

    @Test("KdV (δ = 0.0025, u₀ = cos πx) to t = 0.2: estimates ≤ 1e-8, mass and energy conserved")
    func kdvShort() throws {
        let kdv = try FourierPeriodic1D(advection: 1, dispersion: 0.0025, initial: { cos(.pi * $0) }, points: 256,
                                        timeStep: 2e-4, horizon: 0.2, outputIntervals: 10)
        let r = try kdv.solve()
        #expect(r.estimatedTimeError <= 1e-8 && r.estimatedSpaceError <= 1e-8,
                "time \(r.estimatedTimeError), space \(r.estimatedSpaceError)")
        // ∫u and ∫u² over the period are invariants of KdV (trapezoid rule is spectral for periodic data).
        let xs = (0..<512).map { -1 + 2 * Double($0) / 512 }
        let u0 = r.values(onGridX: xs, times: [0]), u1 = r.values(onGridX: xs, times: [0.2])
        let mass = { (u: [Double]) in u.reduce(0, +) * 2 / 512 }, energy = { (u: [Double]) in u.reduce(0) { $0 + $1 * $1 } * 2 / 512 }
        #expect(abs(mass(u1) - mass(u0)) <= 1e-10 && abs(energy(u1) - energy(u0)) <= 1e-8)
        // The nonlinearity acted: far from the linear wave cos(πx + δπ³t).
        #expect(ErrorNorms.maxAbs(u1, xs.map { cos(.pi * $0 + 0.0025 * pow(.pi, 3) * 0.2) }) > 1e-2)
    }

    @Test("periodic Allen–Cahn with smooth data: estimates ≤ 1e-9, symmetric in x")
    func allenCahnShort() throws {
        let ac = try FourierPeriodic1D(diffusion: 1e-3, reaction: { 5 * ($0 - $0 * $0 * $0) }, initial: { 0.5 * cos(.pi * $0) },
                                       points: 128, timeStep: 1e-3, horizon: 0.2, outputIntervals: 10)
        let r = try ac.solve()
        #expect(r.estimatedTimeError <= 1e-9 && r.estimatedSpaceError <= 1e-9, "time \(r.estimatedTimeError), space \(r.estimatedSpaceError)")
        let xs = (0...20).map { -1 + Double($0) / 10 }
        #expect(ErrorNorms.maxAbs(r.values(onGridX: xs, times: [0.2]), r.values(onGridX: xs.map { -$0 }, times: [0.2])) <= 1e-13)
    }

    /// |x| = ½ − Σ_{k odd} 4/(π²k²) cos πkx: sampling at N = 64 points would alias ĉ₁ by ≈ 2e-4.
    @Test("the initial coefficients are u₀'s own, not its N-point interpolant's (kinked data)")
    func initialCoefficientsAreNotAliased() throws {
        let r = try FourierPeriodic1D(diffusion: 0.01, initial: { abs($0) }, points: 64, timeStep: 0.01, horizon: 0.01, outputIntervals: 1)
            .run(points: 64, timeStep: 0.01)
        let c = r.snapshots[0]   // u = Re Σ ĉ_k e^{iπk(x+1)}: ĉ_k = −(−1)^k·4/(π²k²) for odd k
        #expect(abs(c[0] - 0.5) <= 1e-7 && abs(c[2] - 4 / (.pi * .pi)) <= 1e-7 && abs(c[6] - 4 / (9 * .pi * .pi)) <= 1e-7)
        #expect(abs(c[4]) <= 1e-7 && abs(c[3]) <= 1e-12)
    }

    @Test func badSettingsAreRefused() {
        #expect(throws: SpectralReferenceError.self) { try FourierPeriodic1D(initial: { $0 }, points: 100) }
        #expect(throws: SpectralReferenceError.self) { try FourierPeriodic1D(diffusion: -1, initial: { $0 }) }
        #expect(throws: SpectralReferenceError.self) { try FourierPeriodic1D(dispersion: .nan, initial: { $0 }) }
        #expect(throws: SpectralReferenceError.self) { try FourierPeriodic1D(period: 0, initial: { $0 }) }
        #expect(throws: SpectralReferenceError.self) { try FourierPeriodic1D(initial: { $0 }, timeStep: 0.3) }
    }
}
