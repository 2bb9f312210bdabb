// Benchmark (run on demand): the Sven paper's 1D regression (BENCHMARKS.md,
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

print("regression1d: P = \(network.parameterCount), \(stepsPerEpoch) steps per epoch, \(epochs) epochs, initial validation MSE \(validationMSE(theta0))")
try runSven("Sven k=32 rtol=1e-4 adaptive", .init(rtol: 1e-4, maxRank: 32, batchSize: batch, seed: 7))
try runSven("Sven k=32 rtol=1e-4 fixed eta=0.5", .init(rtol: 1e-4, maxRank: 32, stepControl: .fixed(eta: 0.5), batchSize: batch, seed: 7))
try runSven("Sven default (rtol 1e-10) adaptive", .init(batchSize: batch, seed: 7))
