// Benchmark (run on demand): Sven step controls on poisson2d (docs/benchmarks.md).
//   OPENBLAS_NUM_THREADS=2 swift run -c release poisson-steps [widths e.g. 2,64,1] [seconds]
// Prints the relative L2 error against the exact solution over time for each
// step control, from the same initial weights and points. Results of a run are
// kept in bench/results/poisson-steps.txt.
import Foundation
import LinearAlgebra
import PINN
import Residuals
import SvenSolver

let args = CommandLine.arguments
let widths = args.count > 1 ? args[1].split(separator: ",").map { Int($0)! } : [2, 64, 1]
let budget = args.count > 2 ? Double(args[2])! : 20

let box = try Box(lower: [0, 0], upper: [1, 1])
let inner = Collocation.interiorGrid(box, counts: [30, 30])
let edge = Collocation.perimeter(box, count: 120)
let f: ([Double]) -> Double = { x in 2 * Double.pi * Double.pi * sin(Double.pi * x[0]) * sin(Double.pi * x[1]) }
let problem = Problem(
    name: "poisson2d", domain: box,
    terms: [PoissonTerm(points: inner, source: (0..<inner.count).map { f(Array(inner.point($0))) }),
            DirichletTerm(points: edge, target: Array(repeating: 0, count: edge.count))])
let axis = (0...100).map { Double($0) / 100 }
let grid = Collocation.tensor([axis, axis])
let exact = (0..<grid.count).map { i -> Double in let x = grid.point(i); return sin(Double.pi * x[x.startIndex]) * sin(Double.pi * x[x.startIndex + 1]) }
let exactNorm = exact.reduce(0) { $0 + $1 * $1 }.squareRoot()
let network = MLP(widths: widths)
func relL2(_ theta: [Double]) -> Double {
    let u = network.evaluate(theta, at: grid)
    return zip(u, exact).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() / exactNorm
}
do {
    let system = PINNSystem(problem: problem, network: network)
    let theta = network.initialParameters(seed: 0)
    var jt = Matrix(rows: system.parameterCount, cols: system.residualCount)
    var r = [Double](repeating: 0, count: system.residualCount)
    let svd = ThinSVD(rows: jt.rows, cols: jt.cols)
    let clock = ContinuousClock()
    let tJ = clock.measure { for _ in 0..<20 { system.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt) } }
    let tR = clock.measure { for _ in 0..<20 { system.fillResiduals(at: theta, into: &r) } }
    let tS = clock.measure { for _ in 0..<20 { try! svd.factor(jt) } }
    print("per call: jacobian \(tJ / 20), residuals \(tR / 20), svd \(tS / 20)")
    let j = jt.transposed
    let svdJ = ThinSVD(rows: j.rows, cols: j.cols)
    for threads in [1, 2] {
        BLAS.threads = threads
        let a = clock.measure { for _ in 0..<20 { try! svd.factor(jt) } }
        let b = clock.measure { for _ in 0..<20 { try! svdJ.factor(j) } }
        print("threads \(threads): svd of Jt \(a / 20), of J \(b / 20)")
    }
    BLAS.threads = 2
}
let controls: [(String, Sven.Options)] = [
    ("default: adaptive, rtol 1e-10, 10 halvings", Sven.Options()),
    ("adaptive, rtol 1e-12", Sven.Options(rtol: 1e-12)),

    ("damped (LM filter)", Sven.Options(rtol: 1e-13, stepControl: .damped(mu0: 1e-3, muMin: 1e-20))),
    ("backtracking rtol 1e-10", Sven.Options(rtol: 1e-10, stepControl: .backtracking(armijo: 1e-4, maxHalvings: 30))),
    ("backtracking rtol 1e-6", Sven.Options(rtol: 1e-6, stepControl: .backtracking(armijo: 1e-4, maxHalvings: 30))),
]
print("poisson2d widths \(widths) P = \(network.parameterCount) B = \(problem.residualCount) threads = \(BLAS.threads)")
for (label, options) in controls {
    let system = PINNSystem(problem: problem, network: network)
    var sven = Sven(options)
    var lastReport = -1.0

    let theta0 = network.initialParameters(seed: 0)
    var marks: [String] = []
    var step = 0
    let (theta, summary) = try LeastSquaresDriver.solve(system, from: theta0, optimizer: &sven,
                                                        stopping: .init(maxSteps: 100_000, timeLimit: budget)) { rec, _ in
        step = rec.step
        if rec.elapsed - lastReport >= budget / 10 {
            lastReport = rec.elapsed
            marks.append(String(format: "t=%.1fs step %d cost %.2e rank %d lambda %.1e", rec.elapsed, rec.step, rec.cost, rec.rank, rec.lambda))
        }
        return .proceed
    }

    print("== \(label): \(summary.termination) after \(summary.steps) steps, \(String(format: "%.2f", summary.wallSeconds)) s, \(String(format: "%.1f", 1000 * summary.wallSeconds / Double(max(step, 1)))) ms/step, final cost \(summary.finalCost), rel L2 \(relL2(theta))")
    for m in marks { print("   " + m) }
}
