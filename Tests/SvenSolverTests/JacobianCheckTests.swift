import Testing
import LinearAlgebra
import SvenSolver
import TestSupport

@Suite("Jacobian check")
struct JacobianCheckTests {
    static let randomPoint = TestData.gaussian(25, seed: 99)

    @Test func correctJacobiansPass() throws {
        let a = TestData.gaussian(30, 5, seed: 1), b = TestData.gaussian(30, seed: 2)
        let cases: [(String, any ResidualSystem, [Double])] = [
            ("linear", LinearSystem(a, b), [0.3, -1, 2, 0.5, 7]),
            ("rosenbrock", Rosenbrock(), [-1.2, 1]),
            ("powell", PowellSingular(), PowellSingular.start),
            ("mlp at its start", MLPFit(), MLPFit.initialParameters()),
            ("mlp at a random point", MLPFit(), Self.randomPoint),
        ]
        for (name, system, theta) in cases {
            let report = JacobianCheck.run(system, at: theta)
            // Measured worst at the default step 6e-6: linear 1.0e-10, rosenbrock 5.1e-12,
            // powell 2.4e-11, mlp 2.5e-11 and 4.6e-11 (steps 1e-4…1e-7 give up to 7.6e-9).
            #expect(report.passes(tolerance: 1e-8), "\(name): \(report)")
        }
    }

    @Test func findsTheWrongEntryOfTheNetwork() {
        // A 1e-4 relative slip in ∂r₁₇/∂b₂ (column 8 + 2 = 10) of the MLP.
        let mlp = MLPFit(), theta = Self.randomPoint
        var r = Array(repeating: 0.0, count: 30), jt = Matrix(rows: 25, cols: 30)
        mlp.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt)
        let slip = 1e-4 * jt[10, 17]
        let report = JacobianCheck.run(CorruptedJacobian(mlp, row: 17, column: 10, error: slip), at: theta)
        #expect(report.worstResidual == 17 && report.worstParameter == 10)
        #expect(abs(report.maxAbsoluteError - abs(slip)) < 1e-3 * abs(slip))
        #expect(abs(report.analytic - report.finiteDifference - slip) < 1e-3 * abs(slip))
        #expect(!report.passes(tolerance: 1e-8))
    }

    @Test func findsAChainRuleSlipInPowell() {
        // ∂r₃/∂θ₃ = −4(θ₂ − 2θ₃) written as −2(θ₂ − 2θ₃): at the start the row is (0, −2, 4, 0) → (0, −2, 2, 0).
        let start = PowellSingular.start, u = start[1] - 2 * start[2]
        let wrong = CorruptedJacobian(PowellSingular(), row: 2, column: 2, error: 2 * u)
        let report = JacobianCheck.run(wrong, at: start)
        #expect(report.worstResidual == 2 && report.worstParameter == 2)
        #expect(abs(report.worstRelativeError - 0.5) < 1e-8)   // |2 − 4| / max row entry 4
        #expect(!report.passes(tolerance: 1e-2))
    }

    @Test func nonFiniteResidualsFailTheCheck() {
        // PoisonedSystem is NaN past θ = 1: the forward difference at θ = 1 sees NaN.
        let report = JacobianCheck.run(PoisonedSystem(), at: [1])
        #expect(report.worstRelativeError == .infinity && !report.passes(tolerance: 1e6))
    }
}
