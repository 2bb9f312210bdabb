import LinearAlgebra

/// Levenberg–Marquardt as a trust-region method with Moré's scaling — the algorithm
/// of MINPACK's `lmder` (J. J. Moré, "The Levenberg–Marquardt algorithm:
/// implementation and theory", *Numerical Analysis*, LNM 630, 1978; Nocedal & Wright,
/// *Numerical Optimization*, §10.3), with the subproblem solved by an SVD.
///
/// **The subproblem.** Each step solves, for a trust radius Δ,
///
///     min_δ ‖J δ + r‖²   subject to ‖D δ‖ ≤ Δ,
///
/// whose solution is δ(λ) = argmin ‖J δ + r‖² + λ‖D δ‖² with λ ≥ 0 such that
/// ‖D δ(λ)‖ = Δ (or λ = 0 when the Gauss–Newton step already lies inside).
///
/// **Scaling.** D = diag(d_j), d_j = the largest ‖J e_j‖ (column norm) seen so far
/// (Moré §6; MINPACK `mode = 1`). The method is then invariant to a rescaling of
/// the parameters: a NIST model with b₁ ≈ 10² and b₂ ≈ 10⁻⁴ is treated like one with
/// both near 1. The running maximum keeps D from collapsing where a column vanishes.
///
/// **How the subproblem is solved, and why by an SVD.** With z = D δ the problem is
/// min ‖Ĵ z + r‖² + λ‖z‖², Ĵ = J D⁻¹. One thin SVD Ĵ = U Σ Vᵀ, g = Uᵀ r gives it
/// for every λ at once:
///
///     z(λ) = −Σ_{i<k} σ_i g_i / (σ_i² + λ) · v_i,   ‖z(λ)‖² = Σ_{i<k} (σ_i g_i / (σ_i² + λ))².
///
/// Forming JᵀJ + λD² and a Cholesky factor would square the condition number
/// (cond(JᵀJ) = cond(J)²: at cond(J) = 1e8 the normal equations keep no digit, while
/// the SVD keeps about eight). MINPACK avoids it with a QR factorisation of J and a
/// Givens update per λ; the SVD is as stable (it factors J itself, and the damped
/// filter σ/(σ² + λ) is evaluated on exact σ_i), and it makes the search for λ —
/// Moré's safeguarded Newton iteration on 1/‖z(λ)‖ − 1/Δ (his §5, MINPACK `lmpar`) —
/// cost O(k) per iterate, and a rejected trial one gemv, with no refactorisation.
/// The SVD also gives σ₁, the rank and the smallest kept σ for the report.
/// σ_i ≤ rtol·σ₁ are dropped (numerically zero), so a rank-deficient J still gets the
/// minimum-norm step.
///
/// **Trust-region update** (Moré §4, MINPACK): with the gain ratio
/// ρ = (actual decrease of ‖r‖²) / (predicted decrease ‖J δ‖² + 2λ‖D δ‖²),
/// - ρ ≤ ¼: Δ shrinks by a factor in [0.1, 0.5] (from a quadratic fit along δ when
///   the cost rose), and λ grows by the inverse factor;
/// - ρ ≥ ¾, or λ = 0: Δ = 2‖D δ‖ and λ halves;
/// - the step is accepted when ρ ≥ `acceptanceRatio` (10⁻⁴); otherwise the step is
///   recomputed with the smaller Δ on the same SVD. When Δ falls below ε‖D θ‖ no
///   step can help (MINPACK's `info = 7`) and the step fails with `.converged`, which the driver reports as `parameter_tolerance` —
///   at a minimum, this is how a run ends once the cost is at round-off.
///
/// The first Δ is `initialTrustFactor`·‖D θ₀‖ (MINPACK's `factor`, 100), cut to the
/// first step's ‖D δ‖.
///
/// **Reported per step:** rank k of Ĵ = J D⁻¹, σ₁ and the smallest kept σ of Ĵ,
/// the λ of the accepted step (in the units of Ĵ), η = 1, and ‖δ‖.
///
/// **Allocation:** the workspace (Jᵀ, the SVD, D, the step and trial buffers) is made
/// in `prepare(for:)`, which also resets Δ, λ and D; a step allocates nothing on the
/// Swift side (LAPACK's dgesvd fallback, used only when dgesdd fails, allocates).
public struct LevenbergMarquardt: Optimizer {
    public var options: Options
    public var name: String { "lm" }

