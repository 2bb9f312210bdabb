import Testing
import SvenSolver

@Suite("Adam then L-BFGS")
struct AdamThenLBFGSTests {
    /// The composite is exactly Adam for N steps, then L-BFGS from where Adam stopped.
    @Test func isAdamThenLBFGSFromAdamsPoint() throws {
        let start = MLPFit.initialParameters()
        var composite = AdamThenLBFGS(adam: Adam(.init(learningRate: 1e-2)), lbfgs: LBFGS(), switchAfter: 5)
        #expect(composite.name == "adam-lbfgs")
        let (theta, summary) = try LeastSquaresDriver.solve(MLPFit(), from: start, optimizer: &composite,
                                                            stopping: .init(maxSteps: 15))

        var adam = Adam(.init(learningRate: 1e-2))
        let (middle, first) = try LeastSquaresDriver.solve(MLPFit(), from: start, optimizer: &adam,
                                                           stopping: .init(maxSteps: 5))
        var lbfgs = LBFGS()
        let (end, second) = try LeastSquaresDriver.solve(MLPFit(), from: middle, optimizer: &lbfgs,
                                                         stopping: .init(maxSteps: 10))
        #expect(summary.steps == 15 && first.steps == 5 && second.steps == 10)
        #expect(bits(theta) == bits(end))
        #expect(bits(summary.history.map(\.cost)) == bits((first.history + second.history).map(\.cost)))
        #expect(summary.history.prefix(5).allSatisfy { $0.eta == 1e-2 })
        #expect(composite.steps == 15 && composite.adam.state.t == 5 && composite.lbfgs.state.count > 0)
        #expect(!composite.inAdamPhase)
        // L-BFGS takes the fitting much further than Adam alone.
        #expect(summary.finalCost < first.finalCost / 10)
    }

    @Test func switchAfterZeroIsPlainLBFGS() throws {
        let start = MLPFit.initialParameters()
        var composite = AdamThenLBFGS(switchAfter: 0)
        let (theta, _) = try LeastSquaresDriver.solve(MLPFit(), from: start, optimizer: &composite,
                                                      stopping: .init(maxSteps: 8))
        var lbfgs = LBFGS()
        let (reference, _) = try LeastSquaresDriver.solve(MLPFit(), from: start, optimizer: &lbfgs,
                                                          stopping: .init(maxSteps: 8))
        #expect(bits(theta) == bits(reference) && composite.adam.state.t == 0)
    }

    @Test func negativeSwitchIsRefused() {
        #expect(throws: OptionError(field: "adam_lbfgs.switch_after", value: "-1", rule: "must be ≥ 0")) {
            var composite = AdamThenLBFGS(switchAfter: -1)
            _ = try LeastSquaresDriver.solve(Rosenbrock(), from: [0, 0], optimizer: &composite)
        }
    }
}
