// Benchmark (run on demand): the NIST StRD nonlinear regression problems (data/nist/).
//   OPENBLAS_NUM_THREADS=1 swift run -c release nist-strd [data directory] [output file]
//   … nist-strd --trace Misra1a      (also print every step of every run on that set)
// Defaults: data/nist, bench/results/nist.md. Runs Sven, LevenbergMarquardt and
// GaussNewton (default options, default stopping criteria) on every data set from
// both NIST starts and scores each run by the LRE — the number of digits that agree
// with the certified values, min over parameters, capped at 11 — as Ceres does.
import Foundation
import ModelFit
import SvenSolver

var arguments = Array(CommandLine.arguments.dropFirst())
/// `--trace NAME`: print every step of every run on that data set.
let traced: String? = arguments.firstIndex(of: "--trace").flatMap { i in
    i + 1 < arguments.count ? arguments[i + 1] : nil
}
if let i = arguments.firstIndex(of: "--trace") { arguments.removeSubrange(i...min(i + 1, arguments.count - 1)) }
let directory = arguments.count > 0 ? arguments[0] : "data/nist"
let output = arguments.count > 1 ? arguments[1] : "bench/results/nist.md"

/// One optimizer run from one start.
struct Run {
    var optimizer: String
    var start: Int
    var lre: Double
    var steps: Int
    var seconds: Double
    var termination: Termination
    var rss: Double
    /// The first step after which LRE ≥ the target (nil: never).
    var stepAtTarget: Int?
}

/// The LRE target of the issue: 6 digits on lower and average sets, 4 on higher ones.
func target(_ level: NISTDataset.Difficulty) -> Double { level == .higher ? 4 : 6 }

func solve<O: Optimizer>(_ optimizer: inout O, _ system: ModelFitSystem, _ data: NISTDataset, start: Int,
                         trace: Bool) throws -> Run {
    if trace { print("== \(data.name) start \(start) \(optimizer.name)") }
    var stepAtTarget: Int?
    let (b, summary) = try LeastSquaresDriver.solve(system, from: data.startingValues[start - 1],
                                                    optimizer: &optimizer) { record, theta in
        if stepAtTarget == nil && data.logRelativeError(theta) >= target(data.difficulty) { stepAtTarget = record.step }
        if trace {
            print(String(format: "%4d cost %.12e  LRE %5.2f  rank %d  σ1 %.2e  σk %.2e  η %.3g  λ %.3e  |δ| %.3e",
                         record.step, record.cost, data.logRelativeError(theta), record.rank, record.sigmaMax,
                         record.sigmaMinKept, record.eta, record.lambda, record.stepNorm))
        }
        return .proceed
    }
    if trace { print("   \(summary.termination.rawValue): \(summary.message)") }
    let lre = summary.parametersUsable ? data.logRelativeError(b) : 0
    return Run(optimizer: optimizer.name, start: start, lre: lre, steps: summary.steps,
               seconds: summary.wallSeconds, termination: summary.termination, rss: 2 * summary.finalCost,
               stepAtTarget: stepAtTarget)
}

let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".dat") }
let datasets = try files.map { try NISTDataset(contentsOfFile: directory + "/" + $0) }
    .sorted { ($0.difficulty, $0.name) < ($1.difficulty, $1.name) }

var results: [(data: NISTDataset, runs: [Run])] = []
for data in datasets {
    let system = try ModelFitSystem(data)
    var runs: [Run] = []
    for start in [1, 2] {
        var sven = Sven()
        var lm = LevenbergMarquardt()
        var gn = GaussNewton()
        runs.append(try solve(&sven, system, data, start: start, trace: traced == data.name))
        runs.append(try solve(&lm, system, data, start: start, trace: traced == data.name))
        runs.append(try solve(&gn, system, data, start: start, trace: traced == data.name))
    }
    results.append((data, runs))
    let line = runs.map { "\($0.optimizer)/\($0.start) \(String(format: "%.1f", $0.lre))" }.joined(separator: "  ")
    print("\(data.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(line)")
}

