// Benchmark (run on demand): time per step of svenpde's Levenberg–Marquardt variants
// against a bare Cholesky LM written here directly on BLAS/LAPACK (the reference of
// issue 14 item 3: "at most 1.2× the per-step time of a Cholesky LM on P1 and P3").
//
//   swift build -c release --product lm-step
//   OPENBLAS_NUM_THREADS=2 .build/release/lm-step [steps] [reps]
//
// P1: poisson2d on 2-32-32-1 (bench/problems/poisson-32x32.toml, J 1020 × 1185).
// P3: 1-64-64-1 tanh fitted to y = sin(3x)e^(−x²/4) + 0.2cos(7x)e^(−x²/8) at 256
// equispaced points on [−4, 4] (J 256 × 4353). Every method runs `steps` steps from the
// same θ₀; reported: the median over `reps` interleaved runs of (wall time / steps),
// and the cost reached. Writes bench/results/lm-step-threads-<n>.txt.
import CLapack
import Foundation
import LinearAlgebra
import PINN
import Residuals
import SvenSolver

let steps = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 30
let reps = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2])! : 3
let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "default"
var lines: [String] = []
@MainActor func log(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)); lines.append(s) }
func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
let clock = ContinuousClock()

/// The bare Cholesky LM: J Jᵀ + λI (B < P) or JᵀJ + λI (B ≥ P), dpotrf/dpotrs, Nielsen's
/// update, λ₀ = 1e-3·max diag. Returns the final cost.
@MainActor func bareCholeskyLM(_ system: any ResidualSystem, from start: [Double], steps: Int) -> Double {
    let (p, b) = (system.parameterCount, system.residualCount)
    let m = min(p, b), wide = b < p
    var theta = start, trial = start
    var jt = Matrix(rows: p, cols: b)
    var r = [Double](repeating: 0, count: b), rt = r
    var gram = [Double](repeating: 0, count: m * m), a = gram
    var rhs = [Double](repeating: 0, count: m), g = [Double](repeating: 0, count: p), delta = g
    var lambda = 0.0, nu = 2.0
    system.fillResiduals(at: theta, into: &r)
    var cost = 0.5 * r.reduce(0) { $0 + $1 * $1 }
    for _ in 0..<steps {
        system.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt)
        cblas_dsyrk(CblasColMajor, CblasUpper, wide ? CblasTrans : CblasNoTrans, Int32(m), Int32(wide ? p : b), 1,
                    jt.storage, Int32(p), 0, &gram, Int32(m))
        cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(p), Int32(b), 1, jt.storage, Int32(p), r, 1, 0, &g, 1)
        if lambda == 0 { lambda = 1e-3 * (0..<m).map { gram[$0 * m + $0] }.max()! }
        for _ in 0..<60 {
            a = gram
            for i in 0..<m { a[i * m + i] += lambda }
            var ok = LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), Int32(m), &a, Int32(m)) == 0
            if ok {
                if wide {
                    rhs = r
                    _ = LAPACKE_dpotrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), Int32(m), 1, a, Int32(m), &rhs, Int32(m))
                    cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(p), Int32(b), -1, jt.storage, Int32(p), rhs, 1, 0, &delta, 1)
                } else {
                    for i in 0..<p { delta[i] = -g[i] }
                    _ = LAPACKE_dpotrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), Int32(m), 1, a, Int32(m), &delta, Int32(m))
                }
                var predicted = 0.0
                for i in 0..<p { predicted += delta[i] * (lambda * delta[i] - g[i]) }
                predicted *= 0.5
                for i in 0..<p { trial[i] = theta[i] + delta[i] }
                system.fillResiduals(at: trial, into: &rt)
                let c = 0.5 * rt.reduce(0) { $0 + $1 * $1 }
                let rho = (cost - c) / predicted
                ok = rho > 0 && c.isFinite
                if ok {
                    lambda *= max(1.0 / 3, 1 - pow(2 * rho - 1, 3)); nu = 2
                    swap(&theta, &trial); swap(&r, &rt); cost = c
                    break
                }
            }
            lambda *= nu; nu *= 2
        }
    }
    return cost
}

@MainActor func run<O: Optimizer>(_ o: O, _ system: any ResidualSystem, _ theta0: [Double]) throws -> (Double, Double) {
    var o = o
    var result: Summary?
    let t = seconds(try clock.measure {
        result = try LeastSquaresDriver.solve(system, from: theta0, optimizer: &o,
                                              stopping: .init(maxSteps: steps, stallSteps: 0)).summary
    })
    return (t / Double(max(result!.steps, 1)), result!.finalCost)
}

@MainActor func compare(_ name: String, _ system: any ResidualSystem, _ theta0: [Double]) throws {
    var times: [String: [Double]] = [:], costs: [String: Double] = [:]
    let order = ["bare Cholesky LM (reference)", "lm-nielsen", "lm-nielsen + geodesic", "lm (MINPACK trust region, SVD)"]
    for _ in 0..<reps {
        var c = 0.0
        let t = seconds(clock.measure { c = bareCholeskyLM(system, from: theta0, steps: steps) })
        times[order[0], default: []].append(t / Double(steps)); costs[order[0]] = c
        for (k, o) in [(1, NielsenLM() as any Optimizer), (2, NielsenLM(.init(geodesicAcceleration: true))),
                       (3, LevenbergMarquardt())] {
            let (ts, cs): (Double, Double)
            switch o {
            case let x as NielsenLM: (ts, cs) = try run(x, system, theta0)
            case let x as LevenbergMarquardt: (ts, cs) = try run(x, system, theta0)
            default: fatalError("unreachable")
            }
            times[order[k], default: []].append(ts); costs[order[k]] = cs
        }
    }
    let base = median(times[order[0]]!)
    for key in order {
        log(String(format: "| %@ | %5d × %5d | %-32@ | %8.4f | %5.2f | %9.3e |", name as NSString, system.residualCount,
                   system.parameterCount, key as NSString, median(times[key]!), median(times[key]!) / base, costs[key]!))
    }
}

let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
log("OPENBLAS_NUM_THREADS=\(threads), \(steps) steps, reps \(reps), /proc/loadavg at start: \(load)")
log("")
log("| problem | B × P | method | s / step (median) | ÷ reference | cost after \(steps) steps |")
log("|---|---|---|---|---|---|")
do {
    let file = try ProblemFile.load(path: "bench/problems/poisson-32x32.toml")
    let network = MLP(widths: [2, 32, 32, 1], activation: .tanh)
    try compare("P1", PINNSystem(problem: file.problem, network: network), network.initialParameters(seed: 0))
}
do {
    let xs = (0..<256).map { -4 + 8 * Double($0) / 255 }
    let ys = xs.map { sin(3 * $0) * exp(-$0 * $0 / 4) + 0.2 * cos(7 * $0) * exp(-$0 * $0 / 8) }
    let network = MLP(widths: [1, 64, 64, 1], activation: .tanh)
    let system = DataFitSystem(network: network, inputs: PointSet(dimension: 1, coordinates: xs), targets: ys)
    try compare("P3", system, network.initialParameters(seed: 0))
}
let loadEnd = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
log("")
log("/proc/loadavg at the end: \(loadEnd)")
try (lines.joined(separator: "\n") + "\n").write(toFile: "bench/results/lm-step-threads-\(threads).txt", atomically: true,
                                                  encoding: .utf8)
