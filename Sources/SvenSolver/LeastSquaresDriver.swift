import Foundation
import LinearAlgebra

/// When to stop. A criterion set to 0 (or nil) is off.
public struct StoppingCriteria: Sendable, Equatable {
    /// Most steps to take. Default 1000.
    public var maxSteps: Int = 1000
    /// Wall-clock limit in seconds, checked after every step.
    public var timeLimit: Double? = nil
    /// Stop when ½‖r‖² ≤ this.
    public var costThreshold: Double = 0
    /// Stop when (cost_before − cost_after) ≤ ftol·cost_before for an accepted step.
    public var functionTolerance: Double = 0
    /// Stop when ‖δ‖ ≤ xtol·(‖θ‖ + xtol).
    public var parameterTolerance: Double = 0
    /// Stop when ‖Jᵀr‖_∞ ≤ gtol (the gradient of ½‖r‖²), checked at the start and
    /// after every step. Costs one `applyJacobianTranspose` per step, so it is
    /// computed only when gtol > 0. Default 0 (off).
    public var gradientTolerance: Double = 0
    /// Stop as stalled when the best cost has not fallen by a relative
    /// `stallTolerance` within this many steps (0 = off). Default 50: at float64
    /// round-off an optimizer can go on "accepting" steps that change nothing.
    public var stallSteps: Int = 50
    /// Relative improvement of the best cost that counts as progress. Default 1e-6.
    public var stallTolerance: Double = 1e-6

    public init(maxSteps: Int = 1000, timeLimit: Double? = nil, costThreshold: Double = 0,
                functionTolerance: Double = 0, parameterTolerance: Double = 0, gradientTolerance: Double = 0,
                stallSteps: Int = 50, stallTolerance: Double = 1e-6) {
        self.maxSteps = maxSteps; self.timeLimit = timeLimit; self.costThreshold = costThreshold
        self.functionTolerance = functionTolerance; self.parameterTolerance = parameterTolerance
        self.gradientTolerance = gradientTolerance
        self.stallSteps = stallSteps; self.stallTolerance = stallTolerance
    }

    public func validate() throws(OptionError) {
        try OptionError.require(maxSteps >= 0, "max_steps", maxSteps, "must be ≥ 0")
        if let t = timeLimit {
            try OptionError.require(t.isFinite && t > 0, "time_limit", t, "must be finite and > 0 seconds")
        }
        try OptionError.require(costThreshold >= 0, "cost_threshold", costThreshold, "must be ≥ 0")
        try OptionError.require(functionTolerance >= 0 && functionTolerance < 1, "function_tolerance",
                                functionTolerance, "must be in [0, 1)")
        try OptionError.require(parameterTolerance >= 0, "parameter_tolerance", parameterTolerance, "must be ≥ 0")
        try OptionError.require(gradientTolerance.isFinite && gradientTolerance >= 0, "gradient_tolerance",
                                gradientTolerance, "must be finite and ≥ 0")
        try OptionError.require(stallSteps >= 0, "stall_steps", stallSteps, "must be ≥ 0")
        try OptionError.require(stallTolerance >= 0 && stallTolerance < 1, "stall_tolerance", stallTolerance,
                                "must be in [0, 1)")
    }
}

/// What the observer tells the driver after each step.
public enum ObserverDecision: Sendable {
    case proceed, stop
    /// The system's residuals changed (e.g. its collocation points were
    /// resampled): recompute r and the cost at θ before the next step, and
    /// restart the stall window.
    case refresh
}

