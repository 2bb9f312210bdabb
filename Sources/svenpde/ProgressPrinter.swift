import Foundation
import Residuals
import SvenSolver

/// The CLI's voice: a header, a line every few steps, a final summary. Lines are
/// flushed as they are written so a pipe or a log shows progress as it happens.
final class ProgressPrinter {
    let quiet: Bool
    let every: Int
    let maxSteps: Int

    init(quiet: Bool, every: Int, maxSteps: Int) {
        self.quiet = quiet; self.every = every; self.maxSteps = maxSteps
    }

    /// Written straight to the file descriptor: unbuffered, so progress shows at once in a pipe.
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func header(file: ProblemFile, setup: SolveSetup) {
        guard !quiet else { return }
        let terms = file.problem.terms.map { "\($0.name) \($0.points.count)" }.joined(separator: ", ")
        say("svenpde solve \(file.path): \(file.name)")
        say("  network \(setup.network.widths.map(String.init).joined(separator: "-")) (\(setup.network.activation.rawValue), \(setup.network.parameterCount) parameters); residuals: \(terms)")
        if let r = setup.evaluation.referenceDescription {
            say("  reference: \(r), computed in \(String(format: "%.3f", setup.evaluation.referenceSeconds)) s")
        }
        say("  solver: sven, max \(maxSteps) steps" + (setup.stopping.timeLimit.map { ", time limit \($0) s" } ?? ""))
    }

    /// A line every `every` steps; `error` is measured only for the lines printed.
    func step(_ r: StepRecord, error: () -> Double?) -> ObserverDecision {
        if !quiet && (r.step % every == 0 || r.step == 1) {
            let e = error().map { String(format: "  rel L2 %.3e", $0) } ?? ""
            say(String(format: "step %5d  loss %.3e", r.step, r.cost) + e
                + String(format: "  rank %4d  eta %.3g  lambda %.1e  %7.2f s", r.rank, r.eta, r.lambda, r.elapsed))
        }
        return .proceed
    }

    func finish(_ s: Summary, errors: SolutionErrors, summaryPath: String) {
        func e(_ x: Double?) -> String { x.map { String(format: "%.3e", $0) } ?? "n/a" }
        say("stopped: \(s.termination.rawValue) after \(s.steps) steps — \(s.message)")
        say("final loss \(e(s.finalCost)) (from \(e(s.initialCost))), wall time \(String(format: "%.2f", s.wallSeconds)) s"
            + (s.steps > 0 ? String(format: ", %.1f ms/step", 1000 * s.wallSeconds / Double(s.steps)) : ""))
        say("rel L2 vs reference: \(e(errors.relL2Reference))   vs exact: \(e(errors.relL2Exact))"
            + (errors.referenceVsExact.map { "   (reference vs exact: \(e($0)))" } ?? ""))
        say("wrote \(summaryPath)")
    }
}
