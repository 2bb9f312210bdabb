import Foundation

/// Adam (Kingma & Ba, "Adam: a method for stochastic optimization", ICLR 2015)
/// on the least-squares cost ½‖r(θ)‖², whose gradient is g = J(θ)ᵀ r(θ).
///
/// With β₁, β₂, ε and the scheduled rate η_t, step t = 1, 2, … is
///
///     m_t = β₁ m_{t−1} + (1 − β₁) g
///     v_t = β₂ v_{t−1} + (1 − β₂) g²                (elementwise)
///     m̂_t = m_t / (1 − β₁ᵗ),  v̂_t = v_t / (1 − β₂ᵗ)  (bias correction)
///     θ_t = θ_{t−1} − η_t m̂_t / (√v̂_t + ε)
///
/// Every step is taken, whether or not it lowers the cost (Adam is not a descent
/// method); a step into NaN/Inf residuals throws `.nonFinite` and leaves θ and the
/// state untouched. Defaults are the paper's: η = 1e-3, β₁ = 0.9, β₂ = 0.999,
/// ε = 1e-8. The first step moves every parameter by about η (m̂/√v̂ = ±1).
///
/// The state (m, v, t) is an explicit value (`state`), as in Optax, so a checkpoint
/// can save and restore it; `prepare(for:)` keeps a state of the right size (a
/// restored or continued run resumes) and makes a fresh one otherwise.
public struct Adam: Optimizer {
    public var options: Options
    public var name: String { "adam" }
    /// The moments and the step count; replace it to restore a checkpoint.
    public var state: State

    // Workspace, sized in `prepare(for:)`: the gradient and the trial step.
    var g: [Double] = [], mNext: [Double] = [], vNext: [Double] = []
    var trial: [Double] = [], trialResiduals: [Double] = []

    public init(_ options: Options = Options()) {
        self.options = options
        self.state = State(parameterCount: 0)
    }

    // MARK: - Options and state

    public struct Options: Sendable, Equatable {
        /// η_t. Default 1e-3 (constant).
        public var learningRate: Schedule = 1e-3
        /// Decay of the first moment (the mean of g). Default 0.9.
        public var beta1: Double = 0.9
        /// Decay of the second moment (the mean of g²). Default 0.999.
        public var beta2: Double = 0.999
        /// Added to √v̂ so that flat directions do not divide by zero. Default 1e-8.
        public var epsilon: Double = 1e-8

        public init(learningRate: Schedule = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                    epsilon: Double = 1e-8) {
            self.learningRate = learningRate; self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
        }

        /// Throws an `OptionError` naming the first bad field.
        public func validate() throws(OptionError) {
            try learningRate.validate(field: "adam.learning_rate")
            try OptionError.require(beta1 >= 0 && beta1 < 1, "adam.beta1", beta1, "must be in [0, 1)")
            try OptionError.require(beta2 >= 0 && beta2 < 1, "adam.beta2", beta2, "must be in [0, 1)")
            try OptionError.require(epsilon.isFinite && epsilon > 0, "adam.epsilon", epsilon, "must be finite and > 0")
        }
    }

    /// Adam's state after t steps.
    public struct State: Sendable, Equatable {
        /// First moment m_t (biased), one entry per parameter.
        public var m: [Double]
        /// Second moment v_t (biased), one entry per parameter.
        public var v: [Double]
        /// Steps taken, t.
        public var t: Int

        /// The state before the first step: m = v = 0, t = 0.
        public init(parameterCount: Int) {
            m = Array(repeating: 0, count: parameterCount); v = m; t = 0
        }
    }

    public mutating func prepare(for system: any ResidualSystem) throws(OptionError) {
        try options.validate()
        let (p, b) = (system.parameterCount, system.residualCount)
        if state.m.count != p || state.v.count != p { state = State(parameterCount: p) }
        if g.count != p { g = Array(repeating: 0, count: p); mNext = g; vNext = g; trial = g }
        if trialResiduals.count != b { trialResiduals = Array(repeating: 0, count: b) }
    }

    // MARK: - Step

    public mutating func step(
        system: any ResidualSystem, parameters: inout [Double],
        residuals: inout [Double], cost: inout Double
    ) throws(StepFailure) -> StepOutcome {
        precondition(g.count == parameters.count && state.m.count == parameters.count,
                     "Adam.step: prepared for \(g.count) parameters, given \(parameters.count) (call prepare(for:) first)")
        try system.gradient(at: parameters, residuals: residuals, into: &g)
        let t = state.t + 1
        let eta = options.learningRate.value(at: t)
        let (b1, b2, eps) = (options.beta1, options.beta2, options.epsilon)
        let c1 = 1 - pow(b1, Double(t)), c2 = 1 - pow(b2, Double(t))
        var step2 = 0.0
        for i in 0..<parameters.count {
            let gi = g[i]
            let m = b1 * state.m[i] + (1 - b1) * gi
            let v = b2 * state.v[i] + (1 - b2) * gi * gi
            mNext[i] = m; vNext[i] = v
            let d = -eta * (m / c1) / ((v / c2).squareRoot() + eps)
            trial[i] = parameters[i] + d
            step2 += d * d
        }
        system.fillResiduals(at: trial, into: &trialResiduals)
        let trialCost = type(of: system).cost(of: trialResiduals)
        guard trialCost.isFinite else { throw .nonFinite }
        swap(&state.m, &mNext); swap(&state.v, &vNext); state.t = t
        swap(&parameters, &trial); swap(&residuals, &trialResiduals); cost = trialCost
        return StepOutcome(eta: eta, stepNorm: step2.squareRoot())
    }
}
