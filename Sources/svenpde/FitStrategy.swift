import Foundation
import Residuals
import SvenSolver

/// How `svenpde fit` reaches its answer: one named method, or — the default —
/// two local solvers with different globalisations from the same start.
///
/// A local least-squares solver can stop at a point that is not the minimum the
/// data define: on a plateau where the model saturates, or running away along a
/// valley towards an asymptote. Which starts trap a method depends on how it
/// globalises its Gauss–Newton step. Measured on the NIST StRD files
/// (bench/results/nist-fit.md): Sven (backtracking on the minimum-norm step)
/// stops far from the certified minimum on MGH09, MGH10 and MGH17 from start 1,
/// where MINPACK's trust-region Levenberg–Marquardt (Moré 1978) reaches it; LM
/// stops on BoxBOD from start 1 after two steps, where Sven reaches it. So the
/// default runs both from the file's start and answers with the lower residual
/// sum of squares — the quantity being minimised, so the choice needs nothing the
/// user did not give. When Sven's end is the better one, LM continues from it:
/// Sven stops on `stalled` (no relative decrease of 1e-6 in 50 steps), which says
/// the cost stopped falling, not that the parameters converged; LM's steps only
/// decrease the cost and it stops on its own convergence test (a step short
/// relative to ‖b‖, Moré 1978) — on the NIST files it confirms Sven's end in 0–2
/// steps, so the answer carries a convergence verdict. Every run is reported (`attempts` in
/// summary.json) and the answer names the method that produced it.
enum FitStrategy: Equatable {
    case single(Method)
    /// Sven, then LM, from the same start; the lower RSS is the answer.
    case automatic

    /// The name a fit file's `[solver] method` gives the default.
    static let automaticName = FitFile.defaultMethod
    /// The methods the default runs, in order of preference on a tie.
    static let automaticMethods: [Method] = [.sven, .lm]
    /// A later run replaces an earlier one only when its residual sum of squares
    /// is lower by more than this relative amount: runs that reach one minimum
    /// differ in the last digits only, and the preferred method then answers.
    static let improvement = 1e-9

    /// The answer and every run: `optimize(method, start)` runs one method from
    /// `start` (nil: the fit's start).
    func run(_ optimize: (Method, [Double]?) throws -> OptimizerRun) throws -> FitOutcome {
        if case .single(let m) = self {
            let r = try optimize(m, nil)
            return FitOutcome(r, method: r.name, steps: r.summary.steps, attempts: [FitAttempt(r, from: "start")])
        }
        let runs = try Self.automaticMethods.map { try optimize($0, nil) }
        var attempts = runs.map { FitAttempt($0, from: "start") }
        let k = Self.answer(runs)
        let best = runs[k]
        let wall = runs.map(\.summary.wallSeconds).reduce(0, +)
        guard best.name != Method.lm.rawValue, Self.usable(best) else {
            return FitOutcome(best, method: best.name, steps: best.summary.steps, attempts: attempts, wallSeconds: wall)
        }
        let polish = try optimize(.lm, best.parameters)
        attempts.append(FitAttempt(polish, from: best.name))
        // LM accepts only steps that lower the cost, so its end is no worse than its
        // start; should it end non-finite all the same, the earlier end answers.
        guard Self.usable(polish), polish.summary.finalCost <= best.summary.finalCost else {
            return FitOutcome(best, method: best.name, steps: best.summary.steps, attempts: attempts,
                              wallSeconds: wall + polish.summary.wallSeconds)
        }
        return FitOutcome(polish, method: "\(best.name), then \(polish.name)", steps: best.summary.steps + polish.summary.steps,
                          attempts: attempts, wallSeconds: wall + polish.summary.wallSeconds)
    }

    private static func usable(_ r: OptimizerRun) -> Bool {
        r.summary.finalCost.isFinite && r.summary.parametersUsable && r.parameters.allSatisfy(\.isFinite)
    }

    /// The `[solver] method` of a fit (or the default), read as a strategy.
    init(method: String) throws {
        if method == Self.automaticName { self = .automatic; return }
        guard let m = Method(rawValue: method) else {
            throw UserError("solver.method: unknown method \"\(method)\"; expected \(Self.automaticName) or one of: \(Method.names)")
        }
        self = .single(m)
    }

    /// The index of the answer among `runs` (in `methods` order): the lowest final
    /// cost among runs with finite parameters and cost, a later run winning only
    /// by a relative `improvement`; 0 when no run is usable.
    static func answer(_ runs: [OptimizerRun]) -> Int {
        var best: Int?
        for (k, r) in runs.enumerated() {
            guard usable(r) else { continue }
            if let b = best, r.summary.finalCost >= runs[b].summary.finalCost * (1 - improvement) { continue }
            best = k
        }
        return best ?? 0
    }
}

/// What a fit answers: the parameters and summary of the run that ended there,
/// the method(s) that produced them ("lm", or "sven, then lm" for LM continued
/// from Sven's end), their steps together, and every run made.
struct FitOutcome {
    var parameters: [Double]
    var summary: Summary
    var method: String
    var steps: Int
    var attempts: [FitAttempt]
    var wallSeconds: Double

    init(_ run: OptimizerRun, method: String, steps: Int, attempts: [FitAttempt], wallSeconds: Double? = nil) {
        parameters = run.parameters
        summary = run.summary
        self.method = method
        self.steps = steps
        self.attempts = attempts
        self.wallSeconds = wallSeconds ?? run.summary.wallSeconds
    }
}

/// One run of a fit, as summary.json's `attempts` lists it.
struct FitAttempt: Encodable {
    var method: String
    /// Where the run started: "start" (the fit's start) or the method whose end it continued.
    var from: String
    var steps: Int
    var termination: String
    var residualSumOfSquares: Double?
    var wallSeconds: Double

    init(_ run: OptimizerRun, from: String) {
        method = run.name
        self.from = from
        steps = run.summary.steps
        termination = run.summary.termination.rawValue
        let rss = 2 * run.summary.finalCost
        residualSumOfSquares = rss.isFinite ? rss : nil
        wallSeconds = run.summary.wallSeconds
    }

    enum CodingKeys: String, CodingKey {
        case method, from, steps, termination
        case residualSumOfSquares = "residual_sum_of_squares"
        case wallSeconds = "wall_seconds"
    }

    /// "sven: 1.0273430863e-03 after 73 steps (stalled)".
    var line: String {
        let rss = residualSumOfSquares.map { String(format: "%.10e", $0) } ?? "not finite"
        let origin = from == "start" ? "" : " from \(from)'s end"
        return "\(method)\(origin): residual sum of squares \(rss) after \(steps) steps (\(termination))"
    }
}
