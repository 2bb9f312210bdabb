import Foundation
import Testing
import LinearAlgebra
import SeededRandom
import SvenSolver
import TestSupport

/// A state that does not fit is refused with an error naming the field, the value and
/// the rule; the JSON form gives every number back bit for bit.
@Suite("Checkpoint errors and format")
struct CheckpointErrorTests {
    func error(_ field: String, _ value: String, _ rule: String) -> OptionError {
        OptionError(field: field, value: value, rule: rule)
    }

    /// A checkpoint of `optimizer` after 3 steps on MLPFit (P = 25, B = 30).
    func checkpoint<O: CheckpointableOptimizer>(_ optimizer: O) throws -> SolverCheckpoint {
        var o = optimizer
        var saved: SolverCheckpoint?
        _ = try LeastSquaresDriver.solve(MLPFit(), from: MLPFit.initialParameters(), optimizer: &o,
                                         stopping: .init(maxSteps: 3), checkpointEvery: 3) { saved = $0 }
        return try #require(saved)
    }

    @Test func wrongOptimizerOrSize() throws {
        let lbfgs = try checkpoint(LBFGS(.init(memory: 4)))
        #expect(throws: error("checkpoint.optimizer", "lbfgs", "checkpoint is for lbfgs, not sven")) {
            var sven = Sven()
            try sven.restore(lbfgs.optimizer, for: MLPFit())
        }
        #expect(throws: error("checkpoint.optimizer", "lbfgs", "checkpoint is for lbfgs, not sven")) {
            var sven = Sven()
            _ = try LeastSquaresDriver.resume(MLPFit(), from: lbfgs, optimizer: &sven)
        }
        let adam = try checkpoint(Adam())
        #expect(throws: error("checkpoint.parameter_count", "25", "checkpoint has 25 parameters, the system 2")) {
            var a = Adam()
            try a.restore(adam.optimizer, for: Rosenbrock())
        }
        #expect(throws: error("checkpoint.parameters", "25 entries", "checkpoint has 25 parameters, the system 2")) {
            var a = Adam()
            _ = try LeastSquaresDriver.resume(Rosenbrock(), from: adam, optimizer: &a)
        }
        // Sven's batch order depends on B as well.
        let sven = try checkpoint(Sven(.init(batchSize: 12)))
        let wider = LinearSystem(TestData.gaussian(40, 25, seed: 3), TestData.gaussian(40, seed: 4))
        #expect(throws: error("checkpoint.residual_count", "30", "checkpoint has 30 residuals, the system 40")) {
            var s = Sven(.init(batchSize: 12))
            try s.restore(sven.optimizer, for: wider)
        }
        #expect(throws: error("checkpoint.lbfgs.rho", "4 entries", "checkpoint has 4 curvature pairs, lbfgs.memory is 10")) {
            var l = LBFGS()
            try l.restore(lbfgs.optimizer, for: MLPFit())
        }
    }

    @Test func damagedEntries() throws {
        var adam = try checkpoint(Adam()).optimizer
        adam.reals["m"] = [1, 2, 3]
        #expect(throws: error("checkpoint.adam.m", "3 entries", "must have 25")) {
            var a = Adam()
            try a.restore(adam, for: MLPFit())
        }
        adam.reals["m"] = nil
        #expect(throws: error("checkpoint.adam.m", "absent", "the adam checkpoint needs it")) {
            var a = Adam()
            try a.restore(adam, for: MLPFit())
        }

        var sven = try checkpoint(Sven(.init(batchSize: 12))).optimizer
        sven.integers["permutation"]![0] = sven.integers["permutation"]![1]
        #expect(throws: error("checkpoint.sven.permutation", "[…]", "must be a permutation of 0..<30")) {
            var s = Sven(.init(batchSize: 12))
            try s.restore(sven, for: MLPFit())
        }
        sven = try checkpoint(Sven()).optimizer
        sven.words["generator"] = [0, 0, 0, 0]
        #expect(throws: error("checkpoint.sven.generator", "0, 0, 0, 0", "is not a xoshiro256** state")) {
            var s = Sven()
            try s.restore(sven, for: MLPFit())
        }

        var composite = try checkpoint(AdamThenLBFGS(switchAfter: 2)).optimizer
        composite.parts["lbfgs"] = nil
        #expect(throws: error("checkpoint.adam-lbfgs.lbfgs", "absent", "the adam-lbfgs checkpoint needs it")) {
            var c = AdamThenLBFGS(switchAfter: 2)
            try c.restore(composite, for: MLPFit())
        }

        var driver = try checkpoint(GaussNewton())
        driver.driver.history.removeLast()
        #expect(throws: error("checkpoint.driver.history", "2 records", "must hold one record per step (3)")) {
            var gn = GaussNewton()
            _ = try LeastSquaresDriver.resume(MLPFit(), from: driver, optimizer: &gn)
        }
        #expect(throws: error("checkpoint_every", "0", "must be ≥ 1")) {
            var gn = GaussNewton()
            _ = try LeastSquaresDriver.solve(MLPFit(), from: MLPFit.initialParameters(), optimizer: &gn,
                                             checkpointEvery: 0) { _ in }
        }
    }

    @Test func notACheckpoint() throws {
        #expect(throws: OptionError.self) { try SolverCheckpoint(json: Data("not json".utf8)) }
        var text = String(decoding: try checkpoint(GaussNewton()).json(), as: UTF8.self)
        text = text.replacingOccurrences(of: "svenpde-solver-checkpoint", with: "svenpde-mlp-parameters")
        do {
            _ = try SolverCheckpoint(json: Data(text.utf8))
            Issue.record("a file of another format was read as a checkpoint")
        } catch {
            #expect(error.field == "checkpoint" && error.rule.contains("not a svenpde-solver-checkpoint version 1"))
        }
    }

    /// JSONEncoder/JSONDecoder give doubles back bit for bit — random bit patterns of
    /// every exponent, subnormals, −0 — and NaN/±Inf survive as strings.
    @Test func jsonNumbersAreExact() throws {
        var g = SeededGenerator(seed: 2026)
        var theta: [Double] = [-0.0, 5e-324, .leastNormalMagnitude, .greatestFiniteMagnitude, 0.1, 1.0 / 3]
        while theta.count < 20_000 {
            let x = Double(bitPattern: g.next())
            if x.isFinite { theta.append(x) }
        }
        let record = StepRecord(step: 1, cost: 0.1 + 0.2, rank: 3, sigmaMax: .pi, sigmaMinKept: 1e-300,
                                eta: 0.5, lambda: 0, elapsed: 1e-9, stepNorm: 2.0.squareRoot())
        let driver = DriverState(steps: 1, cost: 0.1 + 0.2, initialCost: 10.177251385970408, bestCost: 0.3,
                                 bestStep: 1, elapsedSeconds: 0.25, history: [record])
        let state = OptimizerState(optimizer: "test", parameterCount: theta.count, residualCount: 1,
                                   reals: ["odd": [.infinity, -.infinity, .nan, -0.0]],
                                   words: ["w": [.max, 0, 1 << 63]])
        let original = SolverCheckpoint(parameters: theta, driver: driver, optimizer: state)
        let json = original.json()
        #expect(String(decoding: json, as: UTF8.self).contains("[\"inf\",\"-inf\",\"nan\",-0]"))
        let read = try SolverCheckpoint(json: json)
        #expect(bits(read.parameters) == bits(theta))
        #expect(bits(read.driver.history) == bits([record]) && read.driver == driver)
        let odd = try #require(read.optimizer.reals["odd"])
        #expect(odd[0] == .infinity && odd[1] == -.infinity && odd[2].isNaN && odd[3].bitPattern == (-0.0).bitPattern)
        #expect(read.optimizer.words == state.words)
    }

    @Test func generatorStateContinuesTheSequence() {
        var g = SeededGenerator(seed: 11)
        for _ in 0..<5 { _ = g.next() }
        guard var h = SeededGenerator(state: g.state) else { Issue.record("state not accepted"); return }
        #expect((0..<100).map { _ in g.next() } == (0..<100).map { _ in h.next() })
        #expect(SeededGenerator(state: [0, 0, 0, 0]) == nil && SeededGenerator(state: [1, 2, 3]) == nil)
    }
}
