import SeededRandom

// MARK: - Sven's checkpoint

extension Sven: CheckpointableOptimizer {
    /// What Sven carries from one step to the next:
    ///
    /// - reals `mu`, `nu`: the damping state (λ = μ·σ₁²; ν the factor of the next
    ///   rejection under `.damped`);
    /// - integers `permutation` (B entries) and `cursor`: the mini-batch order of the
    ///   current epoch and how much of it is used (B = used up: a new epoch is drawn);
    /// - integers `parameter_pool` (P entries): the permutation whose first entries
    ///   were the last parameter subset (the next is drawn from it);
    /// - reals `column_scale`: Moré's running column scales D (empty when unscaled);
    /// - words `generator` and `sketch_generator`: the xoshiro256** states of the batch
    ///   and subset draws and of the randomized route's Ω.
    ///
    /// All of it is saved whatever the options, so the keys never depend on them.
    /// Precondition: `prepare(for:)` or `restore(_:for:)` has run.
    public func checkpoint() -> OptimizerState {
        guard let w = workspace else { preconditionFailure("Sven.checkpoint before prepare(for:)") }
        return OptimizerState(
            optimizer: name, parameterCount: w.p, residualCount: w.b,
            reals: ["mu": [mu], "nu": [nu], "column_scale": w.columnScale],
            integers: ["permutation": w.permutation, "cursor": [w.cursor], "parameter_pool": w.parameterPool],
            words: ["generator": w.generator.state, "sketch_generator": w.factor.generator.state])
    }

    /// Prepare for `system` and install `state` (see `CheckpointableOptimizer`). The
    /// state must be Sven's, for a system of the same P and B.
    public mutating func restore(_ state: OptimizerState, for system: any ResidualSystem) throws(OptionError) {
        try state.check(optimizer: name, system: system, residuals: true)
        let (p, b) = (system.parameterCount, system.residualCount)
        let mu = try state.real("mu"), nu = try state.real("nu")
        try OptionError.require(mu.isFinite && mu >= 0, state.field("mu"), mu, "must be finite and ≥ 0")
        try OptionError.require(nu.isFinite && nu > 0, state.field("nu"), nu, "must be finite and > 0")
        let permutation = try state.permutation("permutation", count: b)
        let cursor = try state.integer("cursor", in: 0...b)
        let pool = try state.permutation("parameter_pool", count: p)
        let generator = try Self.generator(state, "generator")
        let sketch = try Self.generator(state, "sketch_generator")
        let scale = state.reals["column_scale"] ?? []

        try prepare(for: system)
        guard let w = workspace else { preconditionFailure("Sven.prepare made no workspace") }
        self.mu = mu
        self.nu = nu
        w.permutation = permutation
        w.cursor = cursor
        w.parameterPool = pool
        w.generator = generator
        w.factor.generator = sketch
        try OptionError.require(scale.count == w.columnScale.count && scale.allSatisfy { $0.isFinite && $0 >= 0 },
                                state.field("column_scale"), "\(scale.count) entries",
                                "must hold \(w.columnScale.count) finite scales ≥ 0 (scaled: \(options.scaled))")
        w.columnScale = scale
    }

    /// The generator saved under `key`.
    private static func generator(_ state: OptimizerState, _ key: String) throws(OptionError) -> SeededGenerator {
        guard let g = SeededGenerator(state: try state.words(key, count: 4)) else {
            throw OptionError(field: state.field(key), value: "0, 0, 0, 0", rule: "is not a xoshiro256** state")
        }
        return g
    }
}
