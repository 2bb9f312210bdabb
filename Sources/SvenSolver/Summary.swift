/// Why a solve stopped. Termination is data, never a crash.
public enum Termination: String, Sendable, Codable, CaseIterable {
    /// ½‖r‖² fell to the cost threshold.
    case costThreshold = "cost_threshold"
    /// The relative decrease of the cost over a step fell below the function tolerance.
    case functionTolerance = "function_tolerance"
    /// The step length fell below the parameter tolerance.
    case parameterTolerance = "parameter_tolerance"
    /// The gradient of ½‖r‖², ‖Jᵀr‖_∞, fell to the gradient tolerance.
    case gradientTolerance = "gradient_tolerance"
    /// The cost stopped improving over a window of steps (`StoppingCriteria.stallSteps`).
    case stalled
    /// The maximum number of steps was taken.
    case maxSteps = "max_steps"
    /// The wall-time limit was reached.
    case timeLimit = "time_limit"
    /// The observer asked to stop.
    case stoppedByObserver = "stopped_by_observer"
    /// No step along the search direction decreased the cost.
    case noDecrease = "no_decrease"
    /// NaN or Inf appeared in the residuals or the Jacobian; the last good parameters are kept.
    case nonFinite = "non_finite"
    /// A factorisation failed (LAPACK did not converge).
    case linearAlgebraFailure = "linear_algebra_failure"

    /// True when the run met a convergence criterion.
    public var isConvergence: Bool {
        switch self {
        case .costThreshold, .functionTolerance, .parameterTolerance, .gradientTolerance, .stalled: return true
        default: return false
        }
    }

    /// What a user could try next.
    public var suggestion: String {
        switch self {
        case .costThreshold, .functionTolerance, .parameterTolerance, .gradientTolerance:
            return "converged; tighten the tolerance to go further"
        case .stalled:
            return "no further progress: the cost is at float64 round-off or a local minimum; more points or a larger network may lower it"
        case .maxSteps: return "try increasing max_steps"
        case .timeLimit: return "try increasing time_limit"
        case .stoppedByObserver: return "the caller stopped the run"
        case .noDecrease:
            return "the cost is at a (local) minimum for this model, or at float64 round-off; try more collocation points, a larger network, or another start"
        case .nonFinite:
            return "check the problem for singular data; try a smaller step (fixed eta) or stronger damping"
        case .linearAlgebraFailure: return "the Jacobian is pathological; check the problem's scaling"
        }
    }
}

/// One step's report: what the observer sees and what the history keeps. Codable
/// (keys `step`, `cost`, `rank`, `sigma_max`, `sigma_min_kept`, `eta`, `lambda`,
/// `elapsed`, `step_norm`) because checkpoints carry the history (`DriverState`).
public struct StepRecord: Sendable, Equatable, Codable {
    /// Step number, 1-based.
    public var step: Int
    /// ½‖r‖² after the step.
    public var cost: Double
    /// Singular values kept (the rank of the step).
    public var rank: Int
    /// Largest singular value σ₁ of J.
    public var sigmaMax: Double
    /// Smallest singular value kept.
    public var sigmaMinKept: Double
    /// Step length η taken (1 for a full damped step).
    public var eta: Double
    /// Damping λ used (0 when undamped).
    public var lambda: Double
    /// Wall seconds since the solve began.
    public var elapsed: Double
    /// ‖δ‖₂ of the step taken.
    public var stepNorm: Double

    public init(step: Int, cost: Double, rank: Int, sigmaMax: Double, sigmaMinKept: Double,
                eta: Double, lambda: Double, elapsed: Double, stepNorm: Double) {
        self.step = step; self.cost = cost; self.rank = rank; self.sigmaMax = sigmaMax
        self.sigmaMinKept = sigmaMinKept; self.eta = eta; self.lambda = lambda
        self.elapsed = elapsed; self.stepNorm = stepNorm
    }

    enum CodingKeys: String, CodingKey {
        case step, cost, rank, eta, lambda, elapsed
        case sigmaMax = "sigma_max", sigmaMinKept = "sigma_min_kept", stepNorm = "step_norm"
    }
}

/// The outcome of a solve.
public struct Summary: Sendable {
    public var termination: Termination
    /// A sentence on why it stopped and what to try next.
    public var message: String
    /// True when `parameters` hold finite values a user can keep (always the last good ones).
    public var parametersUsable: Bool
    public var steps: Int
    public var initialCost: Double
    public var finalCost: Double
    public var wallSeconds: Double
    /// One record per step.
    public var history: [StepRecord]
}
