import Foundation
import LinearAlgebra
import SvenSolver

/// Fit y = a·exp(b·x): r_i = a·exp(b·x_i) − y_i; J's column i (of Jᵀ) is ∇r_i.
final class ExponentialFit: ResidualSystem {
    let x: [Double], y: [Double]
    init(x: [Double], y: [Double]) { self.x = x; self.y = y }
    var parameterCount: Int { 2 }
    var residualCount: Int { x.count }
    func fillResiduals(at p: [Double], into r: inout [Double]) {
        for i in x.indices { r[i] = p[0] * exp(p[1] * x[i]) - y[i] }
    }
    func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
        fillResiduals(at: p, into: &r)
        for i in x.indices { jt[0, i] = exp(p[1] * x[i]); jt[1, i] = p[0] * x[i] * exp(p[1] * x[i]) }
    }
}
let xs = (0..<20).map { Double($0) / 10 }, ys = xs.map { 2 * exp(-1.5 * $0) }   // data from a = 2, b = −1.5
let system = ExponentialFit(x: xs, y: ys)
print("Jacobian check passes: \(JacobianCheck.run(system, at: [1, -1]).passes(tolerance: 1e-7))")
var sven = Sven()
let (theta, summary) = try LeastSquaresDriver.solve(system, from: [1, 0], optimizer: &sven,
                                                    stopping: .init(maxSteps: 100, costThreshold: 1e-28))
print("a = \(theta[0]), b = \(theta[1]); \(summary.termination.rawValue) after \(summary.steps) steps")
