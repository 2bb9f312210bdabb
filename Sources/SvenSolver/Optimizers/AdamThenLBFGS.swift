/// Adam for the first `switchAfter` steps, then L-BFGS — the habit of DeepXDE and
/// much of the PINN literature (Raissi et al. 2019; Lu et al., "DeepXDE", SIAM
/// Review 63(1), 2021): Adam's noisy, scale-free steps leave the poor start, then
/// L-BFGS's curvature model converges fast near a minimum.
///
/// Steps 1…N (N = `switchAfter`) are Adam steps, steps N+1, … are L-BFGS steps from
/// wherever Adam stopped, with an empty curvature memory (Adam's moments say nothing
/// about the curvature pairs L-BFGS needs). N = 0 is plain L-BFGS. The step outcome is
/// the running phase's: η is Adam's rate, then the line search's step length α.
///
/// Name "adam-lbfgs". Both halves keep their own options, validated in `prepare`.
/// Like Adam and L-BFGS themselves, `prepare` keeps the progress (`steps` and the
/// halves' states when their sizes fit): a second solve with the same value goes on
/// where the first stopped. Make a new value to start over.
public struct AdamThenLBFGS: CheckpointableOptimizer {
    public var adam: Adam
    public var lbfgs: LBFGS
    /// N: how many Adam steps come before the switch.
    public var switchAfter: Int
    /// Steps taken so far, across both phases.
    public internal(set) var steps = 0

    public var name: String { "adam-lbfgs" }

    public init(adam: Adam = Adam(), lbfgs: LBFGS = LBFGS(), switchAfter: Int) {
        self.adam = adam; self.lbfgs = lbfgs; self.switchAfter = switchAfter
    }

    /// True while the next step is an Adam step.
    public var inAdamPhase: Bool { steps < switchAfter }

    public mutating func prepare(for system: any ResidualSystem) throws(OptionError) {
        try OptionError.require(switchAfter >= 0, "adam_lbfgs.switch_after", switchAfter, "must be ≥ 0")
        try adam.prepare(for: system)
        try lbfgs.prepare(for: system)
    }

    public mutating func step(
        system: any ResidualSystem, parameters: inout [Double],
        residuals: inout [Double], cost: inout Double
    ) throws(StepFailure) -> StepOutcome {
        let outcome = inAdamPhase
            ? try adam.step(system: system, parameters: &parameters, residuals: &residuals, cost: &cost)
            : try lbfgs.step(system: system, parameters: &parameters, residuals: &residuals, cost: &cost)
        steps += 1
        return outcome
    }

    // MARK: - Checkpoint

    /// Integer `steps`, and the two halves' states as the parts `adam` and `lbfgs`.
    public func checkpoint() -> OptimizerState {
        let a = adam.checkpoint()
        return OptimizerState(optimizer: name, parameterCount: a.parameterCount, residualCount: a.residualCount,
                              integers: ["steps": [steps]],
                              parts: ["adam": a, "lbfgs": lbfgs.checkpoint()])
    }

    public mutating func restore(_ saved: OptimizerState, for system: any ResidualSystem) throws(OptionError) {
        try saved.check(optimizer: name, system: system)
        try OptionError.require(switchAfter >= 0, "adam_lbfgs.switch_after", switchAfter, "must be ≥ 0")
        let n = try saved.integer("steps", in: 0...Int.max)
        try adam.restore(try saved.part("adam"), for: system)
        try lbfgs.restore(try saved.part("lbfgs"), for: system)
        steps = n
    }
}
