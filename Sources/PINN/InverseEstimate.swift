import LinearAlgebra
import Residuals
import SvenSolver

/// The identified unknowns of an inverse problem, with linearised standard errors.
///
/// The standard errors come from the final Jacobian of the whole system
/// (network weights and unknowns): σ̂² (JᵀJ)⁺ restricted to the unknowns' z
/// columns, mapped to λ by the delta method SE(λ) = |dλ/dz| SE(z)
/// (``LinearisedCovariance``). The noise is estimated from the data rows only,
/// σ̂² = ‖r_data‖² / (N_data − (rank J − rank J_conditions)): the equation,
/// boundary and initial rows are conditions that hold exactly, and they fix
/// rank J_conditions of the directions, leaving the rest to the data. It is the
/// *linearised* estimate — the model taken as linear near the solution; it says
/// how well the data pin λ down at the found network, not a guarantee (measured
/// coverage: bench/results/inverse.md). An unknown whose column is not reached by the kept singular
/// directions has no standard error (NaN).
public struct InverseEstimate: Sendable {
    public let names: [String]
    /// λ at the solution.
    public let values: [Double]
    /// Linearised standard errors of λ (NaN: not identifiable, or no degrees of freedom).
    public let standardErrors: [Double]
    /// Correlation of the unknowns' estimates (k × k).
    public let correlation: Matrix
    /// rank J, the degrees of freedom, σ̂ and the residual sum of squares of the data rows.
    public let rank: Int
    public let degreesOfFreedom: Int
    public let residualStandardDeviation: Double
    public let residualSumOfSquares: Double

    public static let method = "linearised: σ̂²(JᵀJ)⁺ restricted to the unknowns at the final parameters, "
        + "σ̂² = ‖r_data‖²/(data rows − (rank J − rank J_conditions)), delta method through λ(z)"
}

extension InverseSystem {
    /// The unknowns at `parameters` with their linearised standard errors.
    /// - Throws: ``LinearAlgebraError`` when the Jacobian is not finite or the SVD fails.
    ///
    /// The terms named `data` or `data[k]` (the `[[data]]` of a problem file) are
    /// the observations: their rows estimate the noise, and the degrees of
    /// freedom are N_data − (rank J − rank J_conditions) (``LinearisedCovariance``
    /// with observation rows). Without such terms every row counts.
    public func estimate(at parameters: [Double]) throws(LinearAlgebraError) -> InverseEstimate {
        let P = parameterCount - unknowns.count
        let offsets = network.problem.termOffsets
        var observed: [Int] = []
        for (t, term) in network.problem.terms.enumerated() where term.name == "data" || term.name.hasPrefix("data[") {
            observed += Array(offsets[t]..<(offsets[t] + term.rowCount))
        }
        let c = try LinearisedCovariance.estimate(self, at: parameters, indices: Array(P..<parameterCount),
                                                  observationRows: observed.isEmpty ? nil : observed)
        let slopes = unknowns.indices.map { unknowns[$0].slope(parameters[P + $0]) }
        return InverseEstimate(names: unknowns.map(\.name), values: unknownValues(parameters),
                               standardErrors: zip(c.standardErrors, slopes).map { $0 * abs($1) },
                               correlation: c.correlation, rank: c.rank, degreesOfFreedom: c.degreesOfFreedom,
                               residualStandardDeviation: c.residualStandardDeviation,
                               residualSumOfSquares: c.residualSumOfSquares)
    }
}
