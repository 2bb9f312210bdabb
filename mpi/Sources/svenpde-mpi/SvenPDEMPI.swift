import Distributed
import Foundation
import Residuals
import SvenSolver

/// `svenpde-mpi solve FILE …` under mpirun: the rows of the problem spread over
/// the ranks, Sven's step by TSQR (or the randomized route), the driver, progress,
/// checkpoints and outputs on rank 0. See scripts/mpi-test and docs/scaling.md.
@main
enum SvenPDEMPI {
    static func main() {
        let comm: Communicator
        do { comm = try Communicator.start() } catch {
            FileHandle.standardError.write(Data("svenpde-mpi: \(error)\n".utf8))
            exit(1)
        }
        let status = run(comm)
        comm.finish()
        exit(status)
    }

    /// 0 on success; 1 after printing one line (rank 0) for bad input.
    static func run(_ comm: Communicator) -> Int32 {
        func fail(_ message: String) -> Int32 {
            if comm.isRoot { FileHandle.standardError.write(Data("svenpde-mpi: \(message)\n".utf8)) }
            return 1
        }
        let arguments: Arguments
        do { arguments = try Arguments(CommandLine.arguments.dropFirst()) } catch { return fail("\(error)") }
        let share: PINNShare, rows: RowDistributedSystem
        do {
            let file = try ProblemFile.load(path: arguments.file)
            share = try PINNShare(file: file, ranks: comm.size, rank: comm.rank)
            rows = try RowDistributedSystem(comm: comm, local: share.local, partition: share.partition)
        } catch {
            return fail("\(error)")
        }
        guard comm.isRoot else {
            rows.serve()
            _ = comm.gather(Double(comm.bytesMoved))
            return 0
        }
        let result = Result { () throws -> Run in try solve(share, rows: rows, arguments: arguments) }
        rows.stop()
        let moved = comm.gather(Double(comm.bytesMoved))
        switch result {
        case .failure(let error): return fail("\(error)")
        case .success(let run):
            do {
                try run.write(share: share, arguments: arguments, comm: comm, bytesPerRank: moved)
            } catch {
                return fail("cannot write \(arguments.output): \(error)")
            }
            return 0
        }
    }

    struct Run {
        var parameters: [Double]
        var summary: Summary
        var route: DistributedSven.Route
    }

    static func solve(_ share: PINNShare, rows: RowDistributedSystem, arguments: Arguments) throws -> Run {
        let system = DistributedResidualSystem(rows)
        var options = share.options
        if let route = arguments.route {
            switch route {
            case "tsqr": options.route = .svd
            case "randomized":
                guard options.maxRank < Int.max else { throw DistributedError("--route randomized needs [solver] k in the problem file") }
                options.route = .randomized(oversampling: 10, powerIterations: 2)
            default: throw DistributedError("--route \(route): expected tsqr or randomized")
            }
        }
        var sven = DistributedSven(options)
        var stopping = share.stopping
        if let n = arguments.maxSteps { stopping.maxSteps = n }
        if arguments.noTimeLimit { stopping.timeLimit = nil }
        let every = max(1, share.file.solver.reportEvery)
        let observer: (StepRecord, [Double]) -> ObserverDecision = { record, _ in
            if record.step % every == 0 {
                print(String(format: "step %5d  cost %.6e  rank %d  eta %.3g  %.2f s", record.step, record.cost, record.rank,
                             record.eta, record.elapsed))
            }
            return .proceed
        }
        try FileManager.default.createDirectory(atPath: arguments.output, withIntermediateDirectories: true)
        let checkpointPath = arguments.output + "/checkpoint.json"
        let write: (SolverCheckpoint) -> Void = { c in
            let tmp = checkpointPath + ".tmp"
            if (try? c.json().write(to: URL(fileURLWithPath: tmp))) != nil {
                _ = try? FileManager.default.removeItem(atPath: checkpointPath)
                try? FileManager.default.moveItem(atPath: tmp, toPath: checkpointPath)
            }
        }
        let result: (parameters: [Double], summary: Summary)
        if let resume = arguments.resume {
            guard let data = FileManager.default.contents(atPath: resume) else { throw DistributedError("--resume \(resume): no such file") }
            let saved: SolverCheckpoint
            do { saved = try SolverCheckpoint(json: data) } catch { throw DistributedError("--resume \(resume): \(error)") }
            result = try LeastSquaresDriver.resume(system, from: saved, optimizer: &sven, stopping: stopping,
                                                   checkpointEvery: arguments.checkpointEvery, checkpoint: write, observer: observer)
        } else if arguments.checkpointEvery > 0 {
            result = try LeastSquaresDriver.solve(system, from: share.initialParameters, optimizer: &sven, stopping: stopping,
                                                  checkpointEvery: arguments.checkpointEvery, checkpoint: write, observer: observer)
        } else {
            result = try LeastSquaresDriver.solve(system, from: share.initialParameters, optimizer: &sven, stopping: stopping,
                                                  observer: observer)
        }
        return Run(parameters: result.parameters, summary: result.summary,
                   route: DistributedSven.route(for: options, parameters: system.parameterCount, rows: system.residualCount))
    }
}