    /// The trust radius Δ (bound on ‖D δ‖); 0 before the first step.
    public internal(set) var trustRadius: Double = 0
    /// The Levenberg–Marquardt parameter λ of the last step (units of Ĵ = J D⁻¹).
    public internal(set) var lambda: Double = 0
    /// d_j, the running maximum of the column norms of J (empty before the first step).
    public internal(set) var scaling: [Double] = []
    var inverseScaling: [Double] = []
    var started = false
    var workspace: JacobianSVD?

    public init(_ options: Options = Options()) {
        self.options = options
    }

    // MARK: - Options

    public struct Options: Sendable, Equatable {
        /// Δ₀ = initialTrustFactor·‖D θ₀‖ (this factor alone when θ₀ = 0). Default 100 (MINPACK).
        public var initialTrustFactor: Double = 100
        /// Drop σ_i ≤ rtol·σ₁ of J D⁻¹ as numerically zero. Default 1e-14 (≈ 45 ε).
        public var rtol: Double = 1e-14
        /// Moré's scaling D = diag(running max column norm of J); false: D = I. Default true.
        public var scaled: Bool = true
        /// Accept a trial when the gain ratio ρ ≥ this. Default 1e-4 (MINPACK).
        public var acceptanceRatio: Double = 1e-4

        public init(initialTrustFactor: Double = 100, rtol: Double = 1e-14, scaled: Bool = true,
                    acceptanceRatio: Double = 1e-4) {
            self.initialTrustFactor = initialTrustFactor; self.rtol = rtol
            self.scaled = scaled; self.acceptanceRatio = acceptanceRatio
        }

        /// Throws an `OptionError` naming the first bad field.
        public func validate() throws(OptionError) {
            try OptionError.require(initialTrustFactor.isFinite && initialTrustFactor > 0,
                                    "lm.initial_trust_factor", initialTrustFactor, "must be finite and > 0")
            try OptionError.require(rtol.isFinite && rtol >= 0 && rtol < 1, "lm.rtol", rtol,
                                    "must be finite and in [0, 1)")
            try OptionError.require(acceptanceRatio >= 0 && acceptanceRatio < 0.25, "lm.acceptance_ratio",
                                    acceptanceRatio, "must be in [0, 0.25)")
        }
    }

    public mutating func prepare(for system: any ResidualSystem) throws(OptionError) {
        try options.validate()
        let p = system.parameterCount
        if workspace?.fits(system) != true {
            workspace = JacobianSVD(parameters: p, residuals: system.residualCount)
        }
        trustRadius = 0
        lambda = 0
        started = false
        scaling = Array(repeating: 0, count: p)
        inverseScaling = Array(repeating: 1, count: p)
    }

    // MARK: - Step

