import ArgumentParser
import Foundation
import LinearAlgebra
import ModelFit
import Residuals
import SolutionIO
import SvenSolver

/// `svenpde fit FILE`: nonlinear least squares of a model string on a CSV data file.
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a model string to a data file by nonlinear least squares.",
        discussion: """
            The file has a [model] table (prediction formula, parameters, start
            values), a [data] table (a CSV file with a header) and optionally
            [certified] values to compare with (see docs/problem-files.md).
            Prints the fitted parameters, the residual sum of squares and, with
            certified values, the number of agreeing digits (LRE); writes
            summary.json to the output directory.

            Examples:
              svenpde fit problems/misra1a.toml
              svenpde fit problems/misra1a.toml --method lm
            """
    )

    @Argument(help: "The fit file (TOML).")
    var file: String

    @Option(name: .shortAndLong, help: "Output directory (default: [output] directory of the file, else out/<name>).")
    var output: String?

    @Option(help: "Optimizer: \(Method.names) (default: [solver] method of the file, else sven).")
    var method: Method?

    @Option(parsing: .unconditional, help: "Override [solver] max_steps.")
    var maxSteps: Int?

    @Flag(name: .shortAndLong, help: "Print only the result.")
    var quiet = false

    func validate() throws {
        try OptionBounds.count(maxSteps, "--max-steps", minimum: 0)
    }

    func run() throws {
        try reportingErrors { try fit() }
    }

    private func fit() throws {
        let f = try FitFile.load(path: file)
        let model: RegressionModel
        do {
            model = try RegressionModel(response: f.response, prediction: f.prediction, parameters: f.parameterNames,
                                        predictors: f.predictorNames, responseName: f.responseColumn)
        } catch {
            throw UserError("\(file): model: \(error.message)")
        }
        let chosen: Method
        if let m = method { chosen = m } else {
            guard let m = Method(rawValue: f.solver.method) else {
                throw UserError("\(file): solver.method: unknown method \"\(f.solver.method)\"; expected one of: \(Method.names)")
            }
            chosen = m
        }
        let directory = try output ?? f.outputDirectory ?? OutputDirectory.defaultPath(forFit: file, name: f.name)
        try OutputDirectory.prepare(directory)
        let lock = try OutputLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        try OutputDirectory.setAsideEarlierRun(in: directory, fields: [])
        let system = ModelFitSystem(model: model, responses: f.responses, predictors: f.predictors)
        let stopping = StoppingCriteria(maxSteps: maxSteps ?? f.solver.maxSteps, timeLimit: f.solver.timeLimit,
                                        costThreshold: f.solver.targetLoss, stallSteps: f.solver.stallSteps)
        var options = Sven.Options()
        if let r = f.solver.rtol { options.rtol = r }
        if let b = f.solver.batchSize { options.batchSize = b; options.seed = f.solver.seed }
        if !quiet {
            say("svenpde fit \(file): \(f.name), \(f.responses.count) observations, parameters \(f.parameterNames.joined(separator: ", ")), method \(chosen.rawValue)")
        }
        let run = try runOptimizer(chosen, sven: Sven(options), system: system, from: f.start,
                                   stopping: stopping) { _, _ in .proceed }
        let (theta, summary) = (run.parameters, run.summary)
        let rss = 2 * summary.finalCost
        var lre: [Double]?
        if let c = f.certified {
            lre = zip(theta, c).map { b, c in b == c ? 15 : min(15, -log10(abs(b - c) / abs(c))) }
        }
        for (k, n) in f.parameterNames.enumerated() {
            var line = "  \(n) = \(String(format: "%.11e", theta[k]))"
            if let c = f.certified { line += String(format: "   certified %.10e   LRE %.1f", c[k], lre![k]) }
            say(line)
        }
        say(String(format: "residual sum of squares %.10e after %d steps (%@), %.3f s", rss, summary.steps,
                   summary.termination.rawValue, summary.wallSeconds))

        // A failed fit (no finite parameters or residual sum of squares) exits 2; a non-finite LRE, 3.
        var unusable: String?
        if !theta.allSatisfy(\.isFinite) || !summary.parametersUsable {
            unusable = "the parameters are not finite"
        } else if !rss.isFinite {
            unusable = summary.steps == 0
                ? "the residual sum of squares is not finite at the start values; check the model and the start values"
                : "the residual sum of squares is not finite at the final parameters"
        }
        var report = FitReport(problem: f.name, method: run.name, names: f.parameterNames, parameters: theta,
                               residualSumOfSquares: Metric(rss, missing: "", nonFinite: unusable ?? "not finite"),
                               steps: summary.steps, wallSeconds: summary.wallSeconds,
                               termination: summary.termination.rawValue, message: summary.message)
        if let lre, let c = f.certified {
            report.logRelativeError = zip(lre, zip(theta, c)).map { e, bc in
                Metric(e, missing: "", nonFinite: bc.1 == 0 ? "the certified value is 0, so the relative error is undefined"
                                                            : "the fitted value is not finite")
            }
        }
        let nonFinite = report.logRelativeError?.enumerated().filter { $0.element.isNonFinite }
            .map { (key: "log_relative_error.\(f.parameterNames[$0.offset])", note: $0.element.note ?? "") } ?? []
        report.exitStatus = unusable != nil ? ExitStatus.nothingUsable : nonFinite.isEmpty ? ExitStatus.success : ExitStatus.metricNotFinite
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
    }
}

/// `summary.json` of a fit. Numbers follow `Metric`'s rule: a finite number, or
/// null with a `<key>_note` beside it saying why.
struct FitReport: Encodable {
    var problem: String
    var method: String
    var names: [String]
    var parameters: [Double]
    var residualSumOfSquares: Metric
    var steps: Int
    var wallSeconds: Double
    var termination: String
    var message: String
    /// Per parameter, with `[certified]` values.
    var logRelativeError: [Metric]?
    var exitStatus: Int32 = ExitStatus.success

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ReportKey.self)
        func put<T: Encodable>(_ v: T, _ key: String) throws { try c.encode(v, forKey: ReportKey(key)) }
        try put(problem, "problem"); try put(method, "method"); try put(steps, "steps")
        try put(termination, "termination"); try put(message, "message"); try put(wallSeconds, "wall_seconds")
        try c.encode(residualSumOfSquares, "residual_sum_of_squares")
        var p = c.nestedContainer(keyedBy: ReportKey.self, forKey: ReportKey("parameters"))
        for (n, v) in zip(names, parameters) {
            try p.encode(Metric(v, missing: "", nonFinite: "the fitted value is not finite"), n)
        }
        if let lre = logRelativeError {
            var l = c.nestedContainer(keyedBy: ReportKey.self, forKey: ReportKey("log_relative_error"))
            for (n, m) in zip(names, lre) { try l.encode(m, n) }
        }
        try put(exitStatus, "exit_status")
    }
}
