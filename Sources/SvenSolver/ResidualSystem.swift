import LinearAlgebra

/// A set of conditions r(θ) = 0 to be met at once: B residuals of P parameters.
///
/// Every optimizer in SvenSolver minimises the same cost ½‖r(θ)‖². A system
/// knows nothing of the optimizer; the optimizer knows nothing of PDEs.
///
/// **Jacobian layout.** J = ∂r/∂θ is B × P. Systems fill it *row by row*: the
/// matrix passed to `fillJacobian` is the column-major P × B matrix Jᵀ, whose
/// column i is ∇_θ r_i. A residual-at-a-time backward pass (PINN, dual numbers)
/// then writes contiguous memory, and LAPACK factors Jᵀ as well as J
/// (Jᵀ = V Σ Uᵀ is the same SVD with the factors swapped).
///
/// Systems are classes: they own their workspaces and reuse them across calls,
/// so a solver step allocates nothing.
public protocol ResidualSystem: AnyObject {
    /// P, the length of θ.
    var parameterCount: Int { get }
    /// B, the number of residuals.
    var residualCount: Int { get }
    /// r(θ) into `residuals` (length B).
    func fillResiduals(at parameters: [Double], into residuals: inout [Double])
    /// r(θ) into `residuals` and Jᵀ (P × B, column i = ∇_θ r_i) into `jacobianTranspose`.
    func fillJacobian(at parameters: [Double], residuals: inout [Double], jacobianTranspose: inout Matrix)

    // MARK: Optional: products without a dense J

    /// True when `applyJacobian` and `applyJacobianTranspose` cost about one
    /// residual evaluation each, without forming J. Default false.
    var isMatrixFree: Bool { get }
    /// J(θ)·v (length B) into `out`. Default: through a dense J (allocates; override for speed).
    func applyJacobian(at parameters: [Double], _ v: [Double], into out: inout [Double])
    /// J(θ)ᵀ·w (length P) into `out` — with w = r, the gradient of ½‖r‖².
    /// Default: through a dense J (allocates; override for speed).
    func applyJacobianTranspose(at parameters: [Double], _ w: [Double], into out: inout [Double])

    // MARK: Optional: a subset of the rows (mini-batches)

    /// r_i(θ) for i in `rows`, in that order. Default: all rows, then gathered (allocates).
    func fillResiduals(at parameters: [Double], rows: [Int], into residuals: inout [Double])
    /// r_i and ∇r_i for i in `rows` (Jᵀ is P × rows.count). Default: all rows, then gathered (allocates).
    func fillJacobian(at parameters: [Double], rows: [Int], residuals: inout [Double], jacobianTranspose: inout Matrix)
}

extension ResidualSystem {
    public var isMatrixFree: Bool { false }

    public func fillResiduals(at parameters: [Double], rows: [Int], into residuals: inout [Double]) {
        precondition(residuals.count == rows.count, "fillResiduals(rows:): \(rows.count) rows, buffer \(residuals.count)")
        var all = [Double](repeating: 0, count: residualCount)
        fillResiduals(at: parameters, into: &all)
        for (k, i) in rows.enumerated() { residuals[k] = all[i] }
    }

    public func fillJacobian(at parameters: [Double], rows: [Int], residuals: inout [Double],
                             jacobianTranspose: inout Matrix) {
        let p = parameterCount
        precondition(residuals.count == rows.count && jacobianTranspose.rows == p && jacobianTranspose.cols == rows.count,
                     "fillJacobian(rows:): \(rows.count) rows, buffers \(residuals.count) and \(jacobianTranspose.rows) × \(jacobianTranspose.cols)")
        let (all, jt) = denseJacobian(at: parameters)
        for (k, i) in rows.enumerated() {
            residuals[k] = all[i]
            for q in 0..<p { jacobianTranspose.storage[k * p + q] = jt.storage[i * p + q] }
        }
    }

    public func applyJacobian(at parameters: [Double], _ v: [Double], into out: inout [Double]) {
        precondition(v.count == parameterCount && out.count == residualCount,
                     "applyJacobian: v has \(v.count) entries (P = \(parameterCount)), out \(out.count) (B = \(residualCount))")
        Matrix.gemv(.transpose, denseJacobian(at: parameters).jacobianTranspose, v, into: &out)
    }

    public func applyJacobianTranspose(at parameters: [Double], _ w: [Double], into out: inout [Double]) {
        precondition(w.count == residualCount && out.count == parameterCount,
                     "applyJacobianTranspose: w has \(w.count) entries (B = \(residualCount)), out \(out.count) (P = \(parameterCount))")
        Matrix.gemv(.none, denseJacobian(at: parameters).jacobianTranspose, w, into: &out)
    }

    /// r and Jᵀ in fresh buffers: what the dense defaults above build on every call.
    private func denseJacobian(at parameters: [Double]) -> (residuals: [Double], jacobianTranspose: Matrix) {
        var jt = Matrix(rows: parameterCount, cols: residualCount)
        var r = [Double](repeating: 0, count: residualCount)
        fillJacobian(at: parameters, residuals: &r, jacobianTranspose: &jt)
        return (r, jt)
    }
}

extension ResidualSystem {
    /// ½‖r‖², the cost every optimizer minimises.
    public static func cost(of residuals: [Double]) -> Double {
        var s = 0.0
        for v in residuals { s += v * v }
        return 0.5 * s
    }
}
