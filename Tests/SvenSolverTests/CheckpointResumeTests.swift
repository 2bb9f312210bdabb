import Foundation
import Testing
import SvenSolver

// MARK: - Helpers

/// The bit patterns of `xs`: equal arrays of these are equal bit for bit (−0 ≠ 0).
func bits(_ xs: [Double]) -> [UInt64] { xs.map(\.bitPattern) }

/// Every number of every record, as bit patterns (the elapsed times excepted).
func bits(_ history: [StepRecord]) -> [[UInt64]] {
    history.map { h in
        [UInt64(h.step), UInt64(h.rank)] + bits([h.cost, h.sigmaMax, h.sigmaMinKept, h.eta, h.lambda, h.stepNorm])
    }
}

/// One checkpointable optimizer configuration.
struct CheckpointCase: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () -> any CheckpointableOptimizer
    init(_ name: String, _ make: @escaping @Sendable () -> any CheckpointableOptimizer) {
        self.name = name; self.make = make
    }
    var testDescription: String { name }

    static let all: [CheckpointCase] = [
        CheckpointCase("sven") { Sven() },
        // Mini-batches, a parameter subset and a randomized sketch: three generators in play.
        CheckpointCase("sven-batched-sketched") {
            Sven(.init(maxRank: 6, route: .randomized(oversampling: 3, powerIterations: 1), batchSize: 12,
                       parameterFraction: 0.6, seed: 42))
        },
        CheckpointCase("sven-gram-micro-batched") {
            Sven(.init(rtol: 1e-6, route: .gram, batchSize: 16, microBatch: 2, seed: 7))
        },
        CheckpointCase("sven-damped") { Sven(.init(stepControl: .damped(mu0: 1e-3, muMin: 0))) },
        CheckpointCase("sven-lm") { SvenLM() },
        CheckpointCase("lm") { LevenbergMarquardt() },
        CheckpointCase("lm-nielsen") { NielsenLM() },
        CheckpointCase("lm-nielsen-geodesic") { NielsenLM(.init(geodesicAcceleration: true)) },
        CheckpointCase("gauss-newton") { GaussNewton() },
        CheckpointCase("adam") { Adam(.init(learningRate: 1e-2)) },
        // Memory 4 < 12 steps: the ring of pairs wraps around before and after a checkpoint.
        CheckpointCase("lbfgs") { LBFGS(.init(memory: 4)) },
        CheckpointCase("sgd-nesterov") { SGD(.init(learningRate: 1e-3, momentum: 0.9, nesterov: true)) },
        // Checkpoint 4 falls in the Adam phase, 8 in the L-BFGS phase.
        CheckpointCase("adam-lbfgs") {
            AdamThenLBFGS(adam: Adam(.init(learningRate: 1e-2)), lbfgs: LBFGS(.init(memory: 4)), switchAfter: 6)
        },
    ]
}

// MARK: - Resume gives the uninterrupted run bit for bit

@Suite("Checkpoint and resume")
struct CheckpointResumeTests {
    static let steps = 12, interval = 4

    @Test(arguments: CheckpointCase.all)
    func resumeFromEveryCheckpointIsBitForBit(_ entry: CheckpointCase) throws {
        let stopping = StoppingCriteria(maxSteps: Self.steps)
        let start = MLPFit.initialParameters()

        // The run as it would go without checkpoints.
        var plain = entry.make()
        let (plainTheta, plainSummary) = try LeastSquaresDriver.solve(MLPFit(), from: start, optimizer: &plain,
                                                                      stopping: stopping)
        #expect(plainSummary.termination == .maxSteps, "\(plainSummary.message)")

        // The same run, writing a checkpoint every 4 steps: it must not change a bit.
        var straight = entry.make()
        var saved: [SolverCheckpoint] = []
        let (theta, summary) = try LeastSquaresDriver.solve(
            MLPFit(), from: start, optimizer: &straight, stopping: stopping,
            checkpointEvery: Self.interval) { saved.append($0) }
        #expect(bits(theta) == bits(plainTheta))
        #expect(bits(summary.history) == bits(plainSummary.history))
        #expect(saved.map(\.driver.steps) == [4, 8, 12])

        for checkpoint in saved {
            // Through JSON and back, onto a fresh system and a fresh optimizer.
            let read = try SolverCheckpoint(json: checkpoint.json())
            #expect(read == checkpoint)
            #expect(bits(read.parameters) == bits(checkpoint.parameters))
            #expect(bits(read.driver.history) == bits(checkpoint.driver.history))

            var fresh = entry.make()
            let (resumedTheta, resumed) = try LeastSquaresDriver.resume(MLPFit(), from: read, optimizer: &fresh,
                                                                        stopping: stopping)
            #expect(bits(resumedTheta) == bits(theta), "resumed from step \(checkpoint.driver.steps)")
            #expect(bits(resumed.history) == bits(summary.history), "resumed from step \(checkpoint.driver.steps)")
            #expect(resumed.termination == summary.termination && resumed.steps == Self.steps)
            #expect(resumed.initialCost.bitPattern == summary.initialCost.bitPattern)
            #expect(fresh.checkpoint() == straight.checkpoint())
        }
    }

