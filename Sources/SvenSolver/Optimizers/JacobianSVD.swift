import LinearAlgebra

/// The thin SVD of a column-scaled Jacobian and the buffers of a spectral step,
/// shared by `GaussNewton` and `LevenbergMarquardt` (internal).
///
/// With S = diag(s) a column scaling (S = I when none is given) and
///
///     Ĵ = J S = U Σ Vᵀ,   g = Uᵀ r,
///
/// every step of these optimizers is a filter on the same factorisation,
///
///     δ = S V c,   c_i = −f_i g_i / σ_i   (i < k),
///
/// where f_i = 1 is Gauss–Newton and f_i = σ_i²/(σ_i² + λ) Levenberg–Marquardt. Then
///
///     J δ = U Σ c,   ‖J δ‖² = Σ σ_i² c_i²,   rᵀ J δ = Σ σ_i g_i c_i,
///
/// so predicted decreases and directional derivatives cost O(k), and a change of λ
/// costs one gemv, never a new factorisation.
///
/// LAPACK factors the taller of Ĵ and Ĵᵀ (as Sven does; dgesdd is faster on the tall
/// side), so when B ≥ P the system's Jᵀ is transposed into `j` first. Every buffer
/// is made once here: `factor` and the step allocate nothing on the Swift side
/// (LAPACK's dgesvd fallback, taken only when dgesdd fails, allocates internally).
///
/// `Sven` keeps its own copy of these pieces (`Sven.Workspace`, the same arithmetic
/// with S = I); it could move onto this type.
final class JacobianSVD {
    /// Jᵀ (P × B), filled by the system; scaled in place to Ĵᵀ by `factor`.
    var jt: Matrix
    private var j: Matrix
    /// True when LAPACK factors Ĵ (B ≥ P), false when it factors Ĵᵀ.
    let factorsJ: Bool
    let svd: ThinSVD
    /// g = Uᵀ r, length min(P, B).
    var g: [Double]
    /// The step's coordinates c in the basis V, length min(P, B).
    var c: [Double]
    /// δ = S V c, length P.
    var delta: [Double]
    /// The trial point θ + η δ and its residuals.
    var trial: [Double]
    var trialResiduals: [Double]

    let parameterCount: Int
    let residualCount: Int

    init(parameters p: Int, residuals b: Int) {
        parameterCount = p
        residualCount = b
        jt = Matrix(rows: p, cols: b)
        factorsJ = b >= p
        j = factorsJ ? Matrix(rows: b, cols: p) : Matrix(rows: 0, cols: 0)
        svd = factorsJ ? ThinSVD(rows: b, cols: p) : ThinSVD(rows: p, cols: b)
        g = Array(repeating: 0, count: min(p, b))
        c = g
        delta = Array(repeating: 0, count: p)
        trial = delta
        trialResiduals = Array(repeating: 0, count: b)
    }

    /// True when this workspace fits `system`.
    func fits(_ system: any ResidualSystem) -> Bool {
        parameterCount == system.parameterCount && residualCount == system.residualCount
    }

    var singularValues: [Double] { svd.singularValues }

    // MARK: - Factorisation

    /// Ĵ = J·diag(scale) = U Σ Vᵀ, then g = Uᵀ r. `jt` must hold Jᵀ; its row j
    /// (column j of J) is multiplied by `scale[j]` in place.
    func factor(scale: [Double]?, residuals: [Double]) throws(StepFailure) {
        if let scale {
            precondition(scale.count == parameterCount,
                         "JacobianSVD.factor: \(scale.count) scale factors for \(parameterCount) parameters")
            let p = parameterCount
            jt.storage.withUnsafeMutableBufferPointer { a in
                for i in 0..<residualCount {
                    for jj in 0..<p { a[jj + i * p] *= scale[jj] }
                }
            }
        }
        do throws(LinearAlgebraError) {
            if factorsJ {
                Matrix.transpose(jt, into: &j)
                try svd.factor(j)            // Ĵ = U Σ Vᵀ
            } else {
                try svd.factor(jt)           // Ĵᵀ = U' Σ V'ᵀ, so Ĵ = V' Σ U'ᵀ
            }
        } catch {
            if case .nonFiniteInput = error { throw .nonFinite }
            throw .linearAlgebra(error.description)
        }
        if factorsJ {
            Matrix.gemv(.transpose, svd.u, residuals, into: &g)
        } else {
            Matrix.gemv(.none, svd.vt, residuals, into: &g)
        }
    }

    /// Number of σ_i > rtol·σ₁ (0 when σ₁ = 0).
    func rank(rtol: Double) -> Int { svd.rank(rtol: rtol) }

    // MARK: - Steps

    /// c_i = −f(i)·g_i/σ_i for i < k (0 beyond), then δ = S V c.
    func formStep(rank k: Int, scale: [Double]?, filter: (Int) -> Double) {
        let s = svd.singularValues
        for i in 0..<c.count { c[i] = i < k ? -filter(i) * g[i] / s[i] : 0 }
        if factorsJ {
            Matrix.gemv(.transpose, svd.vt, c, into: &delta)
        } else {
            Matrix.gemv(.none, svd.u, c, into: &delta)
        }
        if let scale {
            for jj in 0..<parameterCount { delta[jj] *= scale[jj] }
        }
    }

    /// ½‖r(θ + η δ)‖² (+∞ for NaN); the trial point and residuals stay in the workspace.
    func evaluateTrial(system: any ResidualSystem, eta: Double, parameters: [Double]) -> Double {
        for i in 0..<parameterCount { trial[i] = parameters[i] + eta * delta[i] }
        system.fillResiduals(at: trial, into: &trialResiduals)
        let cost = type(of: system).cost(of: trialResiduals)
        return cost.isNaN ? .infinity : cost
    }

    /// Moves the last trial into θ and r (by swapping buffers: no copy, no allocation).
    func commit(cost: inout Double, trialCost: Double, parameters: inout [Double], residuals: inout [Double]) {
        swap(&parameters, &trial)
        swap(&residuals, &trialResiduals)
        cost = trialCost
    }
}

