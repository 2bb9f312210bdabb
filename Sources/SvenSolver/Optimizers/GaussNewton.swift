import LinearAlgebra

/// Gauss–Newton with a backtracking Armijo line search.
///
/// Each step solves the linearised problem min_δ ‖J δ + r‖ in the least-squares
/// sense by the thin SVD J = U Σ Vᵀ — never through the normal equations JᵀJ δ = −Jᵀr,
/// which square the condition number (cond(JᵀJ) = cond(J)²; Nocedal & Wright §10.2,
/// Björck, *Numerical Methods for Least Squares Problems*, §2.2) — and takes the
/// minimum-norm solution
///
///     δ = −Σ_{i<k} (g_i / σ_i) v_i,   g = Uᵀ r,   k = #{σ_i > rtol·σ₁}.
///
/// The cutoff sits at machine-precision level: only directions whose σ_i cannot be
/// told from LAPACK's round-off (backward error ~ε‖J‖, Golub & Van Loan §8.6) are
/// dropped, so the step is full Gauss–Newton whenever J has numerically full rank.
///
/// **Line search.** With f = ½‖r‖², the directional derivative along δ is
/// ∇fᵀδ = rᵀJδ = −Σ_{i<k} g_i² < 0, so δ is a descent direction. η is halved from 1
/// until the Armijo condition
///
///     f(θ + η δ) ≤ f(θ) − c·η·Σ_{i<k} g_i²
///
/// holds (Nocedal & Wright, Algorithm 3.1); no admissible η in `maxHalvings`
/// halvings fails the step with `.noDecrease`.
///
/// Unlike `Sven` (whose default cutoff is 1e-10 and which damps when the line search
/// fails) this is the textbook method; it is here as the reference that the other
/// optimizers are measured against.
///
/// Allocation: the workspace (J, its SVD, the step and trial buffers) is made in
/// `prepare(for:)`; a step allocates nothing on the Swift side.
public struct GaussNewton: Optimizer {
    public var options: Options
    public var name: String { "gauss-newton" }
    var workspace: JacobianSVD?

    public init(_ options: Options = Options()) {
        self.options = options
    }

    // MARK: - Options

    public struct Options: Sendable, Equatable {
        /// Keep σ_i > rtol·σ₁. Default 1e-14 (≈ 45 ε; MATLAB's `pinv` uses max(B, P)·ε).
        public var rtol: Double = 1e-14
        /// Armijo constant c in (0, 1). Default 1e-4 (Nocedal & Wright §3.1).
        public var armijo: Double = 1e-4
        /// Most halvings of η before the step fails. Default 30 (η down to 2⁻³⁰ ≈ 1e-9).
        public var maxHalvings: Int = 30

        public init(rtol: Double = 1e-14, armijo: Double = 1e-4, maxHalvings: Int = 30) {
            self.rtol = rtol; self.armijo = armijo; self.maxHalvings = maxHalvings
        }

        /// Throws an `OptionError` naming the first bad field.
        public func validate() throws(OptionError) {
            try OptionError.require(rtol.isFinite && rtol >= 0 && rtol < 1, "gauss_newton.rtol", rtol,
                                    "must be finite and in [0, 1)")
            try OptionError.require(armijo > 0 && armijo < 1, "gauss_newton.armijo", armijo, "must be in (0, 1)")
            try OptionError.require(maxHalvings >= 0 && maxHalvings <= 60, "gauss_newton.max_halvings",
                                    maxHalvings, "must be in 0...60")
        }
    }

    public mutating func prepare(for system: any ResidualSystem) throws(OptionError) {
        try options.validate()
        if let w = workspace, w.fits(system) { return }
        workspace = JacobianSVD(parameters: system.parameterCount, residuals: system.residualCount)
    }

    // MARK: - Step

    public mutating func step(
        system: any ResidualSystem, parameters: inout [Double],
        residuals: inout [Double], cost: inout Double
    ) throws(StepFailure) -> StepOutcome {
        guard let w = workspace else { preconditionFailure("GaussNewton.step before prepare(for:)") }
        system.fillJacobian(at: parameters, residuals: &residuals, jacobianTranspose: &w.jt)
        try w.factor(scale: nil, residuals: residuals)
        let s = w.singularValues
        let k = w.rank(rtol: options.rtol)
        guard k > 0 else { throw .noDecrease }
        var slope = 0.0                       // −∇fᵀδ = Σ_{i<k} g_i²
        for i in 0..<k { slope += w.g[i] * w.g[i] }
        w.formStep(rank: k, scale: nil) { _ in 1 }

        var eta = 1.0
        for _ in 0...options.maxHalvings {
            let trialCost = w.evaluateTrial(system: system, eta: eta, parameters: parameters)
            if trialCost <= cost - options.armijo * eta * slope {
                w.commit(cost: &cost, trialCost: trialCost, parameters: &parameters, residuals: &residuals)
                return StepOutcome(rank: k, sigmaMax: s[0], sigmaMinKept: s[k - 1], eta: eta,
                                   lambda: 0, stepNorm: eta * norm(w.delta))
            }
            eta *= 0.5
        }
        throw .noDecrease
    }
}
