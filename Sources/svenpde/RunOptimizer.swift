import Foundation
import SvenSolver

/// What `runOptimizer` hands back: the last good parameters, the summary, the
/// optimizer's name and the checkpoints that could not be written.
struct OptimizerRun {
    var parameters: [Double]
    var summary: Summary
    var name: String
    var checkpointFailures: [CheckpointWriter.Failure] = []
}

/// Runs the driver with the chosen optimizer (Sven with the given options),
/// checkpointing and resuming as planned. A checkpoint that cannot be written
/// (a full disk) is reported through `warn` and the run goes on
/// (`CheckpointWriter`); the failures come back in the result.
func runOptimizer(_ method: Method, sven: Sven, system: any ResidualSystem, from theta: [Double],
                  stopping: StoppingCriteria, plan: CheckpointPlan? = nil, warn: @escaping (String) -> Void = { _ in },
                  observer: @escaping (StepRecord, [Double]) -> ObserverDecision) throws -> OptimizerRun {
    func go<O: CheckpointableOptimizer>(_ o: O) throws -> OptimizerRun {
        var o = o
        guard let plan else {
            let (t, s) = try LeastSquaresDriver.solve(system, from: theta, optimizer: &o, stopping: stopping, observer: observer)
            return OptimizerRun(parameters: t, summary: s, name: o.name)
        }
        let writer = CheckpointWriter(
            write: { try CheckpointFile(identity: plan.identity, solver: $0, interiorPoints: plan.interiorPoints?())
                .write(to: plan.directory) },
            onFailure: { warn("\($0); the run goes on") })
        let result: (parameters: [Double], summary: Summary)
        if let saved = plan.resume {
            result = try LeastSquaresDriver.resume(system, from: saved.solver, optimizer: &o, stopping: stopping,
                                                   checkpointEvery: plan.every, checkpoint: writer.callAsFunction,
                                                   observer: observer)
        } else if plan.every > 0 {
            result = try LeastSquaresDriver.solve(system, from: theta, optimizer: &o, stopping: stopping,
                                                  checkpointEvery: plan.every, checkpoint: writer.callAsFunction,
                                                  observer: observer)
        } else {
            result = try LeastSquaresDriver.solve(system, from: theta, optimizer: &o, stopping: stopping, observer: observer)
        }
        return OptimizerRun(parameters: result.parameters, summary: result.summary, name: o.name,
                            checkpointFailures: writer.failures)
    }
    switch method {
    case .sven: return try go(sven)
    case .svenLM: return try go(SvenLM(sven: sven))
    case .lm: return try go(LevenbergMarquardt())
    case .lmNielsen: return try go(NielsenLM())
    case .gaussNewton: return try go(GaussNewton())
    case .adam: return try go(Adam())
    case .lbfgs: return try go(LBFGS())
    case .sgd: return try go(SGD())
    case .adamLbfgs: return try go(AdamThenLBFGS(switchAfter: Method.adamSteps))
    }
}
