import Testing
import LinearAlgebra
import SvenSolver
import TestSupport

@Suite("Sven")
struct SvenTests {
    @Test func oneFullRankStepLandsOnLAPACKsLeastSquaresSolution() throws {
        let a = TestData.gaussian(30, 5, seed: 1), b = TestData.gaussian(30, seed: 2)
        let system = LinearSystem(a, b)
        var sven = Sven(.init(rtol: 0, stepControl: .fixed(eta: 1)))
        let (theta, summary) = try LeastSquaresDriver.solve(system, from: [0, 0, 0, 0, 0], optimizer: &sven,
                                                            stopping: .init(maxSteps: 1))
        let reference = try ThinSVD(a).solve(b, rtol: 0)
        #expect(maxAbsDifference(theta, reference) < 1e-12)
        #expect(summary.steps == 1 && summary.history[0].rank == 5)
    }

    @Test func underdeterminedStepIsMinimumNorm() throws {
        let a = TestData.gaussian(4, 9, seed: 3), b = TestData.gaussian(4, seed: 4)
        var sven = Sven(.init(rtol: 0, stepControl: .fixed(eta: 1)))
        let (theta, summary) = try LeastSquaresDriver.solve(LinearSystem(a, b), from: Array(repeating: 0, count: 9),
                                                            optimizer: &sven, stopping: .init(maxSteps: 1))
        #expect(maxAbsDifference(theta, try ThinSVD(a).solve(b, rtol: 0)) < 1e-12)
        #expect(summary.finalCost < 1e-24)
    }

    @Test func rankDeficientStepKeepsOnlyTheRank() throws {
        let a = TestData.lowRank(12, 6, rank: 3, seed: 5), b = TestData.gaussian(12, seed: 6)
        var sven = Sven(.init(rtol: 1e-10, stepControl: .fixed(eta: 1)))
        let (theta, summary) = try LeastSquaresDriver.solve(LinearSystem(a, b), from: Array(repeating: 0, count: 6),
                                                            optimizer: &sven, stopping: .init(maxSteps: 1))
        #expect(summary.history[0].rank == 3)
        #expect(maxAbsDifference(theta, try ThinSVD(a).solve(b, rtol: 1e-10)) < 1e-11)
    }

    @Test(arguments: [Sven.StepControl.damped(mu0: 1e-3, muMin: 1e-16), .backtracking(armijo: 1e-4, maxHalvings: 30)])
    func solvesRosenbrock(control: Sven.StepControl) throws {
        var sven = Sven(.init(stepControl: control))
        let (theta, summary) = try LeastSquaresDriver.solve(Rosenbrock(), from: [-1.2, 1], optimizer: &sven,
                                                            stopping: .init(maxSteps: 200, costThreshold: 1e-30))
        #expect(abs(theta[0] - 1) < 1e-12 && abs(theta[1] - 1) < 1e-12)
        #expect(summary.termination == .costThreshold)
        // Every accepted step decreased the cost.
        let costs = [summary.initialCost] + summary.history.map(\.cost)
        #expect(zip(costs, costs.dropFirst()).allSatisfy { $0 > $1 })
    }

    @Test func fixedStepIntoNaNStopsWithLastGoodParameters() throws {
        var sven = Sven(.init(stepControl: .fixed(eta: 1)))
        let (theta, summary) = try LeastSquaresDriver.solve(PoisonedSystem(), from: [0], optimizer: &sven)
        #expect(summary.termination == .nonFinite)
        #expect(summary.parametersUsable)
        #expect(theta == [0])      // the NaN trial is never committed: θ is the start itself, on any kernel
    }

    @Test func dampedStepsAvoidTheNaNRegion() throws {
        var sven = Sven()
        let (theta, summary) = try LeastSquaresDriver.solve(PoisonedSystem(), from: [0], optimizer: &sven,
                                                            stopping: .init(maxSteps: 50))
        #expect(summary.termination == .noDecrease || summary.termination == .maxSteps)
        #expect(theta[0] <= 1 && theta[0] > 0.99)
    }

    @Test func optionErrorsNameFieldValueAndRule() {
        #expect(throws: OptionError(field: "sven.rtol", value: "-1.0", rule: "must be finite and in [0, 1)")) {
            try Sven.Options(rtol: -1).validate()
        }
        #expect(throws: OptionError(field: "sven.k", value: "0", rule: "must be at least 1")) {
            try Sven.Options(maxRank: 0).validate()
        }
        #expect(throws: OptionError(field: "sven.eta", value: "nan", rule: "must be finite and > 0")) {
            try Sven.Options(stepControl: .fixed(eta: .nan)).validate()
        }
        #expect(throws: OptionError(field: "max_steps", value: "-3", rule: "must be ≥ 0")) {
            var sven = Sven()
            _ = try LeastSquaresDriver.solve(Rosenbrock(), from: [0, 0], optimizer: &sven, stopping: .init(maxSteps: -3))
        }
    }

    @Test func observerCanStopAndSeesEveryStep() throws {
        var sven = Sven()
        var seen: [Int] = []
        let (_, summary) = try LeastSquaresDriver.solve(Rosenbrock(), from: [-1.2, 1], optimizer: &sven,
                                                        stopping: .init(maxSteps: 100)) { record, theta in
            #expect(theta.count == 2)
            seen.append(record.step)
            return record.step == 3 ? .stop : .proceed
        }
        #expect(seen == [1, 2, 3])
        #expect(summary.termination == .stoppedByObserver && summary.steps == 3)
    }
}
