import LinearAlgebra

/// Levenberg–Marquardt as the best plain implementations do it: the damped normal
/// equations solved by Cholesky in the smaller of the two spaces, Nielsen's update of
/// the damping, and optionally geodesic acceleration.
///
/// **The step** (Madsen, Nielsen & Tingleff, *Methods for Non-Linear Least Squares
/// Problems*, IMM DTU 2004, §3.2) minimises ‖r + J δ‖² + λ δᵀDδ:
///
/// - B ≥ P (tall J): (JᵀJ + λD) δ = −Jᵀr with D = diag(running max of the column
///   norms² of J) — Marquardt's scaling, which makes the step invariant to a rescaling
///   of the parameters (Moré 1978 §6). One P × P `dsyrk` and `dpotrf` a step.
/// - B < P (wide J): D = I and δ = −Jᵀ y with (J Jᵀ + λI) y = r — the same δ by the
///   push-through identity (JᵀJ + λI)⁻¹Jᵀ = Jᵀ(J Jᵀ + λI)⁻¹, from a B × B system.
///
/// A rejected trial refactors the small matrix only (m³/3 flops, m = min(B, P)); the
/// Gram matrix is formed once a step.
///
/// **Nielsen's damping update** (H. B. Nielsen, IMM-REP-1999-05; MNT Alg. 3.16), with
/// the gain ratio ρ = (F(θ) − F(θ+δ)) / (L(0) − L(δ)), F = ½‖r‖² and the predicted
/// decrease L(0) − L(δ) = ½ δᵀ(λDδ − g), g = Jᵀr (a sum of two non-negative terms, so
/// no cancellation near the solution):
///
/// - ρ > 0: accept, λ ← λ·max(⅓, 1 − (2ρ − 1)³), ν ← 2;
/// - otherwise: reject, λ ← λν, ν ← 2ν, and solve again with the same Gram matrix.
///
/// λ₀ = τ·max diag(JᵀJ or J Jᵀ) with τ = `initialDamping` (10⁻³); with D the first
/// λ₀ = τ. A shifted matrix that Cholesky finds indefinite (round-off at tiny λ) is
/// treated as a rejection without a residual evaluation.
///
/// **Geodesic acceleration** (Transtrum & Sethna, "Improvements to the
/// Levenberg–Marquardt algorithm for nonlinear least-squares minimization",
/// arXiv:1201.5885, 2012): with the velocity v = δ, the second directional derivative
/// r_vv ≈ (2/h)((r(θ + h v) − r(θ))/h − J v) (h = 0.1, one more residual evaluation),
/// the acceleration a solves the same damped system with r_vv in place of r, and the
/// trial is θ + v + ½a. It is rejected (as ρ ≤ 0) when 2‖a‖/‖v‖ > α (`accelerationRatio`,
/// 0.75); ρ then uses the linear model of the whole step, −dᵀg − ½‖J d‖².
///
/// **Stopping**: the step fails with `.converged` when ‖δ‖ ≤ ε(‖θ‖ + ε) (MNT's ε₂ test
/// with ε = machine epsilon: θ can no longer move), `.noDecrease` when λ overflows.
public struct NielsenLM: Optimizer {
    public var options: Options
    public var name: String { "lm-nielsen" }

    /// The damping λ of the next trial; 0 before the first step.
    public internal(set) var lambda: Double = 0
    /// Nielsen's ν.
    public internal(set) var nu: Double = 2
    /// D for tall J: running max of the squared column norms (empty before the first step or when wide).
    public internal(set) var scaling: [Double] = []
    var workspace: NielsenWorkspace?

    public init(_ options: Options = Options()) {
        self.options = options
    }

    public struct Options: Sendable, Equatable {
        /// τ in λ₀ = τ·max diag. Default 1e-3 (MNT).
        public var initialDamping: Double = 1e-3
        /// Geodesic acceleration. Default false.
        public var geodesicAcceleration: Bool = false
        /// α: largest accepted 2‖a‖/‖v‖. Default 0.75 (Transtrum & Sethna).
        public var accelerationRatio: Double = 0.75
        /// h of the finite-difference r_vv. Default 0.1 (Transtrum & Sethna).
        public var accelerationStep: Double = 0.1

        public init(initialDamping: Double = 1e-3, geodesicAcceleration: Bool = false,
                    accelerationRatio: Double = 0.75, accelerationStep: Double = 0.1) {
            self.initialDamping = initialDamping; self.geodesicAcceleration = geodesicAcceleration
            self.accelerationRatio = accelerationRatio; self.accelerationStep = accelerationStep
        }

        /// Throws an `OptionError` naming the first bad field.
        public func validate() throws(OptionError) {
            try OptionError.require(initialDamping.isFinite && initialDamping > 0, "lm.initial_damping",
                                    initialDamping, "must be finite and > 0")
            try OptionError.require(accelerationRatio.isFinite && accelerationRatio > 0, "lm.acceleration_ratio",
                                    accelerationRatio, "must be finite and > 0")
            try OptionError.require(accelerationStep.isFinite && accelerationStep > 0 && accelerationStep <= 1,
                                    "lm.acceleration_step", accelerationStep, "must be in (0, 1]")
        }
    }

