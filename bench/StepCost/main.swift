// Benchmark (run on demand): where a Sven step's time goes, per exact route.
//
//   swift build -c release --product step-cost
//   OPENBLAS_NUM_THREADS=2 .build/release/step-cost [reps] [factor|steps|spectrum|tracked|all] > /dev/null
//   OPENBLAS_NUM_THREADS=2 .build/release/step-cost 1 sizes B P k svd|qrSVD|gram|tracked steps
//   (bench/step-cost-sizes.sh: the routes over B, P ∈ {1k … 20k}, one process per row)
//   (bench/step-cost.sh runs it at 1 and 2 threads and writes bench/results/step-cost.md)
//
// Part 1 — the factorisations behind the routes on seeded matrices with a geometric
// spectrum 1 … 1e-12 (the `SpectralFactor` routes, called through LinearAlgebra):
// dgesdd of the taller of J and Jᵀ, QR first (Q never formed) then the SVD of R, and
// the Gram route (syrk + MRRR for all pairs). Each row: median of `reps` runs, the
// routes interleaved run by run; plus the largest relative error of the σ ≥ 1e-10σ₁.
// Part 2 — real Sven steps (default step control) from θ₀ on the problem files,
// route by route, interleaved; median of the per-step times from the driver's history.
import Foundation
import LinearAlgebra
import PINN
import Residuals
import SeededRandom
import SvenSolver

let reps = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 3
/// "factor", "steps" or "all" (default): which part to run.
let part = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "all"
let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "default"
var lines: [String] = []
@MainActor func log(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)); lines.append(s) }
func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
let clock = ContinuousClock()

// MARK: - Part 1: factorisations

/// A = Q₁ diag(σ) Q₂ᵀ, m × n, σ geometric from 1 to 1e-12.
func knownSpectrum(_ m: Int, _ n: Int, seed: UInt64) throws -> (Matrix, [Double]) {
    let r = min(m, n)
    let sigma = (0..<r).map { pow(10, -12 * Double($0) / Double(max(r - 1, 1))) }
    var g = SeededGenerator(seed: seed)
    let q1 = ThinQR(rows: m, cols: r), q2 = ThinQR(rows: n, cols: r)
    try q1.orthonormalize(Matrix(rows: m, cols: r, columnMajor: (0..<(m * r)).map { _ in g.nextNormal() }))
    try q2.orthonormalize(Matrix(rows: n, cols: r, columnMajor: (0..<(n * r)).map { _ in g.nextNormal() }))
    var left = q1.q
    for j in 0..<r { for i in 0..<m { left[i, j] *= sigma[j] } }
    return (Matrix.product(.none, left, .transpose, q2.q), sigma)
}

func worstRelativeError(_ s: [Double], _ sigma: [Double]) -> Double {
    var e = 0.0
    for i in sigma.indices where sigma[i] >= 1e-10 { e = max(e, abs(s[i] - sigma[i]) / sigma[i]) }
    return e
}

/// The tall side T (max × min) of J, as the routes see it.
@MainActor func factorisations(tall m: Int, _ n: Int) throws {
    let (a, sigma) = try knownSpectrum(m, n, seed: UInt64(m * 7 + n))
    let svd = ThinSVD(rows: m, cols: n), qr = QRThinSVD(rows: m, cols: n)
    let eig = SymmetricEigen(size: n, method: .top(n))
    var gram = Matrix(rows: n, cols: n)
    var times: [String: [Double]] = [:], errors: [String: Double] = [:]
    for _ in 0..<reps {
        times["dgesdd", default: []].append(seconds(try clock.measure { try svd.factor(a) }))
        errors["dgesdd"] = worstRelativeError(svd.singularValues, sigma)
        times["qr+svd(R)", default: []].append(seconds(try clock.measure { try qr.factor(a) }))
        errors["qr+svd(R)"] = worstRelativeError(qr.singularValues, sigma)
        times["gram", default: []].append(seconds(try clock.measure {
            Matrix.syrk(.transpose, a, into: &gram)
            try eig.factorInPlace(&gram)
        }))
        let s = (0..<n).map { eig.values[n - 1 - $0].magnitude.squareRoot() }
        errors["gram"] = worstRelativeError(s, sigma)
    }
    for route in ["dgesdd", "qr+svd(R)", "gram"] {
        log(String(format: "| %5d × %5d | %-10@ | %8.3f | %8.1e |", m, n, route as NSString, median(times[route]!),
                   errors[route]!))
    }
}

// MARK: - Part 2: Sven steps on problem files

