// MARK: - Checkpointable optimizers

/// An optimizer whose state between steps can be saved and restored, so that a run
/// interrupted after step k and resumed from the checkpoint gives bit for bit the
/// parameters and costs of the uninterrupted run.
///
/// **Order.** `restore(_:for:)` is called *instead of* `prepare(for:)`: it validates
/// the options, makes the workspaces for the system exactly as `prepare` does, and
/// then installs the saved state. Do not call `prepare` afterwards — `prepare` starts
/// a fresh run (Levenberg–Marquardt, for one, resets its trust region there).
/// `LeastSquaresDriver.resume` does this for you.
///
/// **Contract.** `checkpoint()` may be called once `prepare` or `restore` has run,
/// between steps; a fresh optimizer with the same options that restores it takes
/// the next step exactly as the original would have. What is saved is what a step
/// carries forward (moments, curvature pairs, damping, trust radius, batch order,
/// random generator states); buffers a step recomputes are not.
public protocol CheckpointableOptimizer: Optimizer {
    /// The state carried to the next step.
    func checkpoint() -> OptimizerState
    /// Prepare for `system` and install `state`. Throws an `OptionError` for bad
    /// options, or when `state` belongs to another optimizer or another system size
    /// ("checkpoint is for lbfgs, not sven", "checkpoint has 257 parameters, the
    /// system 1185"); after a throw the optimizer must be prepared again before use.
    mutating func restore(_ state: OptimizerState, for system: any ResidualSystem) throws(OptionError)
}

// MARK: - The saved state

/// An optimizer's state as a plain value: named arrays of reals (`Double`), integers
/// (`Int`) and 64-bit words (`UInt64`, for generator states), and named sub-states for
/// composite optimizers (`AdamThenLBFGS`). One shape serves every optimizer; each
/// documents its keys at its `checkpoint()`. Scalars are arrays of one entry.
///
/// The sizes of the system it was taken on are recorded, so a state is never
/// installed into a system it was not made for. In JSON (`SolverCheckpoint.json()`,
/// keys sorted, numbers exact):
///
///     {"integers": {"t": [12]}, "optimizer": "adam", "parameter_count": 25, "parts": {},
///      "reals": {"m": [0.0123, …], "v": [2.5e-05, …]}, "residual_count": 30, "words": {}}
public struct OptimizerState: Codable, Equatable, Sendable {
    /// The optimizer's `name` ("sven", "lbfgs", …).
    public var optimizer: String
    /// P and B of the system the state was taken on.
    public var parameterCount: Int
    public var residualCount: Int
    public var reals: [String: [Double]]
    public var integers: [String: [Int]]
    public var words: [String: [UInt64]]
    public var parts: [String: OptimizerState]

    public init(optimizer: String, parameterCount: Int, residualCount: Int,
                reals: [String: [Double]] = [:], integers: [String: [Int]] = [:],
                words: [String: [UInt64]] = [:], parts: [String: OptimizerState] = [:]) {
        self.optimizer = optimizer
        self.parameterCount = parameterCount; self.residualCount = residualCount
        self.reals = reals; self.integers = integers; self.words = words; self.parts = parts
    }

    /// An empty state of `optimizer` for `system`'s sizes.
    public init(optimizer: String, system: any ResidualSystem) {
        self.init(optimizer: optimizer, parameterCount: system.parameterCount, residualCount: system.residualCount)
    }

    enum CodingKeys: String, CodingKey {
        case optimizer, reals, integers, words, parts
        case parameterCount = "parameter_count", residualCount = "residual_count"
    }
}

// MARK: - Reading a state back, with errors that say what is wrong

extension OptimizerState {
    /// Throws unless this is `name`'s state, taken on a system with as many parameters
    /// as `system` — and as many residuals, when `residuals` is true (states that
    /// depend on B, such as Sven's batch order).
    public func check(optimizer name: String, system: any ResidualSystem, residuals: Bool = false) throws(OptionError) {
        try OptionError.require(optimizer == name, "checkpoint.optimizer", optimizer,
                                "checkpoint is for \(optimizer), not \(name)")
        try OptionError.require(parameterCount == system.parameterCount, "checkpoint.parameter_count", parameterCount,
                                "checkpoint has \(parameterCount) parameters, the system \(system.parameterCount)")
        if residuals {
            try OptionError.require(residualCount == system.residualCount, "checkpoint.residual_count", residualCount,
                                    "checkpoint has \(residualCount) residuals, the system \(system.residualCount)")
        }
    }

    /// The reals under `key`, which must hold `count` entries.
    public func reals(_ key: String, count: Int) throws(OptionError) -> [Double] {
        try entry(reals, key, count: count)
    }

    /// The single real under `key`.
    public func real(_ key: String) throws(OptionError) -> Double { try reals(key, count: 1)[0] }

    /// The integers under `key`, which must hold `count` entries.
    public func integers(_ key: String, count: Int) throws(OptionError) -> [Int] {
        try entry(integers, key, count: count)
    }

    /// The single integer under `key`, which must lie in `range`.
    public func integer(_ key: String, in range: ClosedRange<Int>) throws(OptionError) -> Int {
        let n = try integers(key, count: 1)[0]
        try OptionError.require(range.contains(n), field(key), n, "must be in \(range.lowerBound)...\(range.upperBound)")
        return n
    }

    /// The words under `key`, which must hold `count` entries.
    public func words(_ key: String, count: Int) throws(OptionError) -> [UInt64] {
        try entry(words, key, count: count)
    }

    /// The sub-state under `key`.
    public func part(_ key: String) throws(OptionError) -> OptimizerState {
        guard let p = parts[key] else {
            throw OptionError(field: field(key), value: "absent", rule: "the \(optimizer) checkpoint needs it")
        }
        return p
    }

    /// The integers under `key`, which must be a permutation of 0..<count.
    func permutation(_ key: String, count: Int) throws(OptionError) -> [Int] {
        let p = try integers(key, count: count)
        var seen = [Bool](repeating: false, count: count)
        for i in p {
            try OptionError.require(i >= 0 && i < count && !seen[i], field(key), "[…]", "must be a permutation of 0..<\(count)")
            seen[i] = true
        }
        return p
    }

    /// "checkpoint.<optimizer>.<key>", the field an error names.
    func field(_ key: String) -> String { "checkpoint.\(optimizer).\(key)" }

    private func entry<T>(_ table: [String: [T]], _ key: String, count: Int) throws(OptionError) -> [T] {
        guard let values = table[key] else {
            throw OptionError(field: field(key), value: "absent", rule: "the \(optimizer) checkpoint needs it")
        }
        try OptionError.require(values.count == count, field(key), "\(values.count) entries", "must have \(count)")
        return values
    }
}
