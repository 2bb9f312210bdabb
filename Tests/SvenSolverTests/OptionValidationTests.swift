import Testing
import SvenSolver

/// Every bad option names its field, its value and the rule it broke — and
/// `LeastSquaresDriver.solve` reports it before taking a step.
@Suite("Option validation")
struct OptionValidationTests {
    func error(_ field: String, _ value: String, _ rule: String) -> OptionError {
        OptionError(field: field, value: value, rule: rule)
    }

    @Test func adam() {
        #expect(throws: error("adam.learning_rate", "0.0", "must be finite and > 0")) {
            try Adam.Options(learningRate: 0).validate()
        }
        #expect(throws: error("adam.beta1", "1.0", "must be in [0, 1)")) { try Adam.Options(beta1: 1).validate() }
        #expect(throws: error("adam.beta2", "-0.1", "must be in [0, 1)")) { try Adam.Options(beta2: -0.1).validate() }
        #expect(throws: error("adam.epsilon", "0.0", "must be finite and > 0")) { try Adam.Options(epsilon: 0).validate() }
        #expect(throws: error("adam.learning_rate.decay_steps", "0", "must be ≥ 1")) {
            var adam = Adam(.init(learningRate: .cosineDecay(initial: 1e-3, steps: 0, alpha: 0)))
            _ = try LeastSquaresDriver.solve(Rosenbrock(), from: [0, 0], optimizer: &adam)
        }
        #expect(throws: Never.self) { try Adam.Options().validate() }
    }

    @Test func sgd() {
        #expect(throws: error("sgd.learning_rate", "inf", "must be finite and > 0")) {
            try SGD.Options(learningRate: .constant(.infinity)).validate()
        }
        #expect(throws: error("sgd.momentum", "1.0", "must be in [0, 1)")) { try SGD.Options(momentum: 1).validate() }
        #expect(throws: error("sgd.nesterov", "true", "needs sgd.momentum > 0")) {
            try SGD.Options(momentum: 0, nesterov: true).validate()
        }
        #expect(throws: Never.self) { try SGD.Options().validate() }
    }

    @Test func schedules() {
        let field = "sgd.learning_rate"
        #expect(throws: error(field + ".initial", "-1.0", "must be finite and > 0")) {
            try Schedule.exponentialDecay(initial: -1, rate: 0.5, steps: 10).validate(field: field)
        }
        #expect(throws: error(field + ".decay_rate", "1.5", "must be in (0, 1]")) {
            try Schedule.exponentialDecay(initial: 1, rate: 1.5, steps: 10).validate(field: field)
        }
        #expect(throws: error(field + ".alpha", "2.0", "must be in [0, 1]")) {
            try Schedule.cosineDecay(initial: 1, steps: 10, alpha: 2).validate(field: field)
        }
        #expect(throws: error(field + ".warmup_steps", "0", "must be ≥ 1")) {
            try Schedule.linearWarmup(steps: 0, then: 1e-3).validate(field: field)
        }
        #expect(throws: error(field, "0.0", "must be finite and > 0")) {   // the schedule after the warm-up
            try Schedule.linearWarmup(steps: 10, then: .constant(0)).validate(field: field)
        }
    }

    @Test func lbfgs() {
        #expect(throws: error("lbfgs.memory", "0", "must be ≥ 1")) { try LBFGS.Options(memory: 0).validate() }
        #expect(throws: error("lbfgs.c1", "0.0", "must be in (0, 1)")) { try LBFGS.Options(c1: 0).validate() }
        #expect(throws: error("lbfgs.c2", "0.001", "must be in (c1, 1) = (0.01, 1)")) {
            try LBFGS.Options(c1: 0.01, c2: 0.001).validate()
        }
        #expect(throws: error("lbfgs.max_line_search_evaluations", "0", "must be ≥ 1")) {
            var lbfgs = LBFGS(.init(maxLineSearchEvaluations: 0))
            _ = try LeastSquaresDriver.solve(Rosenbrock(), from: [0, 0], optimizer: &lbfgs)
        }
        #expect(throws: Never.self) { try LBFGS.Options().validate() }
    }
}
