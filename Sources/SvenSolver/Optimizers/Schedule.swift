import Foundation

/// A learning rate η_t for step t = 1, 2, … (Optax's schedules).
///
/// A plain number is a constant schedule: `learningRate: 1e-3` reads as
/// `.constant(1e-3)`. Schedules compose through `linearWarmup(steps:then:)`.
public indirect enum Schedule: Sendable, Equatable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// η_t = η.
    case constant(Double)
    /// η_t = η₀ · rate^((t − 1)/steps): the rate is multiplied by `rate` every
    /// `steps` steps, smoothly in between (Optax `exponential_decay`, not staircase).
    case exponentialDecay(initial: Double, rate: Double, steps: Int)
    /// η_t = η₀ · ((1 − α)·½(1 + cos(π·min(t − 1, T)/T)) + α) with T = `steps`:
    /// from η₀ down to α·η₀ at step T + 1, then constant (Loshchilov & Hutter,
    /// "SGDR", ICLR 2017; Optax `cosine_decay_schedule`).
    case cosineDecay(initial: Double, steps: Int, alpha: Double)
    /// η_t = (t/W)·η'_1 for t ≤ W = `steps`, then η'_{t−W}, where η' is `then`:
    /// a linear ramp to the first rate of `then` (Goyal et al., "Accurate, large
    /// minibatch SGD", 2017), after which `then` starts at its own step 1.
    case linearWarmup(steps: Int, then: Schedule)

    public init(floatLiteral value: Double) { self = .constant(value) }
    public init(integerLiteral value: Int) { self = .constant(Double(value)) }

    /// η_t for the 1-based step t.
    public func value(at step: Int) -> Double {
        precondition(step >= 1, "Schedule.value: step \(step) < 1 (steps count from 1)")
        switch self {
        case .constant(let eta):
            return eta
        case .exponentialDecay(let eta0, let rate, let steps):
            return eta0 * pow(rate, Double(step - 1) / Double(steps))
        case .cosineDecay(let eta0, let steps, let alpha):
            let progress = Double(min(step - 1, steps)) / Double(steps)
            return eta0 * ((1 - alpha) * 0.5 * (1 + cos(Double.pi * progress)) + alpha)
        case .linearWarmup(let w, let then):
            return step <= w ? then.value(at: 1) * Double(step) / Double(w) : then.value(at: step - w)
        }
    }

    /// Throws an `OptionError` naming `field` (e.g. "adam.learning_rate") or one of
    /// its parts ("adam.learning_rate.decay_steps").
    public func validate(field: String) throws(OptionError) {
        switch self {
        case .constant(let eta):
            try OptionError.require(eta.isFinite && eta > 0, field, eta, "must be finite and > 0")
        case .exponentialDecay(let eta0, let rate, let steps):
            try OptionError.require(eta0.isFinite && eta0 > 0, field + ".initial", eta0, "must be finite and > 0")
            try OptionError.require(rate > 0 && rate <= 1, field + ".decay_rate", rate, "must be in (0, 1]")
            try OptionError.require(steps >= 1, field + ".decay_steps", steps, "must be ≥ 1")
        case .cosineDecay(let eta0, let steps, let alpha):
            try OptionError.require(eta0.isFinite && eta0 > 0, field + ".initial", eta0, "must be finite and > 0")
            try OptionError.require(steps >= 1, field + ".decay_steps", steps, "must be ≥ 1")
            try OptionError.require(alpha >= 0 && alpha <= 1, field + ".alpha", alpha, "must be in [0, 1]")
        case .linearWarmup(let w, let then):
            try OptionError.require(w >= 1, field + ".warmup_steps", w, "must be ≥ 1")
            try then.validate(field: field)
        }
    }
}
