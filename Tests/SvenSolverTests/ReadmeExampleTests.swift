import Testing
import LinearAlgebra
import SvenSolver

// The README's least-squares example, kept compiling and correct here.

/// Fit y = a·exp(b·x) to data: r_i = a·exp(b·x_i) − y_i.
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
        for i in x.indices {                       // column i of Jᵀ is ∇r_i
            jt[0, i] = exp(p[1] * x[i])
            jt[1, i] = p[0] * x[i] * exp(p[1] * x[i])
        }
    }
}

@Test func readmeExampleFitsAnExponential() throws {
    let x = (0..<20).map { Double($0) / 10 }
    let system = ExponentialFit(x: x, y: x.map { 2 * exp(-1.5 * $0) })
    #expect(JacobianCheck.run(system, at: [1, -1]).passes(tolerance: 1e-7))
    var sven = Sven()                                              // adaptive default
    let (theta, summary) = try LeastSquaresDriver.solve(system, from: [1, 0], optimizer: &sven,
                                                        stopping: .init(maxSteps: 100, costThreshold: 1e-28))
    #expect(summary.termination == .costThreshold)
    #expect(abs(theta[0] - 2) < 1e-12 && abs(theta[1] + 1.5) < 1e-12)
}

#if canImport(Glibc)
import Glibc
#endif