@MainActor func system(_ path: String) throws -> (PINNSystem, [Double]) {
    let file = try ProblemFile.load(path: path)
    let spec = file.network
    let activation = Activation(rawValue: spec.activation)!
    let scheme = MLP.Initialization(rawValue: spec.initialization)!
    let widths = [file.problem.domain.dimension] + spec.hidden + [file.problem.fields.count]
    let network = MLP(widths: widths, activation: activation)
    return (PINNSystem(problem: file.problem, network: network), network.initialParameters(seed: spec.seed, scheme: scheme))
}

@MainActor func svenSteps(_ path: String, steps: Int) throws {
    let (sys, theta0) = try system(path)
    var jt = Matrix(rows: sys.parameterCount, cols: sys.residualCount)
    var r = [Double](repeating: 0, count: sys.residualCount)
    let fill = (0..<reps).map { _ in seconds(clock.measure { sys.fillJacobian(at: theta0, residuals: &r, jacobianTranspose: &jt) }) }
    let routes: [(String, Sven.Route)] = part == "tracked"
        ? [("svd (dgesdd)", .svd), ("qrSVD", .qrSVD), ("tracked", .tracked)]
        : [("svd (dgesdd)", .svd), ("qrSVD", .qrSVD), ("automatic", .automatic)]
    var times: [String: [Double]] = [:], costs: [String: Double] = [:]
    for _ in 0..<reps {
        for (name, route) in routes {
            var sven = Sven(.init(route: route))
            let (_, summary) = try LeastSquaresDriver.solve(sys, from: theta0, optimizer: &sven,
                                                            stopping: .init(maxSteps: steps, stallSteps: 0))
            var last = 0.0
            for h in summary.history {
                times[name, default: []].append(h.elapsed - last)
                last = h.elapsed
            }
            costs[name] = summary.finalCost
        }
    }
    for (name, _) in routes {
        log(String(format: "| %@ | %5d × %5d | %-12@ | %7.3f | %7.4f | %9.3e |", (path as NSString).lastPathComponent,
                   sys.residualCount, sys.parameterCount, name as NSString, median(times[name]!), median(fill),
                   costs[name]!))
    }
}

// MARK: - Part 3: the spectrum of J along a Sven run

/// σ_i/σ₁ of J at θ after `steps` default Sven steps, at the indices that size a
/// truncated factorisation: how far beyond the kept rank (σ > 1e-10σ₁) the spectrum
/// goes before it is negligible.
@MainActor func spectrum(_ path: String, after stepsList: [Int]) throws {
    let (sys, theta0) = try system(path)
    var jt = Matrix(rows: sys.parameterCount, cols: sys.residualCount)
    var r = [Double](repeating: 0, count: sys.residualCount)
    let svd = ThinSVD(rows: sys.parameterCount, cols: sys.residualCount)
    let m = min(sys.parameterCount, sys.residualCount)
    for steps in stepsList {
        var sven = Sven(.init())
        let theta = steps == 0 ? theta0 : try LeastSquaresDriver.solve(sys, from: theta0, optimizer: &sven,
                                          stopping: .init(maxSteps: steps, stallSteps: 0)).parameters
        sys.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt)
        try svd.factor(jt)
        let s = svd.singularValues
        let rank = s.filter { $0 > 1e-10 * s[0] }.count
        var cells: [String] = []
        for f in [1.0, 1.1, 1.25, 1.5, 2.0] {
            let i = min(m - 1, Int(Double(rank) * f))
            cells.append(String(format: "%.1e", s[i] / s[0]))
        }
        log("| \((path as NSString).lastPathComponent) | \(steps) | \(rank) | " + cells.joined(separator: " | ") + String(format: " | %.1e |", s[m - 1] / s[0]))
    }
}

// MARK: - Part 4: one size and route on a matrix with a PINN-like spectrum

/// r(θ) = A θ − y with A = Q₁ diag(σ) Q₂ᵀ (B × P): the step of a fixed Sven step (η = 1)
/// is one factorisation, one V·c and one residual evaluation.
final class LinearModel: ResidualSystem {
    let a: Matrix, y: [Double]
    init(_ a: Matrix, _ y: [Double]) { self.a = a; self.y = y }
    var parameterCount: Int { a.cols }
    var residualCount: Int { a.rows }
    func fillResiduals(at p: [Double], into r: inout [Double]) {
        Matrix.gemv(.none, a, p, into: &r)
        for i in r.indices { r[i] -= y[i] }
    }
    func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
        fillResiduals(at: p, into: &r)
        Matrix.transpose(a, into: &jt)
    }
}

