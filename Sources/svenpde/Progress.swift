import Foundation
import Residuals
import SvenSolver

/// The CLI's voice while solving. On a terminal, one live line rewritten in
/// place (step, loss, error when measured, rank, η, elapsed, ETA); off a
/// terminal, a plain line every `every` steps; `--json`, one JSON object per
/// reported step; `--quiet`, nothing but the final summary. Every write goes
/// straight to the file descriptor, so a pipe or a log shows progress at once.
final class Progress {
    enum Style { case live, lines, json, quiet }

    let style: Style
    let every: Int
    let maxSteps: Int
    let timeLimit: Double?
    private var lastError: Double?
    /// Inverse problems: the unknowns' current values, shown on every progress line.
    var unknowns: [(name: String, value: Double)] = []
    private var liveWidth = 0

    init(quiet: Bool, json: Bool, every: Int, maxSteps: Int, timeLimit: Double?) {
        if quiet { style = .quiet } else if json { style = .json } else { style = isatty(STDOUT_FILENO) == 1 ? .live : .lines }
        self.every = every; self.maxSteps = maxSteps; self.timeLimit = timeLimit
    }

    func say(_ line: String) {
        guard style != .quiet, style != .json else { return }
        endLive()
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Always printed (also with --quiet); with --json as a JSON object.
    func result(_ line: String, json: [String: Any]) {
        endLive()
        if style == .json {
            if let data = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]) {
                FileHandle.standardOutput.write(data + Data("\n".utf8))
            }
        } else {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }

    func header(_ lines: [String]) { for l in lines { say(l) } }

    /// Every warning given so far (for summary.json).
    private(set) var warnings: [String] = []

    /// Something that went wrong without ending the run (a checkpoint that could
    /// not be written): one line `warning: …` on standard error at once, also
    /// with --quiet and --json, and kept for summary.json.
    func warn(_ line: String) {
        warnings.append(line)
        endLive()
        FileHandle.standardError.write(Data(("warning: " + line + "\n").utf8))
    }

    /// Reports step `r`; `error` is the rel L2 measured at this step, if it was.
    func step(_ r: StepRecord, error: Double?) {
        if let e = error { lastError = e }
        switch style {
        case .quiet: return
        case .live:
            // Rewrite at most ~10 times a second and on every measured step.
            guard r.step == 1 || error != nil || r.step % max(1, every / 10) == 0 else { return }
            let line = text(r)
            let pad = max(0, liveWidth - line.count)
            liveWidth = line.count
            FileHandle.standardOutput.write(Data(("\r" + line + String(repeating: " ", count: pad)).utf8))
        case .lines:
            guard r.step == 1 || r.step % every == 0 else { return }
            FileHandle.standardOutput.write(Data((text(r) + "\n").utf8))
        case .json:
            guard r.step == 1 || r.step % every == 0 else { return }
            var o: [String: Any] = ["step": r.step, "loss": r.cost, "rank": r.rank, "eta": r.eta, "lambda": r.lambda,
                                    "elapsed": r.elapsed, "sigma_max": r.sigmaMax, "sigma_min_kept": r.sigmaMinKept]
            if let e = error ?? lastError { o["rel_l2"] = e }
            for u in unknowns { o[u.name] = u.value }
            if let eta = eta(r) { o["eta_seconds"] = eta }
            if let data = try? JSONSerialization.data(withJSONObject: o.filter { ($0.value as? Double)?.isFinite ?? true },
                                                      options: [.sortedKeys]) {
                FileHandle.standardOutput.write(data + Data("\n".utf8))
            }
        }
    }

    /// Seconds left until the step or time limit, whichever comes first, at the pace so far.
    private func eta(_ r: StepRecord) -> Double? {
        guard r.step > 0, r.elapsed > 0 else { return nil }
        let bySteps = Double(maxSteps - r.step) * r.elapsed / Double(r.step)
        let byTime = timeLimit.map { max(0, $0 - r.elapsed) }
        return min(bySteps, byTime ?? .infinity)
    }

    private func text(_ r: StepRecord) -> String {
        let e = lastError.map { String(format: "  rel L2 %.3e", $0) } ?? ""
        let left = eta(r).map { String(format: "  ETA %.0f s", $0) } ?? ""
        let u = unknowns.map { "  \($0.name) " + String(format: "%.6g", $0.value) }.joined()
        return String(format: "step %5d  loss %.3e", r.step, r.cost) + e + u
            + String(format: "  rank %4d  eta %.3g  lambda %.1e  %7.2f s", r.rank, r.eta, r.lambda, r.elapsed) + left
    }

    /// Ends the live line so the next output starts on a fresh line.
    func endLive() {
        if style == .live && liveWidth > 0 {
            FileHandle.standardOutput.write(Data("\n".utf8))
            liveWidth = 0
        }
    }
}
