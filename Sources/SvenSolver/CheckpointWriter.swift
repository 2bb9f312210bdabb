// MARK: - Writing checkpoints without risking the run

/// The `checkpoint` callback of `LeastSquaresDriver.solve(…checkpointEvery:…)` and
/// `resume`, for a caller that writes each checkpoint somewhere that may fail
/// (a full disk, a directory gone read-only): a failed write is recorded and
/// reported, never thrown, so the run goes on and the next checkpoint tries again.
/// The last checkpoint written stays whole (writes go to a temporary name and are
/// renamed over it), so a failure costs at most the steps since then on resume.
///
///     let writer = CheckpointWriter(write: { try save($0) }, onFailure: { warn($0.description) })
///     let (theta, summary) = try LeastSquaresDriver.solve(system, from: θ0, optimizer: &o,
///                                                        checkpointEvery: 50, checkpoint: writer.callAsFunction)
///     // writer.failures: what could not be written
///
/// The `write` closure is the seam: tests inject one that fails on chosen calls.
/// Not thread-safe; the driver calls it synchronously between steps.
public final class CheckpointWriter {
    /// A checkpoint that could not be written: its step and why.
    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        public var step: Int
        public var reason: String
        public init(step: Int, reason: String) { self.step = step; self.reason = reason }
        public var description: String { "cannot write the checkpoint of step \(step): \(reason)" }
    }

    /// Every failed write, in order.
    public private(set) var failures: [Failure] = []
    /// The step of the last checkpoint written, if any was.
    public private(set) var lastWrittenStep: Int?
    private let write: (SolverCheckpoint) throws -> Void
    private let onFailure: (Failure) -> Void

    /// `write` saves one checkpoint (throwing on failure); `onFailure` hears of
    /// each failure as it happens (e.g. to print a warning).
    public init(write: @escaping (SolverCheckpoint) throws -> Void, onFailure: @escaping (Failure) -> Void = { _ in }) {
        self.write = write
        self.onFailure = onFailure
    }

    /// Write `checkpoint`; a failure is recorded and reported, not thrown.
    public func callAsFunction(_ checkpoint: SolverCheckpoint) {
        do {
            try write(checkpoint)
            lastWrittenStep = checkpoint.driver.steps
        } catch {
            let failure = Failure(step: checkpoint.driver.steps, reason: "\(error)")
            failures.append(failure)
            onFailure(failure)
        }
    }
}
