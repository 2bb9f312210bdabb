import Foundation

/// Sven where its step is trusted, Levenberg–Marquardt where it is not (`--method sven-lm`).
///
/// Both halves take steps of one family, δ(λ) = −V diag(σ_i/(σ_i² + λ)) Uᵀ r: Sven (its
/// options, default `.adaptive`) the truncated minimum-norm step, λ = 0, shortened by η
/// when Armijo asks; `NielsenLM` a damped step, λ > 0 from the gain ratio (Nielsen,
/// IMM-REP-1999-05), solved by Cholesky in the smaller space instead of an SVD — one
/// LM step costs `stepCostRatio` times less: the flops of Sven's last factorisation
/// (2TN² + 10N³ for an SVD, less on the tracked route) over TN² + N³/3 (N = min(B, P),
/// T = max(B, P); clamped to 1…10).
///
/// The run starts with Sven. A Sven step is *short* when it gains fewer decades of the
/// cost, log₁₀(c_before/c_after), than `stepCostRatio` LM steps did on average in the
/// last LM phase — before any LM phase, when it was accepted at η < `etaThreshold` or
/// with damping. After `shortLimit` short steps in a row the run changes to LM; after
/// `probeInterval` LM steps (10 at first) one Sven step is tried: a short one sends the
/// run back to LM and doubles the interval (up to 80), a long one keeps Sven and resets
/// the interval. An LM step that cannot decrease the cost hands over to Sven, and a Sven
/// step that cannot to LM. Every decision uses costs, never clocks: a run is as
/// reproducible as its halves.
///
/// Measured (bench/results/sven-lm-2026-12.md): where Sven's steps stay short —
/// heat.toml, the P3 regression — it is far ahead of Sven; on poisson.toml, where
/// Sven's undamped steps turn quadratic after a slow start, LM's full-rank damped
/// steps crawl and the probes come late: it is behind Sven there. Not the default.
public struct SvenLM: CheckpointableOptimizer {
    public var sven: Sven
    public var lm: NielsenLM
    public internal(set) var inLM = false
    /// Steps the LM half has taken in this run.
    public internal(set) var stepsInLM = 0
    var shortSteps = 0, lmSteps = 0, probing = false
    /// log10 decrease of the cost per LM step over the last LM phase (0: none yet).
    var lmRate = 0.0, lmStartCost = 0.0
    /// What one Sven step costs in LM steps (flop model of the two factorisations).
    var stepCostRatio = 4.0
    public internal(set) var probeInterval = 10
    public var shortLimit = 3
    public var etaThreshold = 0.125

    public var name: String { "sven-lm" }

    /// Sven with its own options (the problem file's), and an LM of default options.
    public init(sven: Sven = Sven(), lm: NielsenLM = NielsenLM()) {
        self.sven = sven; self.lm = lm
    }

    public mutating func prepare(for system: any ResidualSystem) throws(OptionError) {
        try sven.prepare(for: system)
        try lm.prepare(for: system)
        inLM = false; shortSteps = 0; lmSteps = 0; stepsInLM = 0; probing = false; probeInterval = 10; lmRate = 0
        setCostRatio(system)
    }

    public mutating func step(
        system: any ResidualSystem, parameters: inout [Double],
        residuals: inout [Double], cost: inout Double
    ) throws(StepFailure) -> StepOutcome {
        if inLM {
            do {
                let o = try lm.step(system: system, parameters: &parameters, residuals: &residuals, cost: &cost)
                lmSteps += 1; stepsInLM += 1
                if lmSteps >= probeInterval { leaveLM(cost: cost) }
                return o
            } catch {
                switch error {
                case .noDecrease, .converged: break
                default: throw error
                }
                leaveLM(cost: cost)
                return try svenStep(system, &parameters, &residuals, &cost, fallback: false)
            }
        }
        return try svenStep(system, &parameters, &residuals, &cost, fallback: true)
    }

    private mutating func leaveLM(cost: Double) {
        if lmSteps > 0, lmStartCost > 0, cost > 0 { lmRate = log10(lmStartCost / cost) / Double(lmSteps) }
        inLM = false; probing = true
    }