/// σ_i = 10^(−10 i/k) for i < k (k kept at rtol 1e-10), then ten decades more over k/2
/// values and nothing beyond 2k — the shape of `spectrum`'s PINN Jacobians.
func pinnLikeSpectrum(rank k: Int, count: Int) -> [Double] {
    (0..<count).map { i in
        i < k ? pow(10, -10 * Double(i) / Double(k)) : pow(10, -10 - 10 * Double(i - k) / Double(max(k / 2, 1)))
    }
}

/// `sizes B P k route steps`: median wall time of steps 2…steps, peak RSS, one line.
@MainActor func size(_ b: Int, _ p: Int, rank k: Int, route name: String, steps: Int) throws {
    let r = min(2 * k, min(b, p))
    let sigma = pinnLikeSpectrum(rank: k, count: r)
    var g = SeededGenerator(seed: UInt64(b * 31 + p))
    let q1 = ThinQR(rows: b, cols: r), q2 = ThinQR(rows: p, cols: r)
    try q1.orthonormalize(Matrix(rows: b, cols: r, columnMajor: (0..<(b * r)).map { _ in g.nextNormal() }))
    try q2.orthonormalize(Matrix(rows: p, cols: r, columnMajor: (0..<(p * r)).map { _ in g.nextNormal() }))
    var left = q1.q
    for j in 0..<r { for i in 0..<b { left[i, j] *= sigma[j] } }
    let a = Matrix.product(.none, left, .transpose, q2.q)
    let y = (0..<b).map { _ in g.nextNormal() }
    let route: Sven.Route = ["svd": .svd, "qrSVD": .qrSVD, "gram": .gram, "tracked": .tracked][name]!
    var sven = Sven(.init(stepControl: .fixed(eta: 1), route: route))
    let (_, summary) = try LeastSquaresDriver.solve(LinearModel(a, y), from: Array(repeating: 0, count: p),
                                                    optimizer: &sven, stopping: .init(maxSteps: steps, stallSteps: 0))
    var times: [Double] = [], last = 0.0
    for h in summary.history { times.append(h.elapsed - last); last = h.elapsed }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    log(String(format: "| %5d × %5d | %5d | %-8@ | %7.3f | %7.3f | %6.2f |", b, p, k, name as NSString, times[0],
               median(Array(times.dropFirst())), Double(usage.ru_maxrss) / 1_048_576))
}

if part == "sizes" {
    let a = CommandLine.arguments
    let (b, p, k, steps) = (Int(a[3])!, Int(a[4])!, Int(a[5])!, Int(a[7])!)
    try size(b, p, rank: k, route: a[6], steps: steps)
    exit(0)
}

let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
log("OPENBLAS_NUM_THREADS=\(threads), reps \(reps), /proc/loadavg at start: \(load)")
log("")
if part != "steps" && part != "tracked" && part != "spectrum" && part != "sizes" {
    log("| J side factored (m × n) | route | median s | worst rel. error of σ ≥ 1e-10σ₁ |")
    log("|---|---|---|---|")
    for (m, n) in [(1185, 1020), (2000, 1000), (4417, 1760), (9873, 1020), (2000, 2000)] {
        try factorisations(tall: m, n)
    }
    log("")
}
if part == "spectrum" {
    log("| file | after steps | rank k at 1e-10 | σ_k/σ₁ | σ_1.1k | σ_1.25k | σ_1.5k | σ_2k | σ_min |")
    log("|---|---|---|---|---|---|---|---|---|")
    try spectrum("bench/problems/poisson-32x32.toml", after: [0, 5, 10, 20, 30])
    try spectrum("problems/helmholtz.toml", after: [0, 5, 20])
}
if part == "tracked" {
    log("| file | B × P | route | median step s | J fill s | cost after the steps |")
    log("|---|---|---|---|---|---|")
    for path in ["bench/problems/poisson-32x32.toml", "problems/poisson-deep.toml", "problems/helmholtz.toml"] {
        try svenSteps(path, steps: 12)
    }
}
if part != "factor" && part != "spectrum" && part != "tracked" {
    log("| file | B × P | route | median step s | J fill s | cost after the steps |")
    log("|---|---|---|---|---|---|")
    for path in ["problems/poisson-deep.toml", "problems/helmholtz.toml", "bench/problems/poisson-32x32.toml"] {
        try svenSteps(path, steps: 2)
    }
}
let loadEnd = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
log("")
log("/proc/loadavg at the end: \(loadEnd)")
let out = "bench/results/step-cost-\(part)-threads-\(threads).txt"
try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
