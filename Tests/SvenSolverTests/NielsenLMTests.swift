import Testing
import LinearAlgebra
import SvenSolver
import TestSupport

/// The damped step −(AᵀA + λD)⁻¹ Aᵀ r at θ = 0 (r = −b), computed through the SVD of
/// A D^{-1/2}: δ = D^{-1/2} Ṽ diag(σ/(σ² + λ)) Ũᵀ b — the spectral filter Sven uses.
private func spectralDampedStep(_ a: Matrix, _ b: [Double], lambda: Double, d: [Double]) throws -> [Double] {
    var scaled = a
    for j in 0..<a.cols { for i in 0..<a.rows { scaled[i, j] /= d[j].squareRoot() } }
    let svd = try ThinSVD(scaled)
    var c = svd.u.times(b, .transpose)
    for i in c.indices { let s = svd.singularValues[i]; c[i] *= s / (s * s + lambda) }
    var delta = svd.vt.times(c, .transpose)
    for j in delta.indices { delta[j] /= d[j].squareRoot() }
    return delta
}

@Suite("Levenberg–Marquardt, Cholesky in the smaller space, Nielsen damping")
struct NielsenLMTests {
    /// On r = Aθ − b the linear model is exact, so ρ = 1: the first trial is accepted and
    /// θ₁ is the damped step at λ₀. Tall: λ₀ = τ, D = diag(AᵀA); wide: λ₀ = τ·max diag(A Aᵀ),
    /// D = I. Both agree with the SVD filter σ/(σ² + λ) to 1e-10 relative, and Nielsen's
    /// update at ρ = 1 divides λ by 3.
    @Test(arguments: [(40, 9), (9, 40), (25, 25)])
    func firstStepIsTheSpectralDampedStep(b: Int, p: Int) throws {
        let a = TestData.gaussian(b, p, seed: 31), rhs = TestData.gaussian(b, seed: 32)
        let tau = 0.05
        var lm = NielsenLM(.init(initialDamping: tau))
        let (theta, _) = try LeastSquaresDriver.solve(LinearSystem(a, rhs), from: Array(repeating: 0, count: p),
                                                      optimizer: &lm, stopping: .init(maxSteps: 1))
        let lambda0: Double, d: [Double]
        if b >= p {
            lambda0 = tau
            d = (0..<p).map { j in (0..<b).reduce(0) { $0 + a[$1, j] * a[$1, j] } }
        } else {
            lambda0 = tau * (0..<b).map { i in (0..<p).reduce(0) { $0 + a[i, $1] * a[i, $1] } }.max()!
            d = Array(repeating: 1, count: p)
        }
        let expected = try spectralDampedStep(a, rhs, lambda: lambda0, d: d)
        #expect(maxAbsDifference(theta, expected) <= 1e-10 * norm2(expected))
        #expect(abs(lm.lambda - lambda0 / 3) <= 1e-12 * lambda0)
    }

    /// Every accepted step lowers ½‖r‖², and the runs reach the minimum (cost 0) closely:
    /// Rosenbrock and Powell to 1e-8 (measured: below 1e-20), the 30-point tanh fit to 1e-6
    /// (measured on Zen 4: 1.2e-7 at step 300 plain, below 1e-8 with acceleration).
    @Test(arguments: [false, true])
    func decreasesMonotonicallyAndConverges(geodesic: Bool) throws {
        for (system, start, bound) in [(Rosenbrock() as any ResidualSystem, [-1.2, 1.0], 1e-8),
                                       (PowellSingular(), PowellSingular.start, 1e-8),
                                       (MLPFit(), MLPFit.initialParameters(), 1e-6)] {
            var lm = NielsenLM(.init(geodesicAcceleration: geodesic))
            let (_, summary) = try LeastSquaresDriver.solve(system, from: start, optimizer: &lm,
                                                            stopping: .init(maxSteps: 300, costThreshold: 1e-20))
            let costs = [summary.initialCost] + summary.history.map(\.cost)
            for k in 1..<costs.count { #expect(costs[k] <= costs[k - 1], "\(type(of: system)) step \(k)") }
            #expect(summary.finalCost < bound, "\(type(of: system)): \(summary.termination), cost \(summary.finalCost), \(summary.steps) steps")
        }
    }

    /// r_vv = 0 on a linear problem, so the acceleration vanishes and the step is the plain one.
    @Test func accelerationVanishesOnALinearProblem() throws {
        let a = TestData.gaussian(20, 6, seed: 33), rhs = TestData.gaussian(20, seed: 34)
        var plain = NielsenLM(), accelerated = NielsenLM(.init(geodesicAcceleration: true))
        let start = Array(repeating: 0.0, count: 6)
        let one = try LeastSquaresDriver.solve(LinearSystem(a, rhs), from: start, optimizer: &plain,
                                               stopping: .init(maxSteps: 1)).parameters
        let two = try LeastSquaresDriver.solve(LinearSystem(a, rhs), from: start, optimizer: &accelerated,
                                               stopping: .init(maxSteps: 1)).parameters
        #expect(maxAbsDifference(one, two) <= 1e-9 * norm2(one))
    }

    /// A NaN in J alone (finite residuals) is reported as non-finite, not as a factorisation failure.
    @Test func nonFiniteJacobianIsReportedAsNonFinite() throws {
        final class NaNJacobian: ResidualSystem {
            var parameterCount: Int { 3 }
            var residualCount: Int { 5 }
            func fillResiduals(at p: [Double], into r: inout [Double]) { for i in 0..<5 { r[i] = Double(i) - p[i % 3] } }
            func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
                fillResiduals(at: p, into: &r)
                for i in 0..<5 { jt[i % 3, i] = -1 }
                jt[1, 2] = .nan
            }
        }
        let system = NaNJacobian()
        var lm = NielsenLM()
        try lm.prepare(for: system)
        var theta = [0.0, 0, 0], r = [Double](repeating: 0, count: 5)
        system.fillResiduals(at: theta, into: &r)
        var cost = NaNJacobian.cost(of: r)
        #expect(throws: StepFailure.nonFinite) {
            _ = try lm.step(system: system, parameters: &theta, residuals: &r, cost: &cost)
        }
    }

    @Test func badOptionsNameTheField() {
        var lm = NielsenLM(.init(initialDamping: 0))
        #expect(throws: OptionError(field: "lm.initial_damping", value: "0.0", rule: "must be finite and > 0")) {
            try lm.prepare(for: Rosenbrock())
        }
    }
}
