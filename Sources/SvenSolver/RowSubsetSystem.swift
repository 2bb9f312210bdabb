import LinearAlgebra

/// A fixed number of rows of another system, as a system of its own: lets any
/// optimizer take mini-batch steps (set `rows`, then step on this view). The
/// base system's row-subset methods do the work, so a `PINN.DataFitSystem`
/// evaluates only the chosen points.
public final class RowSubsetSystem: ResidualSystem {
    public let base: any ResidualSystem
    /// The base rows this view shows; the count is fixed at creation.
    public var rows: [Int] {
        didSet {
            precondition(rows.count == oldValue.count, "RowSubsetSystem: \(rows.count) rows, the view has \(oldValue.count)")
            precondition(rows.allSatisfy { $0 >= 0 && $0 < base.residualCount },
                         "RowSubsetSystem: a row is outside 0..<\(base.residualCount)")
        }
    }

    public init(_ base: any ResidualSystem, rows: [Int]) {
        precondition(!rows.isEmpty && rows.allSatisfy { $0 >= 0 && $0 < base.residualCount },
                     "RowSubsetSystem: rows must be non-empty and within 0..<\(base.residualCount)")
        self.base = base
        self.rows = rows
    }

    public var parameterCount: Int { base.parameterCount }
    public var residualCount: Int { rows.count }

    public func fillResiduals(at parameters: [Double], into residuals: inout [Double]) {
        base.fillResiduals(at: parameters, rows: rows, into: &residuals)
    }

    public func fillJacobian(at parameters: [Double], residuals: inout [Double], jacobianTranspose: inout Matrix) {
        base.fillJacobian(at: parameters, rows: rows, residuals: &residuals, jacobianTranspose: &jacobianTranspose)
    }
}
