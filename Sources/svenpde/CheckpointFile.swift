import Foundation
import SolutionIO
import SvenSolver

/// How a run is checkpointed or resumed.
struct CheckpointPlan {
    /// Write `checkpoint.json` into `directory` every this many steps (0: never).
    var every = 0
    var directory = ""
    /// Continue from this checkpoint.
    var resume: CheckpointFile?
    /// What identifies the run, checked on resume.
    var identity: CheckpointFile.Identity
    /// The interior points in use (`sampling = "rad"`: drawn by the residual, so
    /// not recomputable from the seed alone), saved with each checkpoint.
    var interiorPoints: (() -> [Double]?)? = nil
}

/// `checkpoint.json`: who wrote it (problem, network, method, seed, and a
/// fingerprint of the whole problem) and the solver's state.
struct CheckpointFile: Codable {
    struct Identity: Codable, Equatable {
        var problem: String
        var network: [Int]
        var method: String
        var seed: UInt64
        /// `ProblemFingerprint` of the problem and the settings that shape the
        /// trajectory; nil in checkpoints written before it existed.
        var fingerprint: String?
    }
    var format = "svenpde-checkpoint"
    var identity: Identity
    var solver: SolverCheckpoint
    /// The `[pde]` points in use at the checkpoint, point-major, when they were drawn
    /// by the residual (`sampling = "rad"`); absent otherwise.
    var interiorPoints: [Double]? = nil

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

    /// Refuses a checkpoint written by another setup, naming what differs;
    /// `problemFile` is the file being solved now.
    func check(against current: Identity, path: String, problemFile: String) throws {
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
        guard let saved = identity.fingerprint else {
            throw UserError("\(path) carries no problem fingerprint (an older svenpde wrote it), so it cannot be checked "
                            + "against \(problemFile); start afresh without --resume")
        }
        if let now = current.fingerprint, saved != now {
            throw UserError("\(path) was written for another version of \(current.problem) (problem fingerprint \(saved), "
                            + "now \(now)): the equations, conditions, points, data or solver settings of \(problemFile) "
                            + "changed since; start afresh without --resume, or restore the file as it was")
        }
    }
}
