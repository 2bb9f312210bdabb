import Foundation
import LinearAlgebra
import SvenSolver
import TestSupport

/// Powell's singular function (Moré, Garbow & Hillstrom 1981, problem 13):
/// r = (θ₁ + 10θ₂, √5(θ₃ − θ₄), (θ₂ − 2θ₃)², √10(θ₁ − θ₄)²). Minimum 0 at the
/// origin, where J has rank 2; standard start (3, −1, 0, 1), cost 107.5.
final class PowellSingular: ResidualSystem {
    static let start: [Double] = [3, -1, 0, 1]
    var parameterCount: Int { 4 }
    var residualCount: Int { 4 }
    func fillResiduals(at p: [Double], into r: inout [Double]) {
        let (u, w) = (p[1] - 2 * p[2], p[0] - p[3])
        r[0] = p[0] + 10 * p[1]; r[1] = 5.0.squareRoot() * (p[2] - p[3])
        r[2] = u * u; r[3] = 10.0.squareRoot() * w * w
    }
    func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
        fillResiduals(at: p, into: &r)
        let (u, w) = (p[1] - 2 * p[2], p[0] - p[3])
        let (s5, s10) = (5.0.squareRoot(), 10.0.squareRoot())
        for j in 0..<4 { for i in 0..<4 { jt[j, i] = 0 } }
        jt[0, 0] = 1; jt[1, 0] = 10
        jt[2, 1] = s5; jt[3, 1] = -s5
        jt[1, 2] = 2 * u; jt[2, 2] = -4 * u
        jt[0, 3] = 2 * s10 * w; jt[3, 3] = -2 * s10 * w
    }
}

/// A 1-h-1 tanh network u(x) = Σ_k c_k tanh(a_k x + b_k) + d fitted to f(x) at n
/// equally spaced points of [−1.5, 1.5]: r_i = u(x_i) − f(x_i) — by default h = 8,
/// n = 30, f = sin 2x. θ = [a₁…a_h, b₁…b_h, c₁…c_h, d], P = 3h + 1; the Jacobian is exact:
/// ∂r_i/∂a_k = c_k(1 − t²)x_i, ∂r_i/∂b_k = c_k(1 − t²), ∂r_i/∂c_k = t, ∂r_i/∂d = 1,
/// t = tanh(a_k x_i + b_k).
final class MLPFit: ResidualSystem {
    let hidden: Int
    let xs: [Double]
    let target: @Sendable (Double) -> Double
    var parameterCount: Int { 3 * hidden + 1 }
    var residualCount: Int { xs.count }

    init(hidden: Int = 8, points: Int = 30, target: @escaping @Sendable (Double) -> Double = { sin(2 * $0) }) {
        self.hidden = hidden
        xs = (0..<points).map { -1.5 + 3 * Double($0) / Double(points - 1) }
        self.target = target
    }

    /// Seeded start: a, b ~ N(0, 1), c ~ N(0, 1/h), d = 0.
    static func initialParameters(seed: UInt64 = 7, hidden: Int = 8) -> [Double] {
        let z = TestData.gaussian(3 * hidden, seed: seed)
        return Array(z[0..<(2 * hidden)]) + z[(2 * hidden)...].map { $0 / Double(hidden).squareRoot() } + [0]
    }

    func fillResiduals(at p: [Double], into r: inout [Double]) {
        let h = hidden
        for (i, x) in xs.enumerated() {
            var u = p[3 * h]
            for k in 0..<h { u += p[2 * h + k] * tanh(p[k] * x + p[h + k]) }
            r[i] = u - target(x)
        }
    }

    func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
        fillResiduals(at: p, into: &r)
        let h = hidden
        for (i, x) in xs.enumerated() {
            for k in 0..<h {
                let t = tanh(p[k] * x + p[h + k])
                let dz = p[2 * h + k] * (1 - t * t)
                jt[k, i] = dz * x; jt[h + k, i] = dz; jt[2 * h + k, i] = t
            }
            jt[3 * h, i] = 1
        }
    }
}

/// A system whose Jacobian is wrong in one entry: J[row, column] += `error`.
final class CorruptedJacobian: ResidualSystem {
    let base: any ResidualSystem, row: Int, column: Int, error: Double
    init(_ base: any ResidualSystem, row: Int, column: Int, error: Double) {
        self.base = base; self.row = row; self.column = column; self.error = error
    }
    var parameterCount: Int { base.parameterCount }
    var residualCount: Int { base.residualCount }
    func fillResiduals(at p: [Double], into r: inout [Double]) { base.fillResiduals(at: p, into: &r) }
    func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
        base.fillJacobian(at: p, residuals: &r, jacobianTranspose: &jt)
        jt[column, row] += error
    }
}

/// Counts the calls an optimizer or the driver makes.
final class CountingSystem: ResidualSystem {
    let base: any ResidualSystem
    var residualCalls = 0, jacobianCalls = 0, transposeProducts = 0
    init(_ base: any ResidualSystem) { self.base = base }
    var parameterCount: Int { base.parameterCount }
    var residualCount: Int { base.residualCount }
    func fillResiduals(at p: [Double], into r: inout [Double]) {
        residualCalls += 1
        base.fillResiduals(at: p, into: &r)
    }
    func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
        jacobianCalls += 1
        base.fillJacobian(at: p, residuals: &r, jacobianTranspose: &jt)
    }
    func applyJacobianTranspose(at p: [Double], _ w: [Double], into out: inout [Double]) {
        transposeProducts += 1
        base.applyJacobianTranspose(at: p, w, into: &out)
    }
}

/// ½‖Aθ* − b‖² at the (minimum-norm) least-squares solution θ*.
func optimalLinearCost(_ a: Matrix, _ b: [Double], rtol: Double) throws -> (theta: [Double], cost: Double) {
    let theta = try ThinSVD(a).solve(b, rtol: rtol)
    var r = b.map { -$0 }
    Matrix.gemv(.none, a, theta, beta: 1, into: &r)
    return (theta, 0.5 * r.reduce(0) { $0 + $1 * $1 })
}