    public mutating func prepare(for system: any ResidualSystem) throws(OptionError) {
        try options.validate()
        if workspace?.fits(system) != true {
            workspace = NielsenWorkspace(parameters: system.parameterCount, residuals: system.residualCount)
        }
        lambda = 0
        nu = 2
        scaling = workspace!.tall ? Array(repeating: 0, count: system.parameterCount) : []
    }

    // MARK: - Step

    public mutating func step(
        system: any ResidualSystem, parameters: inout [Double],
        residuals: inout [Double], cost: inout Double
    ) throws(StepFailure) -> StepOutcome {
        guard let w = workspace else { preconditionFailure("NielsenLM.step before prepare(for:)") }
        system.fillJacobian(at: parameters, residuals: &residuals, jacobianTranspose: &w.jt)
        // A NaN/Inf in J reaches the Gram matrix, which the Cholesky factorisation checks.
        guard residuals.allSatisfy(\.isFinite) else { throw .nonFinite }
        w.formNormalEquations(residuals: residuals)
        if w.tall {
            for j in 0..<w.p { scaling[j] = max(scaling[j], w.gram[j, j]) }
            for j in 0..<w.p where scaling[j] == 0 { scaling[j] = 1 }
        }
        if lambda == 0 {
            var maxDiagonal = 0.0
            for i in 0..<w.m { maxDiagonal = max(maxDiagonal, w.gram[i, i]) }
            lambda = w.tall ? options.initialDamping : options.initialDamping * max(maxDiagonal, .leastNormalMagnitude)
        }
        let thetaNorm = norm(parameters)
        for _ in 0..<200 {
            let lam = lambda
            let solved: Bool
            do throws(LinearAlgebraError) {
                solved = try w.solveStep(lambda: lam, scaling: w.tall ? scaling : nil, residuals: residuals)
            } catch {
                if case .nonFiniteInput = error { throw .nonFinite }
                throw .linearAlgebra(error.description)
            }
            if solved {
                let stepNorm = norm(w.delta)
                if stepNorm <= Double.ulpOfOne * (thetaNorm + Double.ulpOfOne) {
                    throw .converged("the step ‖δ‖ is below ε(‖θ‖ + ε)")
                }
                var predicted = w.predictedDecrease(lambda: lam, scaling: w.tall ? scaling : nil)
                var admissible = true
                if options.geodesicAcceleration {
                    admissible = w.accelerate(system: system, parameters: parameters, residuals: residuals,
                                              lambda: lam, scaling: w.tall ? scaling : nil,
                                              h: options.accelerationStep, ratio: options.accelerationRatio)
                    if admissible { predicted = w.linearModelDecrease(residuals: residuals) }
                }
                if admissible {
                    let trialCost = w.evaluateTrial(system: system, parameters: parameters)
                    let rho = predicted > 0 ? (cost - trialCost) / predicted : -1
                    if rho > 0 && trialCost.isFinite {
                        let t = 2 * rho - 1
                        lambda = lam * max(1.0 / 3, 1 - t * t * t)
                        nu = 2
                        w.commit(cost: &cost, trialCost: trialCost, parameters: &parameters, residuals: &residuals)
                        return StepOutcome(rank: w.m, sigmaMax: 0, sigmaMinKept: 0,   // no SVD: σ unknown
                                           eta: 1, lambda: lam, stepNorm: norm(w.step))
                    }
                }
            }
            lambda = lam * nu
            nu *= 2
            guard lambda.isFinite, nu.isFinite else { break }
        }
        throw .noDecrease
    }
}

// MARK: - Checkpoint

extension NielsenLM: CheckpointableOptimizer {
    /// Reals `lambda` (λ of the next trial, 0 before the first step), `nu` (ν), `scaling`
    /// (D: P entries for tall J, none for wide).
    public func checkpoint() -> OptimizerState {
        guard let w = workspace else { preconditionFailure("NielsenLM.checkpoint before prepare(for:)") }
        return OptimizerState(optimizer: name, parameterCount: w.p, residualCount: w.b,
                              reals: ["lambda": [lambda], "nu": [nu], "scaling": scaling])
    }

    public mutating func restore(_ saved: OptimizerState, for system: any ResidualSystem) throws(OptionError) {
        try saved.check(optimizer: name, system: system)
        let lam = try saved.real("lambda"), savedNu = try saved.real("nu")
        try OptionError.require(lam.isFinite && lam >= 0, saved.field("lambda"), lam, "must be finite and ≥ 0")
        try OptionError.require(savedNu.isFinite && savedNu >= 2, saved.field("nu"), savedNu, "must be finite and ≥ 2")
        try prepare(for: system)
        let d = try saved.reals("scaling", count: scaling.count)
        lambda = lam
        nu = savedNu
        scaling = d
    }
}
