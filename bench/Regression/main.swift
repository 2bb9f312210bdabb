// Benchmark (run on demand): the Sven paper's 1D regression (docs/benchmarks.md,
// `regression1d`). f(x) = exp(−10x²)·sin(2x), x ~ U[−1, 1], 10k train / 10k
// validation, targets standardised with the training mean and deviation; MLP
// 1-16-16-16-1 with GELU (593 parameters); batches of 32; 20 epochs.
//
//   OPENBLAS_NUM_THREADS=1 swift run -c release regression1d [epochs]
//
// Writes bench/results/regression1d.md.
import Foundation
import LinearAlgebra
import PINN
import Residuals
import SeededRandom
import SvenSolver

let epochs = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 20
let batch = 32
func sample(_ n: Int, seed: UInt64) -> [Double] {
    var g = SeededGenerator(seed: seed)
    return (0..<n).map { _ in 2 * g.nextUniform() - 1 }
}
func f(_ x: Double) -> Double { exp(-10 * x * x) * sin(2 * x) }
let xTrain = sample(10_000, seed: 1), xValid = sample(10_000, seed: 2)
let raw = xTrain.map(f)
let mean = raw.reduce(0, +) / Double(raw.count)
let std = (raw.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(raw.count)).squareRoot()
let yTrain = raw.map { ($0 - mean) / std }, yValid = xValid.map { (f($0) - mean) / std }
let network = MLP(widths: [1, 16, 16, 16, 1], activation: .gelu)
let theta0 = network.initialParameters(seed: 0)
let train = DataFitSystem(network: network, inputs: PointSet(dimension: 1, coordinates: xTrain), targets: yTrain)
let valid = DataFitSystem(network: network, inputs: PointSet(dimension: 1, coordinates: xValid), targets: yValid)
@MainActor func validationMSE(_ theta: [Double]) -> Double {
    var r = [Double](repeating: 0, count: valid.residualCount)
    valid.fillResiduals(at: theta, into: &r)
    return 2 * type(of: valid).cost(of: r)          // ½‖r‖² with w = 1/√N is half the MSE
}
let stepsPerEpoch = xTrain.count / batch

struct Row { var method: String; var mse: Double; var seconds: Double; var steps: Int; var note: String }
var rows: [Row] = []
var lines: [String] = []
@MainActor func log(_ s: String) { print(s); lines.append(s) }

@MainActor func runSven(_ label: String, _ options: Sven.Options) throws {
    var sven = Sven(options)
    var curve: [String] = []
    let (theta, summary) = try LeastSquaresDriver.solve(
        train, from: theta0, optimizer: &sven,
        stopping: .init(maxSteps: epochs * stepsPerEpoch, stallSteps: 0)) { rec, th in
            if rec.step % stepsPerEpoch == 0 {
                curve.append(String(format: "%.1e", validationMSE(th)))
            }
            return .proceed
        }
    let mse = validationMSE(theta)
    // Independent check: u_θ against f itself at fresh points, in original units.
    let probe = stride(from: -1.0, through: 1.0, by: 0.001).map { $0 }
    let u = network.evaluate(theta, at: PointSet(dimension: 1, coordinates: probe))
    let maxErr = zip(u, probe).map { abs($0 * std + mean - f($1)) }.max()!
    log("  max |u·std + mean − f| on a 2001-point grid: \(String(format: "%.2e", maxErr))")
    rows.append(Row(method: label, mse: mse, seconds: summary.wallSeconds, steps: summary.steps,
                    note: "\(summary.termination.rawValue)"))
    log("\(label): validation MSE \(String(format: "%.3e", mse)) in \(String(format: "%.1f", summary.wallSeconds)) s, \(summary.steps) steps; per epoch: \(curve.joined(separator: " "))")
}

