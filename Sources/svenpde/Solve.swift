import ArgumentParser
import Foundation
import LinearAlgebra
import PINN
import Residuals
import SvenSolver

/// `svenpde solve FILE`: train the file's network on its conditions, compare with
/// the reference, write `summary.json`.
struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a PINN on a problem file and report its error against the reference.",
        discussion: """
            Prints a progress line every few steps and a final summary; writes
            summary.json to the output directory (default out/<problem name>/).

            Examples:
              svenpde solve problems/poisson.toml
              svenpde solve problems/poisson.toml --time-limit 10 --threads 1
            """
    )

    @Argument(help: "The problem file (TOML).")
    var file: String

    @Option(name: .shortAndLong, help: "Output directory (default: [output] directory of the file, else out/<name>).")
    var output: String?

    @Option(help: "Override [solver] max_steps.")
    var maxSteps: Int?

    @Option(help: "Override [solver] time_limit, in seconds.")
    var timeLimit: Double?

    @Option(help: "Override [network] seed (initial weights).")
    var seed: UInt64?

    @Option(help: "BLAS threads (default: OPENBLAS_NUM_THREADS, else OpenBLAS's own choice).")
    var threads: Int?

    @Flag(name: .shortAndLong, help: "Print only the final summary.")
    var quiet = false

    func validate() throws {
        if let t = threads, t < 1 { throw ValidationError("--threads must be ≥ 1, got \(t)") }
        if let m = maxSteps, m < 0 { throw ValidationError("--max-steps must be ≥ 0, got \(m)") }
        if let t = timeLimit, !(t > 0 && t.isFinite) { throw ValidationError("--time-limit must be > 0 seconds, got \(t)") }
    }

    func run() throws {
        do {
            try solve()
        } catch let e as ProblemFileError {
            FileHandle.standardError.write(Data(("error: " + e.description + "\n").utf8))
            throw ExitCode(1)
        } catch let e as UserError {
            FileHandle.standardError.write(Data(("error: " + e.description + "\n").utf8))
            throw ExitCode(1)
        }
    }

    private func solve() throws {
        if let t = threads { BLAS.threads = t }
        var file = try ProblemFile.load(path: self.file)
        if let m = maxSteps { file.solver.maxSteps = m }
        if let t = timeLimit { file.solver.timeLimit = t }
        if let s = seed { file.network.seed = s }
        let setup = try SolveSetup(file: file)
        let outputDirectory = output ?? file.outputDirectory ?? "out/\(file.name)"
        try OutputDirectory.prepare(outputDirectory)

        let progress = ProgressPrinter(quiet: quiet, every: file.solver.reportEvery, maxSteps: file.solver.maxSteps)
        progress.header(file: file, setup: setup)
        let system = PINNSystem(problem: file.problem, network: setup.network, constraints: setup.constraints)
        var sven = setup.sven
        let (theta, summary) = try LeastSquaresDriver.solve(
            system, from: setup.initialParameters, optimizer: &sven, stopping: setup.stopping,
            observer: { record, theta in
                let decision = progress.step(record) { setup.errors(of: theta).relL2 }
                // [pde] resample_every: new interior points (the file parsed once already, so it parses again).
                if decision == .proceed, let every = file.pde.resampleEvery, record.step % every == 0,
                   let terms = try? file.resampledTerms(epoch: record.step / every) {
                    system.replaceTerms(terms)
                    return .refresh
                }
                return decision
            })

        let errors = setup.errors(of: theta)
        let report = SolveReport(problem: file.name, method: sven.name, network: setup.network.widths,
                                 parameters: setup.network.parameterCount, residuals: system.residualCount,
                                 summary: summary, errors: errors, threads: BLAS.threads)
        let path = try report.write(to: outputDirectory)
        progress.finish(summary, errors: errors, summaryPath: path)
    }
}
