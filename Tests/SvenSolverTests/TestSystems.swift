import LinearAlgebra
import SvenSolver

/// r(θ) = Aθ − b.
final class LinearSystem: ResidualSystem {
    let a: Matrix, b: [Double]
    init(_ a: Matrix, _ b: [Double]) { self.a = a; self.b = b }
    var parameterCount: Int { a.cols }
    var residualCount: Int { a.rows }
    func fillResiduals(at p: [Double], into r: inout [Double]) {
        r = b.map { -$0 }
        Matrix.gemv(.none, a, p, beta: 1, into: &r)
    }
    func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
        fillResiduals(at: p, into: &r)
        jt = a.transposed
    }
}

/// Rosenbrock as residuals: r = (10(θ₂ − θ₁²), 1 − θ₁); minimum 0 at (1, 1).
final class Rosenbrock: ResidualSystem {
    var parameterCount: Int { 2 }
    var residualCount: Int { 2 }
    func fillResiduals(at p: [Double], into r: inout [Double]) {
        r[0] = 10 * (p[1] - p[0] * p[0]); r[1] = 1 - p[0]
    }
    func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
        fillResiduals(at: p, into: &r)
        jt[0, 0] = -20 * p[0]; jt[1, 0] = 10   // ∇r₀
        jt[0, 1] = -1; jt[1, 1] = 0            // ∇r₁
    }
}

/// A system whose residuals turn NaN once θ₀ exceeds 1 (like a log of a negative number).
final class PoisonedSystem: ResidualSystem {
    var parameterCount: Int { 1 }
    var residualCount: Int { 1 }
    func fillResiduals(at p: [Double], into r: inout [Double]) {
        r[0] = p[0] > 1 ? .nan : p[0] - 3
    }
    func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
        fillResiduals(at: p, into: &r)
        jt[0, 0] = p[0] > 1 ? .nan : 1
    }
}
