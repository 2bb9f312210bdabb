import LinearAlgebra

/// What one optimizer step reports to the driver.
public struct StepOutcome: Sendable, Equatable {
    public var rank: Int = 0
    public var sigmaMax: Double = 0
    public var sigmaMinKept: Double = 0
    public var eta: Double = 0
    public var lambda: Double = 0
    public var stepNorm: Double = 0

    public init(rank: Int = 0, sigmaMax: Double = 0, sigmaMinKept: Double = 0,
                eta: Double = 0, lambda: Double = 0, stepNorm: Double = 0) {
        self.rank = rank; self.sigmaMax = sigmaMax; self.sigmaMinKept = sigmaMinKept
        self.eta = eta; self.lambda = lambda; self.stepNorm = stepNorm
    }
}

/// Why a step could not be taken; the driver turns it into a `Termination`.
public enum StepFailure: Error, Equatable {
    /// r or J held NaN/Inf at the current parameters.
    case nonFinite
    /// No trial along the step decreased the cost.
    case noDecrease
    /// A factorisation failed.
    case linearAlgebra(String)
    /// No step can change θ any more at float64 precision (e.g. a trust region
    /// smaller than ε‖Dθ‖): converged as far as the arithmetic allows.
    case converged(String)
}

/// A least-squares optimizer: it supplies steps, the driver (`LeastSquaresDriver`)
/// owns the loop, timing, stopping and history (the Optimistix split).
///
/// A step starts at θ with residuals r and cost ½‖r‖² already known and, when it
/// succeeds, leaves θ, r and the cost at the accepted point. On failure it leaves
/// them untouched. Optimizers whose state can be saved between steps and restored
/// (all of SvenSolver's) also conform to `CheckpointableOptimizer`.
public protocol Optimizer {
    /// A short name for reports ("sven", "lm", …).
    var name: String { get }
    /// Check the options against the system's sizes and make workspaces.
    mutating func prepare(for system: any ResidualSystem) throws(OptionError)
    /// Take one step.
    mutating func step(
        system: any ResidualSystem, parameters: inout [Double],
        residuals: inout [Double], cost: inout Double
    ) throws(StepFailure) -> StepOutcome
}

/// A bad option value: names the field, the value and the rule it broke (Ceres' `IsValid`).
public struct OptionError: Error, Equatable, CustomStringConvertible {
    public var field: String
    public var value: String
    public var rule: String

    public init(field: String, value: String, rule: String) {
        self.field = field; self.value = value; self.rule = rule
    }

    public var description: String { "\(field) = \(value): \(rule)" }

    /// Throws when `ok` is false.
    static func require(_ ok: Bool, _ field: String, _ value: Any, _ rule: String) throws(OptionError) {
        if !ok { throw OptionError(field: field, value: "\(value)", rule: rule) }
    }
}
