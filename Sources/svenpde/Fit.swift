import ArgumentParser
import Foundation
import LinearAlgebra
import ModelFit
import Residuals
import SolutionIO
import SvenSolver

/// `svenpde fit FILE`: nonlinear least squares of a model string on a CSV data
/// file, or of a NIST StRD `.dat` file as published.
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a model string to a data file by nonlinear least squares.",
        discussion: """
            FILE is a fit file (TOML) with a [model] table (prediction formula,
            parameters, start values), a [data] table (a CSV file with a header)
            and optionally [certified] values to compare with (see
            docs/problem-files.md) — or a NIST StRD nonlinear regression file
            (.dat), read as published: its model, start 1 (or --start 2) and its
            certified values and standard deviations.
            By default two solvers run from the same start, sven and lm
            (MINPACK-style Levenberg–Marquardt), and the one with the lower
            residual sum of squares gives the answer; the output names it.
            Prints the fitted parameters with their linearised standard errors,
            the residual sum of squares, the residual standard deviation and its
            degrees of freedom and, with certified values, the number of agreeing
            digits (LRE, at most the digits certified); writes summary.json to the
            output directory.

            Examples:
              svenpde fit problems/misra1a.toml
              svenpde fit problems/misra1a.toml --method lm
              svenpde fit data/nist/Roszman1.dat --start 2
            """
    )

    @Argument(help: "The fit file (TOML) or a NIST StRD file (.dat).")
    var file: String

    @Option(name: .shortAndLong, help: "Output directory (default: [output] directory of the file, else out/<name>).")
    var output: String?

    @Option(help: "Optimizer: \(Method.names) (default: [solver] method of the file, else auto: sven and lm from the same start, the lower residual sum of squares answering).")
    var method: Method?

    @Option(parsing: .unconditional, help: "Override [solver] max_steps.")
    var maxSteps: Int?

    @Option(help: "NIST .dat files only: start from NIST's start 1 (default) or 2.")
    var start: Int?

    @Flag(name: .shortAndLong, help: "Print only the result.")
    var quiet = false

    func validate() throws {
        try OptionBounds.count(maxSteps, "--max-steps", minimum: 0)
        if let s = start, s != 1 && s != 2 {
            throw ValidationError("--start: expected 1 or 2 (NIST gives two starting points), got \(s)")
        }
    }

    func run() throws {
        try reportingErrors { try fit() }
    }

    private func fit() throws {
        let f = try FitInput.load(path: file, start: start)
        let strategy: FitStrategy
        if let m = method { strategy = .single(m) } else {
            do { strategy = try FitStrategy(method: f.solver.method) } catch let e as UserError {
                throw UserError("\(file): \(e.description)")
            }
        }
        let directory = try output ?? f.outputDirectory ?? OutputDirectory.defaultPath(forFit: file, name: f.name)
        try OutputDirectory.prepare(directory)
        let lock = try OutputLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        try OutputDirectory.setAsideEarlierRun(in: directory, fields: [])
        let system = ModelFitSystem(model: f.model, responses: f.responses, predictors: f.predictors)
        let stopping = StoppingCriteria(maxSteps: maxSteps ?? f.solver.maxSteps, timeLimit: f.solver.timeLimit,
                                        costThreshold: f.solver.targetLoss,
                                        functionTolerance: f.solver.functionTolerance,
                                        parameterTolerance: f.solver.parameterTolerance,
                                        gradientTolerance: f.solver.gradientTolerance, stallSteps: f.solver.stallSteps,
                                        stallTolerance: f.solver.stallTolerance)
        var options = Sven.Options()
        if let r = f.solver.rtol { options.rtol = r }
        if let b = f.solver.batchSize { options.batchSize = b; options.seed = f.solver.seed }
        if !quiet {
            var how = "method \(FitStrategy.automaticName) (\(FitStrategy.automaticMethods.map(\.rawValue).joined(separator: " and ")) "
                + "from the same start, the lower residual sum of squares answering; lm continues from sven's end)"
            if case .single(let m) = strategy { how = "method \(m.rawValue)" }
            say("svenpde fit \(file): \(f.name), \(f.responses.count) observations, parameters \(f.parameterNames.joined(separator: ", ")), \(how)")
        }
        let outcome = try strategy.run { m, start in
            try runOptimizer(m, sven: Sven(options), system: system, from: start ?? f.start,
                             stopping: stopping) { _, _ in .proceed }
        }
        let (theta, summary) = (outcome.parameters, outcome.summary)
        let rss = 2 * summary.finalCost
        let statistics = theta.allSatisfy(\.isFinite) ? try? LinearisedCovariance.estimate(system, at: theta) : nil
        var report = FitReport(problem: f.name, method: outcome.method, names: f.parameterNames, parameters: theta,
                               residualSumOfSquares: Metric(rss, missing: "", nonFinite: "not finite"),
                               steps: outcome.steps, wallSeconds: outcome.wallSeconds,
                               termination: summary.termination.rawValue, message: Self.message(summary))
        if strategy == .automatic { report.attempts = outcome.attempts }
        report.add(statistics, observations: f.responses.count)
        report.compare(with: f)
        for line in report.lines(certified: f) { say(line) }

        // A failed fit (no finite parameters or residual sum of squares) exits 2; a non-finite LRE, 3.
        var unusable: String?
        if !theta.allSatisfy(\.isFinite) || !summary.parametersUsable {
            unusable = "the parameters are not finite"
        } else if !rss.isFinite {
            unusable = summary.steps == 0
                ? "the residual sum of squares is not finite at the start values; check the model and the start values"
                : "the residual sum of squares is not finite at the final parameters"
        }
        if let unusable { report.residualSumOfSquares = Metric(rss, missing: "", nonFinite: unusable) }
        let nonFinite = report.logRelativeError?.enumerated().filter { $0.element.isNonFinite }
            .map { (key: "log_relative_error.\(f.parameterNames[$0.offset])", note: $0.element.note ?? "") } ?? []
        // A fit is an answer only when it converged: stopping on max_steps, time_limit,
        // no_decrease, non_finite or a failed factorisation is exit status 4.
        let converged = summary.termination.isConvergence
        report.exitStatus = unusable != nil ? ExitStatus.nothingUsable : !nonFinite.isEmpty ? ExitStatus.metricNotFinite
            : converged ? ExitStatus.success : ExitStatus.notConverged
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let path = (directory as NSString).appendingPathComponent("summary.json")
        try AtomicFile.write(Array(try encoder.encode(report)) + Array("\n".utf8), to: path)
        if !quiet { say("wrote \(path)") }
        if let why = unusable {
            throw ExitStatus.end(ExitStatus.nothingUsable, "the fit failed: \(why) (\(path) has the details)")
        }
        if !nonFinite.isEmpty {
            throw ExitStatus.end(ExitStatus.metricNotFinite, SolveReport.nonFiniteLine(nonFinite, path: path))
        }
        if !converged {
            throw ExitStatus.end(ExitStatus.notConverged, "the fit did not converge (\(summary.termination.rawValue) after "
                                 + "\(summary.steps) steps); the parameters in \(path) are the last ones, not an answer")
        }
    }

    /// The solver's message with advice for a regression fit in place of the
    /// generic one (which speaks of collocation points and networks).
    static func message(_ s: Summary) -> String {
        let advice: String
        switch s.termination {
        case .costThreshold, .functionTolerance, .parameterTolerance, .gradientTolerance:
            advice = "converged"
        case .stalled, .noDecrease:
            advice = "the residual sum of squares stopped decreasing: a minimum (to rounding) or a plateau; "
                + "a fit from another start tells which"
        case .maxSteps: advice = "not converged; raise --max-steps or try another --method"
        case .nonFinite: advice = "the model is not finite near these parameters; check the model and the start values"
        default: advice = s.termination.suggestion
        }
        let generic = s.termination.suggestion
        return s.message.contains(generic) ? s.message.replacingOccurrences(of: generic, with: advice) : s.message
    }
}