    public mutating func step(
        system: any ResidualSystem, parameters: inout [Double],
        residuals: inout [Double], cost: inout Double
    ) throws(StepFailure) -> StepOutcome {
        guard let w = workspace else { preconditionFailure("LevenbergMarquardt.step before prepare(for:)") }
        system.fillJacobian(at: parameters, residuals: &residuals, jacobianTranspose: &w.jt)
        let first = !started
        started = true
        updateScaling(w, first: first)
        let xnorm = scaledNorm(parameters)
        if first {
            trustRadius = xnorm > 0 ? options.initialTrustFactor * xnorm : options.initialTrustFactor
        }
        try w.factor(scale: options.scaled ? inverseScaling : nil, residuals: residuals)
        let s = w.singularValues
        let k = w.rank(rtol: options.rtol)
        guard k > 0 else { throw .noDecrease }     // J = 0: θ is stationary
        let fnorm = residualNorm(cost)
        guard fnorm > 0 else { throw .noDecrease }

        var isFirstTrial = first
        // Each rejection shrinks Δ at least twofold; 200 of them (Δ/10⁶⁰) end the step
        // even when ε‖D θ‖ = 0 cannot.
        for _ in 0..<200 {
            lambda = Self.solveTrustRegion(s: s, g: w.g, rank: k, fullColumnRank: k == w.parameterCount,
                                           radius: trustRadius, start: lambda)
            let lam = lambda
            w.formStep(rank: k, scale: options.scaled ? inverseScaling : nil) { (i: Int) -> Double in
                let s2: Double = s[i] * s[i]
                return s2 / (s2 + lam)
            }
            // ‖D δ‖ = ‖z‖ = ‖c‖ and ‖J δ‖ = ‖Σ c‖ (V, U orthonormal).
            var pnorm2 = 0.0, jpnorm2 = 0.0
            for i in 0..<k {
                pnorm2 += w.c[i] * w.c[i]
                jpnorm2 += s[i] * s[i] * w.c[i] * w.c[i]
            }
            let pnorm = pnorm2.squareRoot()
            if isFirstTrial { trustRadius = min(trustRadius, pnorm); isFirstTrial = false }

            let trialCost = w.evaluateTrial(system: system, eta: 1, parameters: parameters)
            let fnorm1 = residualNorm(trialCost)
            // Relative decreases of ‖r‖², as in MINPACK (guarded against overflow).
            let actual = 0.1 * fnorm1 < fnorm ? 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) : -1
            let t1 = jpnorm2 / (fnorm * fnorm), t2 = lam * pnorm2 / (fnorm * fnorm)
            let predicted = t1 + 2 * t2
            let directional = -(t1 + t2)
            let ratio = predicted != 0 ? actual / predicted : 0

            if ratio <= 0.25 {
                var shrink = actual >= 0 ? 0.5 : 0.5 * directional / (directional + 0.5 * actual)
                if 0.1 * fnorm1 >= fnorm || !(shrink >= 0.1) { shrink = 0.1 }
                trustRadius = shrink * min(trustRadius, pnorm / 0.1)
                lambda = lambda / shrink
            } else if lambda == 0 || ratio >= 0.75 {
                trustRadius = pnorm / 0.5
                lambda = 0.5 * lambda
            }

            if ratio >= options.acceptanceRatio && trialCost.isFinite {
                w.commit(cost: &cost, trialCost: trialCost, parameters: &parameters, residuals: &residuals)
                return StepOutcome(rank: k, sigmaMax: s[0], sigmaMinKept: s[k - 1], eta: 1,
                                   lambda: lam, stepNorm: norm(w.delta))
            }
            if trustRadius <= Double.ulpOfOne * xnorm || !(trustRadius > 0) {
                throw .converged("the trust region is below ε‖Dθ‖ (MINPACK info 7)")
            }
        }
        throw .noDecrease
    }

    // MARK: - Pieces

    /// d_j = max(d_j, ‖J e_j‖) — row j of Jᵀ — on the first step d_j = ‖J e_j‖ (1 where
    /// that is 0); the inverse 1/d_j is what scales the columns of J.
    private mutating func updateScaling(_ w: JacobianSVD, first: Bool) {
        guard options.scaled else { return }
        let (p, b) = (w.parameterCount, w.residualCount)
        w.jt.storage.withUnsafeBufferPointer { a in
            for j in 0..<p {
                var sum = 0.0
                for i in 0..<b { sum += a[j + i * p] * a[j + i * p] }
                let columnNorm = sum.squareRoot()
                if first {
                    scaling[j] = columnNorm > 0 && columnNorm.isFinite ? columnNorm : 1
                } else if columnNorm > scaling[j] && columnNorm.isFinite {
                    scaling[j] = columnNorm
                }
                inverseScaling[j] = 1 / scaling[j]
            }
        }
    }

    /// ‖D θ‖ (‖θ‖ unscaled).
    private func scaledNorm(_ theta: [Double]) -> Double {
        var s = 0.0
        for j in theta.indices {
            let v = options.scaled ? scaling[j] * theta[j] : theta[j]
            s += v * v
        }
        return s.squareRoot()
    }

    /// ‖r‖ from the cost ½‖r‖².
    private func residualNorm(_ cost: Double) -> Double { (2 * cost).squareRoot() }
}
