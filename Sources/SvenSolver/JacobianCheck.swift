import Foundation
import LinearAlgebra

/// Compares a system's Jacobian with central differences of its residuals, as
/// Ceres' `GradientChecker` does: the test every hand-written Jacobian should pass.
///
/// Column j of the difference Jacobian is (r(θ + h_j e_j) − r(θ − h_j e_j)) / (2h_j)
/// with h_j = `relativeStep`·max(1, |θ_j|) (the difference of the two rounded
/// points is used as 2h_j, so the representation error of θ ± h cancels). Its
/// error is O(h²) from truncation plus O(ε|r|/h) from rounding; both are balanced
/// near h ≈ ε^{1/3} ≈ 6e-6, the default, where agreement to ~1e-10 relative is
/// typical for smooth residuals.
///
/// **The error scale.** Entry (i, j) is compared relative to the size of its row:
///
///     e_ij = |J_ij − Ĵ_ij| / max(‖J_i·‖_∞, ‖Ĵ_i·‖_∞)     (0 when both rows are 0)
///
/// Why the row and not the entry or 1: row i is the linear model of residual i,
/// r_i(θ + δ) ≈ r_i + J_i·δ, and an error e in one entry changes that model by at
/// most e·‖J_i‖_∞·‖δ‖₁ — the same relative amount whatever the size of the entry.
/// The measure does not change when a residual is weighted (scaled), which
/// max(1, |J_ij|) does (a term weighted by 1e-8 would always pass). And an entry
/// that is tiny next to its row, where central differences carry mostly round-off,
/// does not raise false alarms, which |J_ij − Ĵ_ij| / |J_ij| does. The cost: an
/// error in an entry far smaller than its row shows only in proportion to that
/// entry's size — see `maxAbsoluteError` and the values at the worst entry.
public enum JacobianCheck {
    /// The worst disagreement found.
    public struct Report: Sendable, Equatable {
        /// max e_ij, the row-relative error above; +∞ when either Jacobian holds NaN/Inf.
        public var worstRelativeError: Double
        /// The residual (row of J) of the worst entry.
        public var worstResidual: Int
        /// The parameter (column of J) of the worst entry.
        public var worstParameter: Int
        /// J_ij at the worst entry, from the system.
        public var analytic: Double
        /// Ĵ_ij at the worst entry, from central differences.
        public var finiteDifference: Double
        /// max |J_ij − Ĵ_ij| over all entries.
        public var maxAbsoluteError: Double

        /// True when the worst relative error is at most `tolerance`.
        public func passes(tolerance: Double) -> Bool { worstRelativeError <= tolerance }
    }

    /// Check the Jacobian of `system` at `parameters` (2P residual evaluations and
    /// one Jacobian; allocates B × P — a diagnostic, not for the inner loop).
    /// With `columns`, only those parameters are differenced (2·|columns|
    /// evaluations); the row scale still takes the whole analytic row.
    public static func run(_ system: any ResidualSystem, at parameters: [Double],
                           relativeStep: Double = 6e-6, columns: [Int]? = nil) -> Report {
        let (p, b) = (system.parameterCount, system.residualCount)
        precondition(parameters.count == p,
                     "JacobianCheck.run: θ has \(parameters.count) entries, the system has \(p) parameters")
        precondition(relativeStep.isFinite && relativeStep > 0 && relativeStep < 1,
                     "JacobianCheck.run: relativeStep = \(relativeStep) must be in (0, 1)")
        var jt = Matrix(rows: p, cols: b)            // Jᵀ from the system, column i = ∇r_i
        var r = Array(repeating: 0.0, count: b)
        system.fillJacobian(at: parameters, residuals: &r, jacobianTranspose: &jt)

        let checked = columns ?? Array(0..<p)
        precondition(checked.allSatisfy { $0 >= 0 && $0 < p }, "JacobianCheck.run: columns outside 0..<\(p)")
        var fd = jt                                  // Ĵᵀ in the same layout (unchecked columns: the analytic values)
        var theta = parameters, plus = r, minus = r
        for j in checked {
            let h = relativeStep * max(1, abs(parameters[j]))
            theta[j] = parameters[j] + h
            let up = theta[j]
            system.fillResiduals(at: theta, into: &plus)
            theta[j] = parameters[j] - h
            let width = up - theta[j]
            system.fillResiduals(at: theta, into: &minus)
            theta[j] = parameters[j]
            for i in 0..<b { fd[j, i] = (plus[i] - minus[i]) / width }
        }

        var report = Report(worstRelativeError: 0, worstResidual: 0, worstParameter: 0,
                            analytic: 0, finiteDifference: 0, maxAbsoluteError: 0)
        for i in 0..<b {
            var scale = 0.0
            for j in 0..<p { scale = max(scale, abs(jt[j, i]), abs(fd[j, i])) }
            for j in checked {
                let (exact, estimate) = (jt[j, i], fd[j, i])
                let absolute = abs(exact - estimate)
                let relative = !absolute.isFinite || !scale.isFinite ? .infinity : (absolute == 0 ? 0 : absolute / scale)
                if !(absolute <= report.maxAbsoluteError) { report.maxAbsoluteError = absolute.isNaN ? .infinity : absolute }
                if relative > report.worstRelativeError {
                    report.worstRelativeError = relative
                    report.worstResidual = i; report.worstParameter = j
                    report.analytic = exact; report.finiteDifference = estimate
                }
            }
        }
        return report
    }
}
