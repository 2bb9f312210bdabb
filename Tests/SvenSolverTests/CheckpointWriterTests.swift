import Foundation
import Testing
import SvenSolver

/// A write that fails on the calls numbered in `failing` (1-based), as a disk
/// that is briefly full would, and otherwise keeps what it was given.
private final class FlakyStore {
    let failing: Set<Int>
    private(set) var calls = 0
    private(set) var stored: [SolverCheckpoint] = []
    init(failing: Set<Int>) { self.failing = failing }

    struct DiskFull: Error, CustomStringConvertible { var description: String { "No space left on device" } }

    func write(_ c: SolverCheckpoint) throws {
        calls += 1
        if failing.contains(calls) { throw DiskFull() }
        stored.append(c)
    }
}

@Suite("Checkpoint writes that fail")
struct CheckpointWriterTests {
    @Test("a failed checkpoint write is recorded and the run goes on to the uninterrupted result")
    func aFailedWriteIsAWarning() throws {
        let stopping = StoppingCriteria(maxSteps: 12)
        let start = MLPFit.initialParameters()
        var plain = Sven()
        let (plainTheta, plainSummary) = try LeastSquaresDriver.solve(MLPFit(), from: start, optimizer: &plain,
                                                                      stopping: stopping)

        let store = FlakyStore(failing: [1])            // the checkpoint of step 4 is lost
        var heard: [CheckpointWriter.Failure] = []
        let writer = CheckpointWriter(write: store.write, onFailure: { heard.append($0) })
        var sven = Sven()
        let (theta, summary) = try LeastSquaresDriver.solve(MLPFit(), from: start, optimizer: &sven, stopping: stopping,
                                                            checkpointEvery: 4, checkpoint: writer.callAsFunction)
        #expect(summary.termination == .maxSteps && summary.steps == 12)
        // Both runs are in this process on the same kernel: the guarantee is bit for bit
        // (as for --resume), not a comparison across CPUs.
        #expect(bits(theta) == bits(plainTheta))
        #expect(summary.finalCost.bitPattern == plainSummary.finalCost.bitPattern)
        let expected = [CheckpointWriter.Failure(step: 4, reason: "No space left on device")]
        #expect(writer.failures == expected)
        #expect(heard == expected)
        #expect(store.stored.map(\.driver.steps) == [8, 12])
        #expect(writer.lastWrittenStep == 12)
        #expect(writer.failures[0].description == "cannot write the checkpoint of step 4: No space left on device")

        // The later checkpoint that was written resumes to the same result.
        var resumed = Sven()
        let (again, _) = try LeastSquaresDriver.resume(MLPFit(), from: store.stored[0], optimizer: &resumed, stopping: stopping)
        #expect(bits(again) == bits(plainTheta))
    }

    @Test("every write failing leaves the run's result unchanged and lists every step")
    func everyWriteFailing() throws {
        let store = FlakyStore(failing: Set(1...10))
        let writer = CheckpointWriter(write: store.write)
        var o = Sven()
        let (theta, summary) = try LeastSquaresDriver.solve(MLPFit(), from: MLPFit.initialParameters(), optimizer: &o,
                                                            stopping: StoppingCriteria(maxSteps: 6),
                                                            checkpointEvery: 2, checkpoint: writer.callAsFunction)
        #expect(summary.steps == 6 && theta.allSatisfy(\.isFinite))
        #expect(writer.failures.map(\.step) == [2, 4, 6])
        #expect(writer.lastWrittenStep == nil && store.stored.isEmpty)
    }
}
