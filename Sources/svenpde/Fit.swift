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
        let directory = output ?? f.outputDirectory ?? "out/\(f.name)"
        try OutputDirectory.prepare(directory)
        let system = ModelFitSystem(model: model, responses: f.responses, predictors: f.predictors)
        let stopping = StoppingCriteria(maxSteps: maxSteps ?? f.solver.maxSteps, timeLimit: f.solver.timeLimit,
                                        costThreshold: f.solver.targetLoss, stallSteps: 50)
        var options = Sven.Options()
        if let r = f.solver.rtol { options.rtol = r }
        if !quiet {
            say("svenpde fit \(file): \(f.name), \(f.responses.count) observations, parameters \(f.parameterNames.joined(separator: ", ")), method \(chosen.rawValue)")
        }
        let (theta, summary, name) = try runOptimizer(chosen, sven: Sven(options), system: system, from: f.start,
                                                      stopping: stopping) { _, _ in .proceed }
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
        let report = FitReport(problem: f.name, method: name, parameters: Dictionary(uniqueKeysWithValues: zip(f.parameterNames, theta)),
                               residualSumOfSquares: rss, steps: summary.steps, wallSeconds: summary.wallSeconds,
                               termination: summary.termination.rawValue, message: summary.message,
                               logRelativeError: lre.map { Dictionary(uniqueKeysWithValues: zip(f.parameterNames, $0)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let path = (directory as NSString).appendingPathComponent("summary.json")
        try AtomicFile.write(Array(try encoder.encode(report)) + Array("\n".utf8), to: path)
        if !quiet { say("wrote \(path)") }
    }
}

/// `summary.json` of a fit.
struct FitReport: Encodable {
    var problem: String
    var method: String
    var parameters: [String: Double]
    var residualSumOfSquares: Double
    var steps: Int
    var wallSeconds: Double
    var termination: String
    var message: String
    var logRelativeError: [String: Double]?

    enum CodingKeys: String, CodingKey {
        case problem, method, parameters, steps, termination, message
        case residualSumOfSquares = "residual_sum_of_squares", wallSeconds = "wall_seconds", logRelativeError = "log_relative_error"
    }
}
