import LinearAlgebra
import Residuals
import SvenSolver

/// The identified unknowns of an inverse problem, with linearised standard errors.
///
/// The standard errors come from the final Jacobian of the whole system
/// (network weights and unknowns): σ̂² (JᵀJ)⁺ restricted to the unknowns' z
/// columns, σ̂² = ‖r‖²/(B − rank J), mapped to λ by the delta method
/// SE(λ) = |dλ/dz| SE(z) (``LinearisedCovariance``). It is the *linearised*
/// estimate: it treats every residual row (equation rows too) as an
/// observation with one common variance and the model as linear near the
/// solution; it says how well the data pin λ down at the found network, not a
/// guarantee. An unknown whose column is not reached by the kept singular
/// directions has no standard error (NaN).
public struct InverseEstimate: Sendable {
    public let names: [String]
    /// λ at the solution.
    public let values: [Double]
    /// Linearised standard errors of λ (NaN: not identifiable, or no degrees of freedom).
    public let standardErrors: [Double]
    /// Correlation of the unknowns' estimates (k × k).
    public let correlation: Matrix
    /// rank J, B − rank J, σ̂ and ‖r‖² of the whole system.
    public let rank: Int
    public let degreesOfFreedom: Int
    public let residualStandardDeviation: Double
    public let residualSumOfSquares: Double

    public static let method = "linearised: σ̂²(JᵀJ)⁺ restricted to the unknowns at the final parameters, "
        + "σ̂² = ‖r‖²/(rows − rank J), delta method through λ(z)"
}

extension InverseSystem {
    /// The unknowns at `parameters` with their linearised standard errors.
    /// - Throws: ``LinearAlgebraError`` when the Jacobian is not finite or the SVD fails.
    public func estimate(at parameters: [Double]) throws(LinearAlgebraError) -> InverseEstimate {
        let P = parameterCount - unknowns.count
        let c = try LinearisedCovariance.estimate(self, at: parameters, indices: Array(P..<parameterCount))
        let slopes = unknowns.indices.map { unknowns[$0].slope(parameters[P + $0]) }
        return InverseEstimate(names: unknowns.map(\.name), values: unknownValues(parameters),
                               standardErrors: zip(c.standardErrors, slopes).map { $0 * abs($1) },
                               correlation: c.correlation, rank: c.rank, degreesOfFreedom: c.degreesOfFreedom,
                               residualStandardDeviation: c.residualStandardDeviation,
                               residualSumOfSquares: c.residualSumOfSquares)
    }
}
