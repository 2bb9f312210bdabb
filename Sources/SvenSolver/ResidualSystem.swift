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
}

extension ResidualSystem {
    /// ½‖r‖², the cost every optimizer minimises.
    public static func cost(of residuals: [Double]) -> Double {
        var s = 0.0
        for v in residuals { s += v * v }
        return 0.5 * s
    }
}
