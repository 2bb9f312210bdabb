// Benchmark (run on demand, never a unit test): one Sven step against k for the
// exact (SVD), Gram and randomized routes at a given size.
//
//   OPENBLAS_NUM_THREADS=2 swift run -c release sven-scaling B P ROUTE K [K ...]
//   ROUTE: svd | gram | randomized
//
// The system is linear with a dense Gaussian J stored by the system (as Jᵀ), so
// "fill J" is one copy, as for a real system that keeps its Jacobian. Memory is
// the process's peak resident size (getrusage) after building the system and
// after the steps; Sven's own share is the difference. bench/scaling.sh runs the
// grid of sizes in separate processes and writes bench/results/scaling.md.
import Foundation
import LinearAlgebra
import SeededRandom
import SvenSolver

final class DenseLinearSystem: ResidualSystem {
    let jt: Matrix
    let rhs: [Double]
    init(b: Int, p: Int, seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        var storage = [Double](repeating: 0, count: b * p)
        let scale = 1 / Double(p).squareRoot()
        for i in storage.indices { storage[i] = scale * g.nextNormal() }
        jt = Matrix(rows: p, cols: b, columnMajor: storage)
        rhs = (0..<b).map { _ in g.nextNormal() }
    }
    var parameterCount: Int { jt.rows }
    var residualCount: Int { jt.cols }
    func fillResiduals(at theta: [Double], into r: inout [Double]) {
        for i in r.indices { r[i] = -rhs[i] }
        Matrix.gemv(.transpose, jt, theta, beta: 1, into: &r)
    }
    func fillJacobian(at theta: [Double], residuals r: inout [Double], jacobianTranspose out: inout Matrix) {
        fillResiduals(at: theta, into: &r)
        out.storage.withUnsafeMutableBufferPointer { d in
            jt.storage.withUnsafeBufferPointer { d.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
        }
    }
}

func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
}

let args = CommandLine.arguments
guard args.count >= 5, let b = Int(args[1]), let p = Int(args[2]) else {
    FileHandle.standardError.write(Data("usage: sven-scaling B P svd|gram|randomized K [K ...]\n".utf8))
    exit(2)
}
let routeName = args[3]
let ks = args[4...].compactMap { Int($0) }
let system = DenseLinearSystem(b: b, p: p, seed: 1)
let systemMB = peakMegabytes()
let theta = [Double](repeating: 0, count: p)
var r = [Double](repeating: 0, count: b), g = [Double](repeating: 0, count: p)
system.fillResiduals(at: theta, into: &r)
let jtr = seconds { for _ in 0..<3 { system.applyJacobianTranspose(at: theta, r, into: &g) } } / 3
let jtrDense = seconds { for _ in 0..<3 { Matrix.gemv(.none, system.jt, r, into: &g) } } / 3
let jMB = Double(b * p * 8) / 1_048_576
for k in ks {
    let route: Sven.Route
    switch routeName {
    case "svd": route = .svd
    case "gram": route = .gram
    default: route = .randomized(oversampling: 10, powerIterations: 2)
    }
    var sven = Sven(.init(rtol: 1e-10, maxRank: k, stepControl: .fixed(eta: 1), route: route))
    // The driver's clock starts after `prepare` has made the workspace, so the first
    // record's time is one step (plus the initial residual evaluation).
    let summary = try LeastSquaresDriver.solve(system, from: theta, optimizer: &sven,
                                               stopping: .init(maxSteps: 1, stallSteps: 0)).summary
    let t = summary.history.first?.elapsed ?? .nan
    let peak = peakMegabytes()
    print(String(format: "B=%d P=%d route=%@ k=%d step=%.3f s  Jtr=%.4f s  step/(2k·Jtr)=%.3f  rank=%d  J=%.0f MB  B²=%.0f MB  peak=%.0f MB  system=%.0f MB  sven≈%.0f MB",
                 b, p, routeName, k, t, jtrDense, t / (2 * Double(k) * jtrDense), summary.history.first?.rank ?? 0,
                 jMB, Double(b * b * 8) / 1_048_576, peak, systemMB, peak - systemMB))
}
_ = jtr
