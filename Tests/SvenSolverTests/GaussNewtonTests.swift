import Testing
import LinearAlgebra
import SvenSolver
import TestSupport

@Suite("Gauss–Newton")
struct GaussNewtonTests {
    @Test func oneStepSolvesALinearProblem() throws {
        let a = TestData.gaussian(30, 5, seed: 21), b = TestData.gaussian(30, seed: 22)
        var gn = GaussNewton()
        let (theta, summary) = try LeastSquaresDriver.solve(LinearSystem(a, b), from: Array(repeating: 0, count: 5),
                                                            optimizer: &gn, stopping: .init(maxSteps: 1))
        #expect(maxAbsDifference(theta, try ThinSVD(a).solve(b, rtol: 0)) < 1e-12)
        #expect(summary.history[0].rank == 5 && summary.history[0].eta == 1)
    }

    @Test func rankDeficientStepIsMinimumNorm() throws {
        let a = TestData.lowRank(12, 6, rank: 2, seed: 23), b = TestData.gaussian(12, seed: 24)
        var gn = GaussNewton()
        let (theta, summary) = try LeastSquaresDriver.solve(LinearSystem(a, b), from: Array(repeating: 0, count: 6),
                                                            optimizer: &gn, stopping: .init(maxSteps: 1))
        #expect(summary.history[0].rank == 2)
        #expect(maxAbsDifference(theta, try ThinSVD(a).solve(b, rtol: 1e-10)) < 1e-11)
    }

    @Test func underdeterminedStepIsMinimumNorm() throws {
        let a = TestData.gaussian(3, 8, seed: 25), b = TestData.gaussian(3, seed: 26)
        var gn = GaussNewton()
        let (theta, summary) = try LeastSquaresDriver.solve(LinearSystem(a, b), from: Array(repeating: 0, count: 8),
                                                            optimizer: &gn, stopping: .init(maxSteps: 1))
        #expect(maxAbsDifference(theta, try ThinSVD(a).solve(b, rtol: 0)) < 1e-12)
        #expect(summary.finalCost < 1e-24)
    }

    @Test func solvesRosenbrockWithArmijoDecrease() throws {
        var gn = GaussNewton()
        let (theta, summary) = try LeastSquaresDriver.solve(Rosenbrock(), from: [-1.2, 1], optimizer: &gn,
                                                            stopping: .init(maxSteps: 50, costThreshold: 1e-30))
        #expect(abs(theta[0] - 1) < 1e-12 && abs(theta[1] - 1) < 1e-12)
        #expect(summary.termination == .costThreshold)
        let costs = [summary.initialCost] + summary.history.map(\.cost)
        #expect(zip(costs, costs.dropFirst()).allSatisfy { $0 > $1 })
    }

    @Test func stepIntoNaNBacktracksOrStopsCleanly() throws {
        var gn = GaussNewton()
        let (theta, summary) = try LeastSquaresDriver.solve(PoisonedSystem(), from: [0], optimizer: &gn,
                                                            stopping: .init(maxSteps: 50))
        #expect(summary.parametersUsable)
        #expect(theta[0] <= 1 && theta[0] > 0.99)
    }

    @Test func optionErrorsNameFieldValueAndRule() {
        #expect(throws: OptionError(field: "gauss_newton.rtol", value: "-1.0", rule: "must be finite and in [0, 1)")) {
            try GaussNewton.Options(rtol: -1).validate()
        }
        #expect(throws: OptionError(field: "gauss_newton.armijo", value: "1.0", rule: "must be in (0, 1)")) {
            try GaussNewton.Options(armijo: 1).validate()
        }
        #expect(throws: OptionError(field: "gauss_newton.max_halvings", value: "61", rule: "must be in 0...60")) {
            try GaussNewton.Options(maxHalvings: 61).validate()
        }
    }
}
