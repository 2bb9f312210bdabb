// MARK: - Checkpointed solves

extension LeastSquaresDriver {
    /// Minimise ½‖r(θ)‖² from `initial`, as `solve(_:from:optimizer:stopping:observer:)`
    /// does, handing a `SolverCheckpoint` to `checkpoint` after every step whose number
    /// is a multiple of `interval`, and after the last step when the run ends after a
    /// successful step (by a stopping criterion, the step limit, the time limit or the
    /// observer) so that a finished run can be extended. A step that fails leaves the
    /// last checkpoint as it was. The observer sees each step before its checkpoint is
    /// taken (its `.refresh` is part of the state saved).
    ///
    /// `checkpoint` is called synchronously between steps; the caller writes the file
    /// (`SolverCheckpoint.json()`, to a temporary name, then renamed over the old one).
    ///
    /// - Throws: an `OptionError` for invalid options, and for `interval` < 1.
    public static func solve<O: CheckpointableOptimizer>(
        _ system: any ResidualSystem, from initial: [Double], optimizer: inout O,
        stopping: StoppingCriteria = StoppingCriteria(),
        checkpointEvery interval: Int,
        checkpoint: (SolverCheckpoint) -> Void,
        observer: ((StepRecord, _ parameters: [Double]) -> ObserverDecision)? = nil
    ) throws(OptionError) -> (parameters: [Double], summary: Summary) {
        try OptionError.require(interval >= 1, "checkpoint_every", interval, "must be ≥ 1")
        return try run(system, from: initial, optimizer: &optimizer, stopping: stopping, resume: nil,
                       start: { (o: inout O) throws(OptionError) in try o.prepare(for: system) },
                       checkpointEvery: interval,
                       checkpoint: { state, theta, o in
                           checkpoint(SolverCheckpoint(parameters: theta, driver: state, optimizer: o.checkpoint()))
                       },
                       observer: observer)
    }

    /// Go on from `saved` as if the run that wrote it had never stopped: with the same
    /// system, optimizer options and stopping criteria, the parameters, costs and
    /// history are bit for bit those of the uninterrupted run (the `elapsed` times
    /// excepted). `optimizer` is restored, not prepared (`CheckpointableOptimizer`).
    ///
    /// Step numbers continue from `saved.driver.steps`, so `stopping.maxSteps` counts
    /// every step of every run; the stall window and the history continue, and a time
    /// limit counts the seconds spent before the checkpoint. The cost threshold, the
    /// gradient tolerance, the stall window and the time limit are checked before the
    /// first step, so a run that stopped by one of them goes on only if it is loosened
    /// (the function and parameter tolerances judge a step, and wait for the next one).
    /// Further checkpoints, every `interval` steps (0: none), work as in
    /// `solve(…checkpointEvery:checkpoint:…)`.
    ///
    /// - Throws: an `OptionError` for invalid options, and when `saved` does not fit:
    ///   another optimizer ("checkpoint is for lbfgs, not sven"), another system size
    ///   ("checkpoint has 257 parameters, the system 1185"), inconsistent fields.
    public static func resume<O: CheckpointableOptimizer>(
        _ system: any ResidualSystem, from saved: SolverCheckpoint, optimizer: inout O,
        stopping: StoppingCriteria = StoppingCriteria(),
        checkpointEvery interval: Int = 0,
        checkpoint: (SolverCheckpoint) -> Void = { _ in },
        observer: ((StepRecord, _ parameters: [Double]) -> ObserverDecision)? = nil
    ) throws(OptionError) -> (parameters: [Double], summary: Summary) {
        try OptionError.require(interval >= 0, "checkpoint_every", interval, "must be ≥ 0")
        let p = saved.parameters.count
        try OptionError.require(p == system.parameterCount, "checkpoint.parameters", "\(p) entries",
                                "checkpoint has \(p) parameters, the system \(system.parameterCount)")
        return try run(system, from: saved.parameters, optimizer: &optimizer, stopping: stopping, resume: saved.driver,
                       start: { (o: inout O) throws(OptionError) in try o.restore(saved.optimizer, for: system) },
                       checkpointEvery: interval,
                       checkpoint: { state, theta, o in
                           checkpoint(SolverCheckpoint(parameters: theta, driver: state, optimizer: o.checkpoint()))
                       },
                       observer: observer)
    }
}
