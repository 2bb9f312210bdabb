// MARK: - Checkpoints of the baseline optimizers
//
// Each `checkpoint()` saves what its optimizer carries from step to step (listed
// at each), each `restore` prepares and installs it (see `CheckpointableOptimizer`).
// Every one needs `prepare(for:)` or `restore(_:for:)` to have run first.

extension Adam: CheckpointableOptimizer {
    /// Reals `m`, `v` (P entries each): the biased moments m_t, v_t; integer `t`.
    public func checkpoint() -> OptimizerState {
        OptimizerState(optimizer: name, parameterCount: state.m.count, residualCount: trialResiduals.count,
                       reals: ["m": state.m, "v": state.v], integers: ["t": [state.t]])
    }

    public mutating func restore(_ saved: OptimizerState, for system: any ResidualSystem) throws(OptionError) {
        try saved.check(optimizer: name, system: system)
        let p = system.parameterCount
        var s = State(parameterCount: p)
        s.m = try saved.reals("m", count: p)
        s.v = try saved.reals("v", count: p)
        s.t = try saved.integer("t", in: 0...Int.max)
        try prepare(for: system)
        state = s
    }
}

extension SGD: CheckpointableOptimizer {
    /// Reals `velocity` (P entries): u_t; integer `t`.
    public func checkpoint() -> OptimizerState {
        OptimizerState(optimizer: name, parameterCount: state.velocity.count, residualCount: trialResiduals.count,
                       reals: ["velocity": state.velocity], integers: ["t": [state.t]])
    }

    public mutating func restore(_ saved: OptimizerState, for system: any ResidualSystem) throws(OptionError) {
        try saved.check(optimizer: name, system: system)
        var s = State(parameterCount: system.parameterCount)
        s.velocity = try saved.reals("velocity", count: system.parameterCount)
        s.t = try saved.integer("t", in: 0...Int.max)
        try prepare(for: system)
        state = s
    }
}

extension LBFGS: CheckpointableOptimizer {
    /// The memory of m pairs: reals `s` and `y` (m·P entries, slot after slot), `rho`
    /// (m); integers `count`, `newest`, `skipped_updates`, `resets`. The gradient left
    /// over from the last line search is not saved: the first step after a restore
    /// recomputes it at the same θ and r, which gives the same numbers.
    public func checkpoint() -> OptimizerState {
        OptimizerState(optimizer: name, parameterCount: state.parameterCount, residualCount: lineSearch?.r.count ?? 0,
                       reals: ["s": state.s.flatMap { $0 }, "y": state.y.flatMap { $0 }, "rho": state.rho],
                       integers: ["count": [state.count], "newest": [state.newest],
                                  "skipped_updates": [state.skippedUpdates], "resets": [state.resets]])
    }

    /// The saved memory must have `options.memory` slots.
    public mutating func restore(_ saved: OptimizerState, for system: any ResidualSystem) throws(OptionError) {
        try saved.check(optimizer: name, system: system)
        let (p, m) = (system.parameterCount, options.memory)
        let slots = saved.reals["rho"]?.count ?? 0
        try OptionError.require(slots == m, saved.field("rho"), "\(slots) entries",
                                "checkpoint has \(slots) curvature pairs, lbfgs.memory is \(m)")
        var s = State(parameterCount: p, memory: m)
        s.rho = try saved.reals("rho", count: m)
        let flatS = try saved.reals("s", count: m * p), flatY = try saved.reals("y", count: m * p)
        for k in 0..<m {
            s.s[k] = Array(flatS[(k * p)..<((k + 1) * p)])
            s.y[k] = Array(flatY[(k * p)..<((k + 1) * p)])
        }
        s.count = try saved.integer("count", in: 0...m)
        s.newest = try saved.integer("newest", in: 0...(m - 1))
        s.skippedUpdates = try saved.integer("skipped_updates", in: 0...Int.max)
        s.resets = try saved.integer("resets", in: 0...Int.max)
        state = s
        try prepare(for: system)
    }
}

extension GaussNewton: CheckpointableOptimizer {
    /// Nothing: every Gauss–Newton step starts afresh from θ. The state records only
    /// the optimizer and the sizes, so that it is checked on restore.
    public func checkpoint() -> OptimizerState {
        guard let w = workspace else { preconditionFailure("GaussNewton.checkpoint before prepare(for:)") }
        return OptimizerState(optimizer: name, parameterCount: w.parameterCount, residualCount: w.residualCount)
    }

    public mutating func restore(_ saved: OptimizerState, for system: any ResidualSystem) throws(OptionError) {
        try saved.check(optimizer: name, system: system)
        try prepare(for: system)
    }
}

extension LevenbergMarquardt: CheckpointableOptimizer {
    /// Reals `trust_radius` (Δ), `lambda` (λ, the next solve's first guess), `scaling`
    /// (D, P entries); integer `started` (1 once the first step has set D and Δ₀).
    public func checkpoint() -> OptimizerState {
        guard let w = workspace else { preconditionFailure("LevenbergMarquardt.checkpoint before prepare(for:)") }
        return OptimizerState(optimizer: name, parameterCount: w.parameterCount, residualCount: w.residualCount,
                              reals: ["trust_radius": [trustRadius], "lambda": [lambda], "scaling": scaling],
                              integers: ["started": [started ? 1 : 0]])
    }

    public mutating func restore(_ saved: OptimizerState, for system: any ResidualSystem) throws(OptionError) {
        try saved.check(optimizer: name, system: system)
        let radius = try saved.real("trust_radius"), lam = try saved.real("lambda")
        try OptionError.require(radius.isFinite && radius >= 0, saved.field("trust_radius"), radius,
                                "must be finite and ≥ 0")
        try OptionError.require(lam.isFinite && lam >= 0, saved.field("lambda"), lam, "must be finite and ≥ 0")
        let d = try saved.reals("scaling", count: system.parameterCount)
        let started = try saved.integer("started", in: 0...1) == 1
        try prepare(for: system)                 // resets Δ, λ, D; then the saved ones
        trustRadius = radius
        lambda = lam
        scaling = d
        self.started = started
        // D⁻¹ is recomputed from D at the start of every step.
    }
}
