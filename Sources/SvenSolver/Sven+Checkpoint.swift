import LinearAlgebra
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
    ///   and subset draws and of the randomized and tracked routes' Gaussian blocks;
    /// - reals `subspace` and integers `subspace_rank`: the tracked route's carried right
    ///   singular vectors (P × c, column-major) and last kept rank (empty and 0 otherwise).
    ///
    /// All of it is saved whatever the options, so the keys never depend on them.
    /// Precondition: `prepare(for:)` or `restore(_:for:)` has run.
    public func checkpoint() -> OptimizerState {
        guard let w = workspace else { preconditionFailure("Sven.checkpoint before prepare(for:)") }
        return OptimizerState(
            optimizer: name, parameterCount: w.p, residualCount: w.b,
            reals: ["mu": [mu], "nu": [nu], "column_scale": w.columnScale,
                    "subspace": w.factor.tracked?.basis.storage ?? []],
            integers: ["permutation": w.permutation, "cursor": [w.cursor], "parameter_pool": w.parameterPool,
                       "subspace_rank": [w.factor.tracked?.rankHint ?? 0]],
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
        // Absent in checkpoints written before the tracked route: start it afresh.
        let subspace = state.reals["subspace"] ?? []
        let subspaceRank = state.integers["subspace_rank"]?.first ?? 0

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
        if let tracked = w.factor.tracked {
            let rows = tracked.p, columns = rows > 0 ? subspace.count / rows : 0
            try OptionError.require(columns * rows == subspace.count && columns <= tracked.m
                                        && subspace.allSatisfy(\.isFinite),
                                    state.field("subspace"), "\(subspace.count) entries",
                                    "must hold c·\(rows) finite values with c ≤ \(tracked.m)")
            try OptionError.require(subspaceRank >= 0 && subspaceRank <= tracked.m, state.field("subspace_rank"),
                                    subspaceRank, "must be in 0...\(tracked.m)")
            tracked.basis = Matrix(rows: rows, cols: columns, columnMajor: subspace)
            tracked.rankHint = subspaceRank
        }
    }

    /// The generator saved under `key`.
    private static func generator(_ state: OptimizerState, _ key: String) throws(OptionError) -> SeededGenerator {
        guard let g = SeededGenerator(state: try state.words(key, count: 4)) else {
            throw OptionError(field: state.field(key), value: "0, 0, 0, 0", rule: "is not a xoshiro256** state")
        }
        return g
    }
}