/// The one loop every optimizer runs in: it owns iteration, timing, stopping,
/// non-finite detection and the history; the optimizer supplies only `step`.
/// The library never prints: progress goes to the `observer`, which sees each
/// step's record and the parameters after it (to measure errors, save checkpoints…).
public enum LeastSquaresDriver {
    /// Minimise ½‖r(θ)‖² from `initial`. Returns the last good parameters and a
    /// `Summary`; throws only for invalid options. (To checkpoint the run, or resume
    /// one, see `LeastSquaresDriver+Checkpoint.swift`.)
    public static func solve<O: Optimizer>(
        _ system: any ResidualSystem, from initial: [Double], optimizer: inout O,
        stopping: StoppingCriteria = StoppingCriteria(),
        observer: ((StepRecord, _ parameters: [Double]) -> ObserverDecision)? = nil
    ) throws(OptionError) -> (parameters: [Double], summary: Summary) {
        try run(system, from: initial, optimizer: &optimizer, stopping: stopping, resume: nil,
                start: { (o: inout O) throws(OptionError) in try o.prepare(for: system) },
                checkpointEvery: 0, checkpoint: { _, _, _ in }, observer: observer)
    }

    /// The loop. `start` prepares the optimizer (or restores it, with `resume` the
    /// driver's saved state, θ = `initial` being the saved θ). After every step whose
    /// number is a multiple of `interval` (> 0), and after the last step of a run that
    /// ends after a successful step, `checkpoint` receives the driver's state, θ and
    /// the optimizer; a step that fails leaves the last checkpoint as it was.
    static func run<O: Optimizer>(
        _ system: any ResidualSystem, from initial: [Double], optimizer: inout O,
        stopping: StoppingCriteria, resume: DriverState?,
        start: (inout O) throws(OptionError) -> Void,
        checkpointEvery interval: Int,
        checkpoint: (DriverState, _ parameters: [Double], O) -> Void,
        observer: ((StepRecord, _ parameters: [Double]) -> ObserverDecision)?
    ) throws(OptionError) -> (parameters: [Double], summary: Summary) {
        precondition(initial.count == system.parameterCount,
                     "solve: θ has \(initial.count) entries, the system has \(system.parameterCount) parameters")
        try stopping.validate()
        try resume?.validate()
        try start(&optimizer)
        let clock = ContinuousClock()
        let startTime = clock.now
        let earlier = resume?.elapsedSeconds ?? 0
        func elapsed() -> Double {
            let d = clock.now - startTime
            return earlier + (Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        }

        var theta = initial
        var r = Array(repeating: 0.0, count: system.residualCount)
        system.fillResiduals(at: theta, into: &r)
        var cost = type(of: system).cost(of: r)
        let initialCost = resume?.initialCost ?? cost
        var history: [StepRecord] = resume?.history ?? []
        var best = resume?.bestCost ?? cost, bestStep = resume?.bestStep ?? 0
        var stepIndex = resume?.steps ?? 0
        history.reserveCapacity(min(max(stopping.maxSteps, stepIndex), 100_000))
        // Jᵀr for the gradient test, allocated once and only when the test is on.
        var gradient = stopping.gradientTolerance > 0 ? Array(repeating: 0.0, count: system.parameterCount) : []
        func gradientSmall() -> Bool {
            guard stopping.gradientTolerance > 0 else { return false }
            system.applyJacobianTranspose(at: theta, r, into: &gradient)
            return maxAbs(gradient) <= stopping.gradientTolerance     // false for NaN
        }

        var written = stepIndex            // the state the run started from needs no checkpoint
        func save() {
            guard interval > 0, written != stepIndex else { return }
            checkpoint(DriverState(steps: stepIndex, cost: cost, initialCost: initialCost, bestCost: best,
                                   bestStep: bestStep, elapsedSeconds: elapsed(), history: history),
                       theta, optimizer)
            written = stepIndex
        }
        func finish(_ t: Termination, _ detail: String = "") -> (parameters: [Double], summary: Summary) {
            let message = (detail.isEmpty ? "" : detail + "; ") + t.suggestion
            return (theta, Summary(termination: t, message: message, parametersUsable: theta.allSatisfy(\.isFinite),
                                   steps: history.count, initialCost: initialCost, finalCost: cost,
                                   wallSeconds: elapsed(), history: history))
        }
        /// The end of a run whose last step succeeded: its state is worth a checkpoint.
        func finishAfterStep(_ t: Termination, _ detail: String = "") -> (parameters: [Double], summary: Summary) {
            save()
            return finish(t, detail)
        }

        guard cost.isFinite else { return finish(.nonFinite, "the residuals at the initial parameters are not finite") }
        if cost <= stopping.costThreshold { return finish(.costThreshold) }
        if gradientSmall() { return finish(.gradientTolerance) }
        // A resumed run that had already stalled or run out of time stays stopped
        // (the uninterrupted run would not have taken another step).
        if stopping.stallSteps > 0, stepIndex - bestStep >= stopping.stallSteps {
            return finish(.stalled, "the cost fell by less than \(stopping.stallTolerance) (relative) in \(stopping.stallSteps) steps")
        }
        if resume != nil, let limit = stopping.timeLimit, elapsed() >= limit { return finish(.timeLimit) }

        while stepIndex < stopping.maxSteps {
            let before = cost
            let outcome: StepOutcome
            do throws(StepFailure) {
                outcome = try optimizer.step(system: system, parameters: &theta, residuals: &r, cost: &cost)
            } catch {
                let failed = stepIndex + 1
                switch error {
                case .nonFinite:
                    return finish(.nonFinite, "step \(failed): NaN or Inf in the residuals or Jacobian")
                case .noDecrease:
                    return finish(.noDecrease, "step \(failed): no trial decreased the cost \(before)")
                case .linearAlgebra(let why):
                    return finish(.linearAlgebraFailure, why)
                case .converged(let why):
                    return finish(.parameterTolerance, "step \(failed): \(why)")
                }
            }
            guard cost.isFinite, theta.allSatisfy(\.isFinite) else {
                return finish(.nonFinite, "step \(stepIndex + 1) produced a non-finite cost")
            }
            stepIndex += 1
            let record = StepRecord(step: stepIndex, cost: cost, rank: outcome.rank, sigmaMax: outcome.sigmaMax,
                                    sigmaMinKept: outcome.sigmaMinKept, eta: outcome.eta, lambda: outcome.lambda,
                                    elapsed: elapsed(), stepNorm: outcome.stepNorm)
            history.append(record)
            switch observer?(record, theta) ?? .proceed {
            case .stop: return finishAfterStep(.stoppedByObserver)
            case .refresh:
                system.fillResiduals(at: theta, into: &r)
                cost = type(of: system).cost(of: r)
                guard cost.isFinite else { return finish(.nonFinite, "step \(stepIndex): the refreshed residuals are not finite") }
                best = cost; bestStep = stepIndex
                if interval > 0 && stepIndex % interval == 0 { save() }
                continue
            case .proceed: break
            }
            if cost < best * (1 - stopping.stallTolerance) { best = cost; bestStep = stepIndex }
            if cost <= stopping.costThreshold { return finishAfterStep(.costThreshold) }
            if stopping.functionTolerance > 0, before - cost <= stopping.functionTolerance * before {
                return finishAfterStep(.functionTolerance)
            }
            if stopping.parameterTolerance > 0,
               outcome.stepNorm <= stopping.parameterTolerance * (norm(theta) + stopping.parameterTolerance) {
                return finishAfterStep(.parameterTolerance)
            }
            if gradientSmall() { return finishAfterStep(.gradientTolerance) }
            if stopping.stallSteps > 0, stepIndex - bestStep >= stopping.stallSteps {
                return finishAfterStep(.stalled, "the cost fell by less than \(stopping.stallTolerance) (relative) in \(stopping.stallSteps) steps")
            }
            if let limit = stopping.timeLimit, record.elapsed >= limit { return finishAfterStep(.timeLimit) }
            if interval > 0 && stepIndex % interval == 0 { save() }
        }
        return finishAfterStep(.maxSteps)
    }
}
