/// Gradient descent with momentum on ½‖r(θ)‖², g = J(θ)ᵀ r(θ) — "SGD" as deep
/// learning names it, though here the gradient is as stochastic as the system
/// (full batch unless the system resamples its points).
///
/// With momentum μ and the scheduled rate η_t, the velocity u and step t are
///
///     u_t = μ u_{t−1} + g
///     θ_t = θ_{t−1} − η_t u_t               (heavy ball; Polyak 1964)
///     θ_t = θ_{t−1} − η_t (g + μ u_t)       (Nesterov, in the form of
///                                           Sutskever et al., ICML 2013)
///
/// the convention of PyTorch and Optax (`optax.sgd`), in which η multiplies the
/// accumulated velocity. μ = 0 is plain gradient descent. Defaults: η = 1e-2,
/// μ = 0.9, heavy ball. Like Adam, every step is taken; a step into NaN/Inf
/// residuals throws `.nonFinite` and leaves θ and the state untouched.
///
/// The state (u, t) is an explicit value (`state`) for checkpoints; `prepare(for:)`
/// keeps a state of the right size and makes a fresh one otherwise.
public struct SGD: Optimizer {
    public var options: Options
    public var name: String { "sgd" }
    /// The velocity and the step count; replace it to restore a checkpoint.
    public var state: State

    var g: [Double] = [], velocityNext: [Double] = [], trial: [Double] = [], trialResiduals: [Double] = []

    public init(_ options: Options = Options()) {
        self.options = options
        self.state = State(parameterCount: 0)
    }

    // MARK: - Options and state

    public struct Options: Sendable, Equatable {
        /// η_t. Default 1e-2 (constant).
        public var learningRate: Schedule = 1e-2
        /// μ, the weight of the previous velocity. Default 0.9; 0 is plain gradient descent.
        public var momentum: Double = 0.9
        /// Take the Nesterov step (look ahead along the velocity). Default false.
        public var nesterov: Bool = false

        public init(learningRate: Schedule = 1e-2, momentum: Double = 0.9, nesterov: Bool = false) {
            self.learningRate = learningRate; self.momentum = momentum; self.nesterov = nesterov
        }

        /// Throws an `OptionError` naming the first bad field.
        public func validate() throws(OptionError) {
            try learningRate.validate(field: "sgd.learning_rate")
            try OptionError.require(momentum >= 0 && momentum < 1, "sgd.momentum", momentum, "must be in [0, 1)")
            try OptionError.require(!nesterov || momentum > 0, "sgd.nesterov", nesterov, "needs sgd.momentum > 0")
        }
    }

    /// SGD's state after t steps.
    public struct State: Sendable, Equatable {
        /// Velocity u_t, one entry per parameter.
        public var velocity: [Double]
        /// Steps taken, t.
        public var t: Int

        /// The state before the first step: u = 0, t = 0.
        public init(parameterCount: Int) {
            velocity = Array(repeating: 0, count: parameterCount); t = 0
        }
    }

    public mutating func prepare(for system: any ResidualSystem) throws(OptionError) {
        try options.validate()
        let (p, b) = (system.parameterCount, system.residualCount)
        if state.velocity.count != p { state = State(parameterCount: p) }
        if g.count != p { g = Array(repeating: 0, count: p); velocityNext = g; trial = g }
        if trialResiduals.count != b { trialResiduals = Array(repeating: 0, count: b) }
    }

    // MARK: - Step

    public mutating func step(
        system: any ResidualSystem, parameters: inout [Double],
        residuals: inout [Double], cost: inout Double
    ) throws(StepFailure) -> StepOutcome {
        precondition(g.count == parameters.count && state.velocity.count == parameters.count,
                     "SGD.step: prepared for \(g.count) parameters, given \(parameters.count) (call prepare(for:) first)")
        try system.gradient(at: parameters, residuals: residuals, into: &g)
        let t = state.t + 1
        let eta = options.learningRate.value(at: t)
        let mu = options.momentum, nesterov = options.nesterov
        var step2 = 0.0
        for i in 0..<parameters.count {
            let u = mu * state.velocity[i] + g[i]
            velocityNext[i] = u
            let d = -eta * (nesterov ? g[i] + mu * u : u)
            trial[i] = parameters[i] + d
            step2 += d * d
        }
        system.fillResiduals(at: trial, into: &trialResiduals)
        let trialCost = type(of: system).cost(of: trialResiduals)
        guard trialCost.isFinite else { throw .nonFinite }
        swap(&state.velocity, &velocityNext); state.t = t
        swap(&parameters, &trial); swap(&residuals, &trialResiduals); cost = trialCost
        return StepOutcome(eta: eta, stepNorm: step2.squareRoot())
    }
}