// MARK: - Report

func fmt(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

let optimizers = ["sven", "lm", "gauss-newton"]
let dateFormatter = ISO8601DateFormatter()
dateFormatter.formatOptions = [.withFullDate]
let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].map { "OPENBLAS_NUM_THREADS=\($0) " } ?? ""
let cores = ProcessInfo.processInfo.activeProcessorCount
var md = """
# NIST StRD nonlinear regression: digits of agreement (LRE)

    \(threads)swift run -c release nist-strd     # \(dateFormatter.string(from: Date())), \(cores) cores

LRE = min over parameters of −log₁₀(|b − b_cert| / |b_cert|), capped at 11 (the certified
digits), 0 when the run ended with non-finite parameters. Every optimizer runs with its
default options and the driver's default stopping criteria (at most 1000 steps; stop
when the cost has not fallen by a relative 1e-6 in 50 steps). Target (issue 3): LRE ≥ 6
on lower- and average-difficulty sets, ≥ 4 on higher ones, from at least one start.
Data: `data/nist/` (NIST ITL StRD). Model formulas are translated from the files' text.

| data set | level | P | N | Sven s1 | Sven s2 | LM s1 | LM s2 | GN s1 | GN s2 | target | Sven | LM |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|:-:|

"""
for (data, runs) in results {
    func lre(_ name: String, _ start: Int) -> Double { runs.first { $0.optimizer == name && $0.start == start }!.lre }
    let t = target(data.difficulty)
    func met(_ name: String) -> String { max(lre(name, 1), lre(name, 2)) >= t ? "yes" : "**no**" }
    let cells = optimizers.flatMap { name in [1, 2].map { fmt(lre(name, $0)) } }
    md += "| \(data.name) | \(data.difficulty.rawValue) | \(data.parameterCount) | \(data.observationCount) | "
        + cells.joined(separator: " | ") + " | \(fmt(t, 0)) | \(met("sven")) | \(met("lm")) |\n"
}

md += "\nTarget met from at least one start / from both starts:\n\n"
for name in optimizers {
    let one = results.filter { data, runs in
        runs.contains { $0.optimizer == name && $0.lre >= target(data.difficulty) }
    }.count
    let both = results.filter { data, runs in
        runs.filter { $0.optimizer == name }.allSatisfy { $0.lre >= target(data.difficulty) }
    }.count
    let seconds = results.flatMap(\.runs).filter { $0.optimizer == name }.reduce(0) { $0 + $1.seconds }
    md += "- \(name): \(one) / \(results.count) sets, \(both) / \(results.count) from both; "
        + "\(fmt(seconds, 2)) s in all \(2 * results.count) runs\n"
}

md += """

## Every run

Steps taken, the first step after which the LRE met the target ("—": never), wall time,
why it stopped, and the residual sum of squares reached next to the certified one.

| data set | start | optimizer | LRE | steps | at target | time (ms) | termination | RSS | certified RSS |
|---|---:|---|---:|---:|---:|---:|---|---:|---:|

"""
for (data, runs) in results {
    for run in runs {
        md += "| \(data.name) | \(run.start) | \(run.optimizer) | \(fmt(run.lre)) | \(run.steps) | "
            + "\(run.stepAtTarget.map(String.init) ?? "—") | "
            + "\(fmt(run.seconds * 1000, 1)) | \(run.termination.rawValue) | "
            + "\(String(format: "%.10e", run.rss)) | \(String(format: "%.10e", data.certifiedResidualSumOfSquares)) |\n"
    }
}
let total = results.flatMap(\.runs).reduce(0) { $0 + $1.seconds }
md += "\nTotal solver wall time: \(fmt(total, 2)) s for \(results.count) data sets × 2 starts × 3 optimizers.\n"
try md.write(toFile: output, atomically: true, encoding: .utf8)
print("wrote \(output)")
