/// Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, 2nd ed.,
/// Alg. 7.4 and 7.5; Liu & Nocedal 1989) on ½‖r(θ)‖², g = J(θ)ᵀ r(θ).
///
/// From the last m pairs s_k = θ_{k+1} − θ_k, y_k = g_{k+1} − g_k (ρ_k = 1/y_kᵀs_k)
/// the two-loop recursion forms d = −H g, H the BFGS inverse-Hessian estimate
/// started from H⁰ = γI, γ = sᵀy/yᵀy of the newest pair (N&W eq. 7.20):
///
///     q ← g;  for k newest → oldest:  a_k = ρ_k s_kᵀq,  q ← q − a_k y_k
///     z ← γ q; for k oldest → newest:  b = ρ_k y_kᵀz,   z ← z + (a_k − b) s_k
///     d = −z
///
/// θ moves to θ + αd with α from a strong-Wolfe line search (`StrongWolfeLineSearch`,
/// c₁ = 1e-4, c₂ = 0.9; trial α = 1, or min(1, 1/‖g‖₂) while the memory is
/// empty). Safeguards:
/// - a pair with yᵀs ≤ ε_mach·‖y‖‖s‖ (the curvature condition failed, possible only
///   when the line search ran out of evaluations) is not stored: `skippedUpdates`;
/// - a direction that is not a descent direction (dᵀg ≥ 0, or NaN) clears the
///   memory and falls back to −g: `resets`;
/// - when the line search finds no decrease along the L-BFGS direction, the memory is
///   cleared and −g is tried once; if that fails too the step throws `.noDecrease`
///   (also at a point where g = 0).
///
/// The state (the pairs) is an explicit value (`state`) for checkpoints;
/// `prepare(for:)` keeps a state of the right size and makes a fresh one otherwise.
public struct LBFGS: Optimizer {
    public var options: Options
    public var name: String { "lbfgs" }
    /// The curvature pairs and counters; replace it to restore a checkpoint.
    public var state: State

    // Workspace, sized in `prepare(for:)`.
    var g: [Double] = [], gAt: [Double] = [], gValid = false
    var d: [Double] = [], s: [Double] = [], y: [Double] = [], a: [Double] = []
    var lineSearch: StrongWolfeLineSearch?

    public init(_ options: Options = Options()) {
        self.options = options
        self.state = State(parameterCount: 0, memory: options.memory)
    }

    // MARK: - Options and state

    public struct Options: Sendable, Equatable {
        /// m, the number of curvature pairs kept. Default 10 (N&W: 3–20 usually suffice).
        public var memory: Int = 10
        /// Sufficient-decrease constant of the line search. Default 1e-4.
        public var c1: Double = 1e-4
        /// Curvature constant of the line search. Default 0.9 (N&W's choice for quasi-Newton).
        public var c2: Double = 0.9
        /// Most trials (residual + gradient evaluations) per line search. Default 20.
        public var maxLineSearchEvaluations: Int = 20

        public init(memory: Int = 10, c1: Double = 1e-4, c2: Double = 0.9, maxLineSearchEvaluations: Int = 20) {
            self.memory = memory; self.c1 = c1; self.c2 = c2; self.maxLineSearchEvaluations = maxLineSearchEvaluations
        }

        /// Throws an `OptionError` naming the first bad field.
        public func validate() throws(OptionError) {
            try OptionError.require(memory >= 1, "lbfgs.memory", memory, "must be ≥ 1")
            try OptionError.require(c1 > 0 && c1 < 1, "lbfgs.c1", c1, "must be in (0, 1)")
            try OptionError.require(c2 > c1 && c2 < 1, "lbfgs.c2", c2, "must be in (c1, 1) = (\(c1), 1)")
            try OptionError.require(maxLineSearchEvaluations >= 1, "lbfgs.max_line_search_evaluations",
                                    maxLineSearchEvaluations, "must be ≥ 1")
        }
    }

    /// The L-BFGS memory: a ring of m pairs (s_k, y_k) with ρ_k = 1/y_kᵀs_k.
    public struct State: Sendable, Equatable {
        /// Steps s_k, m slots of P entries.
        public var s: [[Double]]
        /// Gradient changes y_k, m slots of P entries.
        public var y: [[Double]]
        /// ρ_k = 1/(y_kᵀ s_k) per slot.
        public var rho: [Double]
        /// Pairs stored (≤ m).
        public var count: Int
        /// The slot of the newest pair.
        public var newest: Int
        /// Pairs not stored because yᵀs ≤ ε·‖y‖‖s‖.
        public var skippedUpdates: Int
        /// Times the memory was cleared (non-descent direction or failed line search).
        public var resets: Int

        /// An empty memory of m slots.
        public init(parameterCount p: Int, memory m: Int) {
            s = Array(repeating: Array(repeating: 0, count: p), count: m); y = s
            rho = Array(repeating: 0, count: m)
            count = 0; newest = m - 1; skippedUpdates = 0; resets = 0
        }

        var memory: Int { rho.count }
        var parameterCount: Int { s.first?.count ?? 0 }
    }

    public mutating func prepare(for system: any ResidualSystem) throws(OptionError) {
        try options.validate()
        let (p, b) = (system.parameterCount, system.residualCount)
        if state.parameterCount != p || state.memory != options.memory {
            state = State(parameterCount: p, memory: options.memory)
        }
        let m = state.memory
        precondition(state.s.count == m && state.y.count == m && state.s.allSatisfy { $0.count == p }
                     && state.y.allSatisfy { $0.count == p } && (0...m).contains(state.count)
                     && (0..<m).contains(state.newest),
                     "LBFGS.prepare: the restored state is inconsistent (m = \(m), P = \(p), count \(state.count), newest \(state.newest))")
        if g.count != p { g = Array(repeating: 0, count: p); gAt = g; d = g; s = g; y = g }
        a = Array(repeating: 0, count: options.memory)
        gValid = false
        lineSearch = StrongWolfeLineSearch(parameterCount: p, residualCount: b, c1: options.c1, c2: options.c2,
                                           maxEvaluations: options.maxLineSearchEvaluations)
    }
}