/// Adam or SGD on mini-batches of 32 through a `RowSubsetSystem` view, for `budget`
/// seconds of wall time; batches are drawn epoch by epoch from one seed.
@MainActor func runFirstOrder<O: Optimizer>(_ label: String, _ optimizer: O, budget: Double) throws {
    var optimizer = optimizer
    // Residual weight 1/√32: the batch cost is half the batch's mean squared error.
    let batchSystem = DataFitSystem(network: network, inputs: train.inputs, targets: yTrain,
                                    weight: 1 / Double(batch).squareRoot())
    let view = RowSubsetSystem(batchSystem, rows: Array(0..<batch))
    try optimizer.prepare(for: view)
    var generator = SeededGenerator(seed: 7)
    var order = Array(0..<xTrain.count)
    var theta = theta0
    var r = [Double](repeating: 0, count: batch)
    var steps = 0, failures = 0
    var curve: [String] = []
    let start = DispatchTime.now().uptimeNanoseconds
    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }
    var nextMark = budget / 5
    while elapsed() < budget {
        let k = steps % stepsPerEpoch
        if k == 0 { order.shuffle(using: &generator) }
        view.rows = Array(order[(k * batch)..<((k + 1) * batch)])
        view.fillResiduals(at: theta, into: &r)
        var cost = type(of: view).cost(of: r)
        do { _ = try optimizer.step(system: view, parameters: &theta, residuals: &r, cost: &cost) } catch { failures += 1 }
        steps += 1
        if elapsed() >= nextMark { curve.append(String(format: "%.0fs:%.1e", elapsed(), validationMSE(theta))); nextMark += budget / 5 }
    }
    let mse = validationMSE(theta)
    rows.append(Row(method: label, mse: mse, seconds: elapsed(), steps: steps,
                    note: String(format: "%.1f epochs", Double(steps) / Double(stepsPerEpoch)) + (failures > 0 ? ", \(failures) failed steps" : "")))
    log("\(label): validation MSE \(String(format: "%.3e", mse)) in \(String(format: "%.1f", elapsed())) s, \(steps) steps (\(String(format: "%.1f", Double(steps) / Double(stepsPerEpoch))) epochs); \(curve.joined(separator: " "))")
}

/// Full-batch L-BFGS through the driver for `budget` seconds.
@MainActor func runLBFGS(budget: Double) throws {
    var lbfgs = LBFGS()
    let (theta, summary) = try LeastSquaresDriver.solve(train, from: theta0, optimizer: &lbfgs,
                                                        stopping: .init(maxSteps: 1_000_000, timeLimit: budget, stallSteps: 0))
    let mse = validationMSE(theta)
    rows.append(Row(method: "L-BFGS (full batch, m = 10, strong Wolfe)", mse: mse, seconds: summary.wallSeconds,
                    steps: summary.steps, note: summary.termination.rawValue))
    log("L-BFGS: validation MSE \(String(format: "%.3e", mse)) in \(String(format: "%.1f", summary.wallSeconds)) s, \(summary.steps) steps, \(summary.termination.rawValue)")
}

print("regression1d: P = \(network.parameterCount), \(stepsPerEpoch) steps per epoch, \(epochs) epochs, initial validation MSE \(validationMSE(theta0))")
try runSven("Sven (default options, batches of 32)", .init(batchSize: batch, seed: 7))
let budget = rows[0].seconds
try runSven("Sven k=32, rtol=1e-4 (the paper's setting), batches of 32", .init(rtol: 1e-4, maxRank: 32, batchSize: batch, seed: 7))
try runFirstOrder("Adam lr 1e-3, batches of 32", Adam(.init(learningRate: 1e-3)), budget: budget)
try runFirstOrder("Adam lr 1e-2 cosine decay, batches of 32", Adam(.init(learningRate: .cosineDecay(initial: 1e-2, steps: 1000 * stepsPerEpoch, alpha: 0.01))), budget: budget)
try runFirstOrder("SGD lr 1e-2 momentum 0.9, batches of 32", SGD(.init(learningRate: 1e-2, momentum: 0.9)), budget: budget)
try runLBFGS(budget: budget)

var table = """
    # regression1d: Sven against Adam, SGD and L-BFGS

    Command: `OPENBLAS_NUM_THREADS=1 swift run -c release regression1d \(epochs)` (2-core Zen 3).
    f(x) = exp(−10x²)·sin(2x), x ~ U[−1, 1] (seeded), 10k train / 10k validation, targets
    standardised; MLP 1-16-16-16-1, GELU, 593 parameters, Glorot init (seed 0), the same
    initial weights for every method. Sven runs \(epochs) epochs of batches of 32; every other
    method gets the same wall time as the first Sven row (\(String(format: "%.1f", budget)) s).

    | method | validation MSE | wall s | steps | note |
    |---|---|---|---|---|

    """
for row in rows {
    table += "| \(row.method) | \(String(format: "%.2e", row.mse)) | \(String(format: "%.1f", row.seconds)) | \(row.steps) | \(row.note) |\n"
}
table += "\nLog:\n\n```\n" + lines.joined(separator: "\n") + "\n```\n"
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
try table.write(to: here.appendingPathComponent("results/regression1d.md"), atomically: true, encoding: .utf8)
print("wrote bench/results/regression1d.md")
