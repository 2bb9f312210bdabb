import LinearAlgebra
import SvenSolver

/// Rank 0's view of a `RowDistributedSystem` as one `ResidualSystem` of all B
/// rows, for `LeastSquaresDriver`: the driver, its history, stopping tests and
/// checkpoints stay on rank 0 and see global quantities only. `DistributedSven`
/// takes its steps through `rows` without gathering J; of the protocol's methods,
///
/// - `fillResiduals` gathers r (B doubles) to rank 0 — the driver's start and refreshes;
/// - `applyJacobianTranspose` broadcasts w and sums Jᵀw over ranks (the gradient test);
/// - `fillJacobian` gathers the whole J (B·P doubles): for checks (`JacobianCheck`)
///   and for optimizers that need a dense J, never for `DistributedSven`.
public final class DistributedResidualSystem: ResidualSystem {
    public let rows: RowDistributedSystem

    public init(_ rows: RowDistributedSystem) {
        precondition(rows.comm.isRoot, "DistributedResidualSystem lives on rank 0; the other ranks serve()")
        self.rows = rows
    }

    public var parameterCount: Int { rows.parameterCount }
    public var residualCount: Int { rows.residualCount }

    public func fillResiduals(at parameters: [Double], into residuals: inout [Double]) {
        rows.residuals(at: parameters, into: &residuals)
    }

    public func fillJacobian(at parameters: [Double], residuals: inout [Double], jacobianTranspose: inout Matrix) {
        precondition(jacobianTranspose.rows == parameterCount && jacobianTranspose.cols == residualCount,
                     "fillJacobian: Jᵀ buffer \(jacobianTranspose.rows) × \(jacobianTranspose.cols), need \(parameterCount) × \(residualCount)")
        rows.gatherJacobian(at: parameters, residuals: &residuals, jacobianTranspose: &jacobianTranspose)
    }

    public func applyJacobianTranspose(at parameters: [Double], _ w: [Double], into out: inout [Double]) {
        precondition(w.count == residualCount && out.count == parameterCount,
                     "applyJacobianTranspose: w has \(w.count) entries (B = \(residualCount)), out \(out.count) (P = \(parameterCount))")
        rows.gradient(at: parameters, weights: w, into: &out)
    }
}
