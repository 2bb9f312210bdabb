import ArgumentParser
import Foundation
import SolutionIO
import SvenSolver

/// The optimizers `solve` and `fit` offer. Every one starts from the same
/// initial parameters for a given seed, so runs compare like with like.
enum Method: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// Singular Value dEsceNt (the default).
    case sven
    /// Levenberg–Marquardt (MINPACK-style trust region, Moré scaling).
    case lm
    /// Gauss–Newton, minimum-norm SVD step with Armijo backtracking.
    case gaussNewton = "gauss-newton"
    /// Adam, learning rate 1e-3.
    case adam
    /// L-BFGS with a strong-Wolfe line search.
    case lbfgs
    /// SGD with heavy-ball momentum 0.9, learning rate 1e-2.
    case sgd
    /// Adam for `adamSteps` steps, then L-BFGS (the DeepXDE habit).
    case adamLbfgs = "adam-lbfgs"

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
    /// Adam steps before L-BFGS takes over in `adam-lbfgs`.
    static let adamSteps = 1000
}

/// How a run is checkpointed or resumed.
struct CheckpointPlan {
    /// Write `checkpoint.json` into `directory` every this many steps (0: never).
    var every = 0
    var directory = ""
    /// Continue from this checkpoint.
    var resume: CheckpointFile?
    /// What identifies the run, checked on resume.
    var identity: CheckpointFile.Identity
}

/// `checkpoint.json`: who wrote it (problem, network, method, seed) and the solver's state.
struct CheckpointFile: Codable {
    struct Identity: Codable, Equatable {
        var problem: String
        var network: [Int]
        var method: String
        var seed: UInt64
    }
    var format = "svenpde-checkpoint"
    var identity: Identity
    var solver: SolverCheckpoint

    static func path(in directory: String) -> String { (directory as NSString).appendingPathComponent("checkpoint.json") }

    /// JSONEncoder/JSONDecoder round-trip every Double exactly on this platform
    /// (SolverCheckpoint's tests); JSONSerialization does not, so it is never used here.
    func write(to directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(Array(try encoder.encode(self)), to: Self.path(in: directory))
    }

    static func read(from directory: String) throws -> CheckpointFile {
        let path = Self.path(in: directory)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UserError("--resume \(directory): no checkpoint.json there (write one with --checkpoint-every N)")
        }
        do {
            let file = try JSONDecoder().decode(CheckpointFile.self, from: data)
            guard file.format == "svenpde-checkpoint" else { throw UserError("\(path) is not an svenpde checkpoint") }
            return file
        } catch let e as UserError {
            throw e
        } catch {
            throw UserError("\(path) is not a readable svenpde checkpoint (\(error))")
        }
    }

    /// Refuses a checkpoint written by another setup, naming what differs.
    func check(against current: Identity, path: String) throws {
        func shape(_ w: [Int]) -> String { w.map(String.init).joined(separator: "-") }
        if identity.network != current.network {
            throw UserError("\(path) is for the network \(shape(identity.network)); this problem's network is \(shape(current.network))")
        }
        if identity.method != current.method {
            throw UserError("\(path) was written by \(identity.method); resume it with --method \(identity.method)")
        }
        if identity.problem != current.problem {
            throw UserError("\(path) is for the problem \(identity.problem), not \(current.problem)")
        }
        if identity.seed != current.seed {
            throw UserError("\(path) was written with seed \(identity.seed), not \(current.seed)")
        }
    }
}

/// Runs the driver with the chosen optimizer (Sven with the given options),
/// checkpointing and resuming as planned.
func runOptimizer(_ method: Method, sven: Sven, system: any ResidualSystem, from theta: [Double],
                  stopping: StoppingCriteria, plan: CheckpointPlan? = nil,
                  observer: @escaping (StepRecord, [Double]) -> ObserverDecision) throws
    -> (parameters: [Double], summary: Summary, name: String) {
    var writeError: Error?
    func go<O: CheckpointableOptimizer>(_ o: O) throws -> (parameters: [Double], summary: Summary, name: String) {
        var o = o
        guard let plan else {
            let (t, s) = try LeastSquaresDriver.solve(system, from: theta, optimizer: &o, stopping: stopping, observer: observer)
            return (t, s, o.name)
        }
        let save = { (state: SolverCheckpoint) in
            do { try CheckpointFile(identity: plan.identity, solver: state).write(to: plan.directory) } catch { writeError = error }
        }
        let result: (parameters: [Double], summary: Summary)
        if let saved = plan.resume {
            result = try LeastSquaresDriver.resume(system, from: saved.solver, optimizer: &o, stopping: stopping,
                                                   checkpointEvery: plan.every, checkpoint: save, observer: observer)
        } else if plan.every > 0 {
            result = try LeastSquaresDriver.solve(system, from: theta, optimizer: &o, stopping: stopping,
                                                  checkpointEvery: plan.every, checkpoint: save, observer: observer)
        } else {
            result = try LeastSquaresDriver.solve(system, from: theta, optimizer: &o, stopping: stopping, observer: observer)
        }
        if let e = writeError { throw UserError("cannot write the checkpoint: \(e)") }
        return (result.parameters, result.summary, o.name)
    }
    switch method {
    case .sven: return try go(sven)
    case .lm: return try go(LevenbergMarquardt())
    case .gaussNewton: return try go(GaussNewton())
    case .adam: return try go(Adam())
    case .lbfgs: return try go(LBFGS())
    case .sgd: return try go(SGD())
    case .adamLbfgs: return try go(AdamThenLBFGS(switchAfter: Method.adamSteps))
    }
}
