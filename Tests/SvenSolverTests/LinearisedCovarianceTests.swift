import Testing
import LinearAlgebra
@testable import SvenSolver

/// The linearised covariance against closed forms of linear regression and a
/// rank-deficient design.
@Suite("Linearised covariance")
struct LinearisedCovarianceTests {
    /// Straight line y = a + b x: J = [1, x_i], and the textbook standard errors
    /// SE(b) = σ̂ / √Sxx, SE(a) = σ̂ √(1/n + x̄²/Sxx), corr(a, b) = −x̄ / √(Sxx/n + x̄²).
    @Test func straightLineMatchesTheTextbook() throws {
        let x: [Double] = [0.5, 1.1, 2.0, 2.9, 4.2, 5.0, 6.3]
        let r: [Double] = [0.12, -0.3, 0.05, 0.21, -0.17, 0.08, 0.01]   // residuals at the fit
        // Scale the slope's column by 10⁻⁶ to check that the scaling keeps the rank and digits.
        let s = 1e-6
        var jt = Matrix(rows: 2, cols: x.count)
        for i in x.indices { jt[0, i] = 1; jt[1, i] = s * x[i] }
        let c = try LinearisedCovariance(jacobianTranspose: jt, residuals: r, indices: [0, 1])
        let n = Double(x.count), mean = x.reduce(0, +) / n
        let sxx = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let sigma = (r.reduce(0) { $0 + $1 * $1 } / (n - 2)).squareRoot()
        #expect(c.rank == 2 && c.degreesOfFreedom == 5)
        #expect(abs(c.residualStandardDeviation - sigma) <= 1e-14 * sigma)
        let se = c.standardErrors
        #expect(abs(se[1] * s - sigma / sxx.squareRoot()) <= 1e-12 * sigma / sxx.squareRoot())
        let seA = sigma * (1 / n + mean * mean / sxx).squareRoot()
        #expect(abs(se[0] - seA) <= 1e-12 * seA)
        let corr = -mean / (sxx / n + mean * mean).squareRoot()
        #expect(abs(c.correlation[0, 1] - corr) <= 1e-12)
        // Restricting to one index gives that index's entry of the full covariance.
        let only = try LinearisedCovariance(jacobianTranspose: jt, residuals: r, indices: [1])
        #expect(abs(only.standardErrors[0] - se[1]) <= 1e-12 * se[1])
    }

    /// Two identical columns: rank 1, one degree of freedom more, and neither
    /// parameter identifiable alone; a third independent one still is.
    @Test func aRankDeficientDesignIsStatedNotHidden() throws {
        let x: [Double] = [1, 2, 3, 4, 5]
        var jt = Matrix(rows: 3, cols: 5)
        for i in 0..<5 { jt[0, i] = x[i]; jt[1, i] = x[i]; jt[2, i] = x[i] * x[i] }
        let c = try LinearisedCovariance(jacobianTranspose: jt, residuals: [0.1, -0.2, 0.1, 0.05, -0.05], indices: [0, 1, 2])
        #expect(c.rank == 2 && c.degreesOfFreedom == 3)
        #expect(c.identifiable == [false, false, true])
        #expect(c.standardErrors[0].isNaN && c.standardErrors[2].isFinite && c.standardErrors[2] > 0)
    }

    @Test func aNonFiniteJacobianThrows() {
        var jt = Matrix(rows: 1, cols: 2)
        jt[0, 0] = .nan
        #expect(throws: LinearAlgebraError.self) { try LinearisedCovariance(jacobianTranspose: jt, residuals: [0, 0], indices: [0]) }
    }

    /// Observation rows: a line y = a + b x observed at 5 points, plus one exact
    /// condition row a = 1 (a "physics" row). The data then fix only b:
    /// dof = 5 − (2 − 1) = 4, σ̂² from the data rows only, and SE(b) is that of
    /// a one-parameter fit through the origin of y − 1, σ̂/√Σx².
    @Test func observationRowsCountOnlyWhatTheDataFix() throws {
        let x: [Double] = [0.5, 1, 2, 3, 4]
        let r: [Double] = [0.1, -0.2, 0.15, 0.05, -0.1, 0]
        var jt = Matrix(rows: 2, cols: 6)
        for i in 0..<5 { jt[0, i] = 1; jt[1, i] = x[i] }
        jt[0, 5] = 1e4                                           // the condition row, weighted heavily
        let c = try LinearisedCovariance(jacobianTranspose: jt, residuals: r, indices: [1], observationRows: Array(0..<5))
        #expect(c.rank == 2 && c.degreesOfFreedom == 4)
        let sigma = (r.prefix(5).reduce(0) { $0 + $1 * $1 } / 4).squareRoot()
        #expect(abs(c.residualStandardDeviation - sigma) <= 1e-14 * sigma)
        let expected = sigma / x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(c.standardErrors[0] - expected) <= 1e-6 * expected, "\(c.standardErrors[0]) vs \(expected)")
    }
}