    private mutating func enterLM(cost: Double) {
        inLM = true; lmSteps = 0; shortSteps = 0; lmStartCost = cost
    }

    private mutating func svenStep(_ system: any ResidualSystem, _ parameters: inout [Double],
                                   _ residuals: inout [Double], _ cost: inout Double, fallback: Bool) throws(StepFailure) -> StepOutcome {
        let before = cost
        let o: StepOutcome
        do {
            o = try sven.step(system: system, parameters: &parameters, residuals: &residuals, cost: &cost)
        } catch {
            guard fallback, case .noDecrease = error else { throw error }
            enterLM(cost: cost)
            let o = try lm.step(system: system, parameters: &parameters, residuals: &residuals, cost: &cost)
            lmSteps += 1; stepsInLM += 1
            return o
        }
        // A Sven step is worse than LM's when it gains fewer decades than the LM steps it costs
        // (by the flop model of this step's factorisation: the tracked route's varies).
        setCostRatio(system)
        let gain = before > 0 && cost > 0 ? log10(before / cost) : 0
        let short = lmRate > 0 ? gain < stepCostRatio * lmRate : (o.eta < etaThreshold || o.lambda > 0)
        if probing {
            probing = false
            if short { probeInterval = min(80, 2 * probeInterval); enterLM(cost: cost) } else { probeInterval = 10; shortSteps = 0 }
            return o
        }
        shortSteps = short ? shortSteps + 1 : 0
        if shortSteps >= shortLimit { enterLM(cost: cost) }
        return o
    }

    /// Integers `in_lm`, `short_steps`, `lm_steps`, `probing`, `probe_interval`, `steps_in_lm`; reals `lm_rate`,
    /// `lm_start_cost`; parts `sven`, `lm`.
    public func checkpoint() -> OptimizerState {
        let s = sven.checkpoint()
        return OptimizerState(optimizer: name, parameterCount: s.parameterCount, residualCount: s.residualCount,
                              reals: ["lm_rate": [lmRate], "lm_start_cost": [lmStartCost]],
                              integers: ["in_lm": [inLM ? 1 : 0], "short_steps": [shortSteps], "lm_steps": [lmSteps],
                                         "probing": [probing ? 1 : 0], "probe_interval": [probeInterval],
                                         "steps_in_lm": [stepsInLM]],
                              parts: ["sven": s, "lm": lm.checkpoint()])
    }

    public mutating func restore(_ saved: OptimizerState, for system: any ResidualSystem) throws(OptionError) {
        try saved.check(optimizer: name, system: system)
        let mode = try saved.integer("in_lm", in: 0...1), short = try saved.integer("short_steps", in: 0...Int.max)
        let lmN = try saved.integer("lm_steps", in: 0...Int.max), probe = try saved.integer("probing", in: 0...1)
        let interval = try saved.integer("probe_interval", in: 1...Int.max)
        let total = try saved.integer("steps_in_lm", in: 0...Int.max)
        let rate = try saved.real("lm_rate"), startCost = try saved.real("lm_start_cost")
        try sven.restore(try saved.part("sven"), for: system)
        try lm.restore(try saved.part("lm"), for: system)
        setCostRatio(system)
        inLM = mode == 1; stepsInLM = total; shortSteps = short; lmSteps = lmN; probing = probe == 1; probeInterval = interval
        lmRate = rate; lmStartCost = startCost
    }

    /// Flops of Sven's last factorisation (`SpectralFactor.flops`; before its first step,
    /// the SVD's 2TN² + 10N³) over an LM step's Gram matrix and Cholesky factor, TN² + N³/3;
    /// clamped to 1…10. T = max(B, P), N = min(B, P).
    private mutating func setCostRatio(_ system: any ResidualSystem) {
        let m = Double(max(system.parameterCount, system.residualCount))
        let n = Double(min(system.parameterCount, system.residualCount))
        let svenFlops = sven.lastFactorFlops > 0 ? sven.lastFactorFlops : 2 * m * n * n + 10 * n * n * n
        stepCostRatio = min(10, max(1, svenFlops / (m * n * n + n * n * n / 3)))
    }}
