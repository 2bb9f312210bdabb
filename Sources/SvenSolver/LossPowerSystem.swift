import LinearAlgebra

/// Per-sample losses ℓ_i(θ) ≥ 0 that are not squares of residuals — a
/// cross-entropy, a hinge, an absolute error — and their gradients.
public protocol PerSampleLosses: AnyObject {
    var parameterCount: Int { get }
    var sampleCount: Int { get }
    /// ℓ_i(θ) ≥ 0 for every sample.
    func fillLosses(at parameters: [Double], into losses: inout [Double])
    /// ℓ_i(θ) and ∇ℓ_i (as columns of a P × N matrix, like `ResidualSystem`'s Jᵀ).
    func fillLossGradients(at parameters: [Double], losses: inout [Double], gradientsTranspose: inout Matrix)
}

/// Sven on per-sample losses, as in the paper: the residual of sample i is
/// r_i = ℓ_i^(κ/2), so the least-squares cost is ½‖r‖² = ½ Σ ℓ_i^κ and the
/// Jacobian row is ∇r_i = (κ/2) ℓ_i^(κ/2 − 1) ∇ℓ_i. κ = 2 gives r = ℓ; κ = 1
/// gives r = √ℓ, whose cost is half the usual total loss Σ ℓ_i.
///
/// For κ < 2 the factor ℓ^(κ/2−1) blows up as ℓ → 0; losses are floored at
/// `floor` (default 1e-300) in that factor only, so an exactly fitted sample
/// contributes a finite row.
public final class LossPowerSystem: ResidualSystem {
    public let losses: any PerSampleLosses
    public let kappa: Double
    public let floor: Double
    private var buffer: [Double]

    public init(_ losses: any PerSampleLosses, kappa: Double, floor: Double = 1e-300) throws(OptionError) {
        try OptionError.require(kappa.isFinite && kappa > 0, "sven.kappa", kappa, "must be finite and > 0")
        self.losses = losses
        self.kappa = kappa
        self.floor = floor
        buffer = Array(repeating: 0, count: losses.sampleCount)
    }

    public var parameterCount: Int { losses.parameterCount }
    public var residualCount: Int { losses.sampleCount }

    public func fillResiduals(at parameters: [Double], into residuals: inout [Double]) {
        losses.fillLosses(at: parameters, into: &buffer)
        for i in buffer.indices { residuals[i] = pow(max(buffer[i], 0), kappa / 2) }
    }

    public func fillJacobian(at parameters: [Double], residuals: inout [Double], jacobianTranspose: inout Matrix) {
        losses.fillLossGradients(at: parameters, losses: &buffer, gradientsTranspose: &jacobianTranspose)
        let p = parameterCount
        for i in buffer.indices {
            let l = max(buffer[i], 0)
            residuals[i] = pow(l, kappa / 2)
            let factor = kappa / 2 * pow(max(l, floor), kappa / 2 - 1)
            for q in 0..<p { jacobianTranspose.storage[i * p + q] *= factor }
        }
    }
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