    /// The cost saved with a checkpoint is the one the driver recomputes on resume.
    @Test func savedCostIsTheCostAtTheSavedParameters() throws {
        var sven = Sven()
        var saved: SolverCheckpoint?
        _ = try LeastSquaresDriver.solve(MLPFit(), from: MLPFit.initialParameters(), optimizer: &sven,
                                         stopping: .init(maxSteps: 3), checkpointEvery: 3) { saved = $0 }
        let checkpoint = try #require(saved)
        let system = MLPFit()
        var r = [Double](repeating: 0, count: system.residualCount)
        system.fillResiduals(at: checkpoint.parameters, into: &r)
        #expect(MLPFit.cost(of: r).bitPattern == checkpoint.driver.cost.bitPattern)
        #expect(checkpoint.driver.cost == checkpoint.driver.history.last?.cost)
    }

    /// A run that ends (here by its step limit) leaves a checkpoint of its last step, from
    /// which a longer run goes on as if it had been asked for the longer run at once.
    @Test func finishedRunExtendsBitForBit() throws {
        let start = MLPFit.initialParameters()
        var long = LBFGS()
        let (longTheta, longSummary) = try LeastSquaresDriver.solve(MLPFit(), from: start, optimizer: &long,
                                                                    stopping: .init(maxSteps: 9))
        var short = LBFGS()
        var saved: [SolverCheckpoint] = []
        _ = try LeastSquaresDriver.solve(MLPFit(), from: start, optimizer: &short, stopping: .init(maxSteps: 5),
                                         checkpointEvery: 3) { saved.append($0) }
        #expect(saved.map(\.driver.steps) == [3, 5])
        var more = LBFGS()
        let (theta, summary) = try LeastSquaresDriver.resume(MLPFit(), from: saved[1], optimizer: &more,
                                                             stopping: .init(maxSteps: 9))
        #expect(bits(theta) == bits(longTheta) && bits(summary.history) == bits(longSummary.history))
    }

    /// The stall window carries over: resumed inside a window, the run stalls at the same step.
    @Test func stallWindowContinues() throws {
        let stopping = StoppingCriteria(maxSteps: 300, stallSteps: 6, stallTolerance: 0.03)
        var adam = Adam(.init(learningRate: 1e-3))
        var saved: [SolverCheckpoint] = []
        let (_, summary) = try LeastSquaresDriver.solve(MLPFit(), from: MLPFit.initialParameters(), optimizer: &adam,
                                                        stopping: stopping, checkpointEvery: 1) { saved.append($0) }
        #expect(summary.termination == .stalled)
        let stall = summary.steps
        // A checkpoint inside the last window: its best step lies before it.
        let inside = saved[stall - 3]
        #expect(inside.driver.steps == stall - 2 && inside.driver.bestStep < inside.driver.steps)

        var resumedAdam = Adam(.init(learningRate: 1e-3))
        let (_, resumed) = try LeastSquaresDriver.resume(MLPFit(), from: inside, optimizer: &resumedAdam,
                                                         stopping: stopping)
        #expect(resumed.termination == .stalled && resumed.steps == stall)

        // Control: forgetting the window would stall later.
        var forgetful = inside
        forgetful.driver.bestCost = forgetful.driver.cost
        forgetful.driver.bestStep = forgetful.driver.steps
        var otherAdam = Adam(.init(learningRate: 1e-3))
        let (_, late) = try LeastSquaresDriver.resume(MLPFit(), from: forgetful, optimizer: &otherAdam,
                                                      stopping: stopping)
        #expect(late.steps > stall)

        // The run's last checkpoint is of the stalled step: resumed, it stays stalled,
        // unless the window is widened.
        let last = try #require(saved.last)
        #expect(last.driver.steps == stall)
        var stillAdam = Adam(.init(learningRate: 1e-3))
        let (_, still) = try LeastSquaresDriver.resume(MLPFit(), from: last, optimizer: &stillAdam, stopping: stopping)
        #expect(still.termination == .stalled && still.steps == stall)
        var widerAdam = Adam(.init(learningRate: 1e-3))
        var wider = stopping
        wider.stallSteps = 12
        let (_, goesOn) = try LeastSquaresDriver.resume(MLPFit(), from: last, optimizer: &widerAdam, stopping: wider)
        #expect(goesOn.steps > stall)
    }

    /// A time limit counts the seconds spent before the checkpoint: past it, the
    /// resumed run stops before its first step; short of it, the clock goes on from there.
    @Test func timeLimitCountsEarlierSeconds() throws {
        var sgd = SGD(.init(learningRate: 1e-3))
        var saved: SolverCheckpoint?
        _ = try LeastSquaresDriver.solve(MLPFit(), from: MLPFit.initialParameters(), optimizer: &sgd,
                                         stopping: .init(maxSteps: 2), checkpointEvery: 2) { saved = $0 }
        var checkpoint = try #require(saved)
        checkpoint.driver.elapsedSeconds = 1e6

        var late = SGD(.init(learningRate: 1e-3))
        let (theta, over) = try LeastSquaresDriver.resume(MLPFit(), from: checkpoint, optimizer: &late,
                                                          stopping: .init(maxSteps: 100, timeLimit: 3600))
        #expect(over.termination == .timeLimit && over.steps == 2 && over.wallSeconds >= 1e6)
        #expect(bits(theta) == bits(checkpoint.parameters))

        var inTime = SGD(.init(learningRate: 1e-3))
        let (_, within) = try LeastSquaresDriver.resume(MLPFit(), from: checkpoint, optimizer: &inTime,
                                                        stopping: .init(maxSteps: 5, timeLimit: 2e6))
        #expect(within.termination == .maxSteps && within.steps == 5)
        #expect(within.history[2...].allSatisfy { $0.elapsed >= 1e6 } && within.history[1].elapsed < 1e6)
    }
}
