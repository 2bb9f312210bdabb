import Testing
import LinearAlgebra
import SvenSolver
import TestSupport

@Suite("Driver: gradient tolerance")
struct GradientToleranceTests {
    /// ‖J(θ)ᵀ r(θ)‖_∞.
    func gradientNorm(_ system: any ResidualSystem, _ theta: [Double]) -> Double {
        var r = Array(repeating: 0.0, count: system.residualCount), g = theta
        system.fillResiduals(at: theta, into: &r)
        system.applyJacobianTranspose(at: theta, r, into: &g)
        return g.map(abs).max()!
    }

    @Test func stopsAtTheFirstStepWhoseGradientIsSmallAndCountsAsConvergence() throws {
        // Powell's function: L-BFGS converges linearly there, so ‖g‖ passes through gtol.
        let gtol = 1e-6
        var lbfgs = LBFGS()
        let (theta, summary) = try LeastSquaresDriver.solve(PowellSingular(), from: PowellSingular.start,
                                                            optimizer: &lbfgs, stopping: .init(gradientTolerance: gtol))
        #expect(summary.termination == .gradientTolerance)
        #expect(summary.termination.isConvergence)
        #expect(gradientNorm(PowellSingular(), theta) <= gtol)
        // One step fewer (same deterministic run) and the gradient is still above gtol.
        var again = LBFGS()
        let (before, _) = try LeastSquaresDriver.solve(PowellSingular(), from: PowellSingular.start,
                                                       optimizer: &again, stopping: .init(maxSteps: summary.steps - 1))
        #expect(gradientNorm(PowellSingular(), before) > gtol)
        #expect(summary.steps > 5)
    }

    @Test func aStationaryStartStopsBeforeTheFirstStep() throws {
        let a = TestData.gaussian(30, 5, seed: 1), b = TestData.gaussian(30, seed: 2)
        let (optimum, optimalCost) = try optimalLinearCost(a, b, rtol: 0)
        var lbfgs = LBFGS()
        let (theta, summary) = try LeastSquaresDriver.solve(LinearSystem(a, b), from: optimum, optimizer: &lbfgs,
                                                            stopping: .init(gradientTolerance: 1e-10))
        #expect(summary.termination == .gradientTolerance && summary.steps == 0)
        // No step was taken, so θ is the start itself (exact by construction, on any kernel).
        #expect(maxAbsDifference(theta, optimum) == 0 && abs(summary.finalCost - optimalCost) < 1e-12)
    }

    @Test(arguments: [(0.0, 0), (1e-300, 6)])
    func theGradientIsComputedOnlyWhenAskedAndOncePerStep(gtol: Double, products: Int) throws {
        // Sven never forms Jᵀr itself, so every product counted here is the driver's.
        let system = CountingSystem(Rosenbrock())
        var sven = Sven()
        let (_, summary) = try LeastSquaresDriver.solve(system, from: [-1.2, 1], optimizer: &sven,
                                                        stopping: .init(maxSteps: 5, gradientTolerance: gtol))
        #expect(summary.steps == 5)
        #expect(system.transposeProducts == products)   // 1 at the start + 1 per step
    }

    @Test func validationNamesFieldValueAndRule() {
        for bad in [-1.0, .nan, .infinity] {
            #expect(throws: OptionError(field: "gradient_tolerance", value: "\(bad)", rule: "must be finite and ≥ 0")) {
                var sven = Sven()
                _ = try LeastSquaresDriver.solve(Rosenbrock(), from: [0, 0], optimizer: &sven,
                                                 stopping: .init(gradientTolerance: bad))
            }
        }
    }
}
