import Foundation

/// The Markdown of bench/RESULTS.md: the machine, one table per problem, the targets.
enum BenchReport {
    static let levels: [Double] = [1e-3, 1e-4, 1e-5, 1e-6, 1e-7]

    static func markdown(suite: Bench.Suite, entries: [BenchEntry], results: [BenchResult], threads: Int,
                         command: String) -> String {
        func e(_ x: Double?) -> String { x.map { String(format: "%.1e", $0) } ?? "—" }
        func t(_ x: Double?) -> String { x.map { String(format: "%.1f s", $0) } ?? "—" }
        var out = ["# svenpde benchmark results (suite: \(suite.rawValue))", "",
                   "Made with `svenpde \(command)` on \(machine()), OPENBLAS_NUM_THREADS=\(threads), \(buildKind) build, "
                   + "\(ISO8601DateFormatter().string(from: Date())). Every run is a separate `svenpde solve` process "
                   + "with the same seed (same network, points and initial weights); the relative L2 error against the "
                   + "reference (else the exact solution) on the 101-point-per-axis evaluation grid is measured about every "
                   + "0.25 s of the run (measuring included in the time). Adam: learning rate 1e-3; L-BFGS: memory 10, "
                   + "strong Wolfe; adam-lbfgs: \(Method.adamSteps) Adam steps then L-BFGS; LM: MINPACK-style with Moré scaling.", ""]
        if suite == .generalization { out += summary(entries: entries, results: results) }
        for entry in entries {
            let rs = results.filter { $0.entry == entry.id }
            guard !rs.isEmpty else { continue }
            out += ["## \(entry.id) (`\(entry.file)`)", "",
                    "| method | budget | " + levels.map { "t(\(e($0)))" }.joined(separator: " | ")
                    + " | best rel L2 | steps | time/step | peak memory | stopped |",
                    "|---|---|" + levels.map { _ in "---|" }.joined() + "---|---|---|---|---|"]
            for r in rs {
                let mem = r.peakMemoryBytes.map { String(format: "%.0f MB", Double($0) / 1e6) } ?? "—"
                let per = r.secondsPerStep.map { $0 >= 1 ? String(format: "%.2f s", $0) : String(format: "%.1f ms", 1000 * $0) } ?? "—"
                out.append("| \(r.method) | " + (r.budget > 0 ? "\(Int(r.budget)) s" : "file's limit") + " | " + r.timeTo.map(t).joined(separator: " | ")
                           + " | \(e(r.bestRelL2)) | \(r.steps) | \(per) | \(mem) | \(r.termination) |")
            }
            if let sven = rs.first(where: { $0.method == "sven" }) {
                let others = rs.filter { $0.method != "sven" }
                if !others.isEmpty {
                    let horizon = others.map(\.budget).min()!
                    let s = sven.best(within: horizon)
                    let lines = others.map { o in
                        let b = o.best(within: horizon)
                        let ahead = (s ?? .infinity) < (b ?? .infinity)
                        return "\(o.method) \(e(b))\(ahead ? "" : " (not behind Sven)")"
                    }
                    out += ["", "At equal wall time (\(Int(horizon)) s): sven \(e(s)); " + lines.joined(separator: ", ") + "."]
                }
            }
            if !entry.targets.isEmpty, let sven = rs.first(where: { $0.method == "sven" }) {
                for (level, seconds) in entry.targets {
                    let reached = sven.curve.first { $0.relL2 <= level }?.time
                    let met = reached.map { $0 <= seconds } ?? false
                    out.append("")
                    out.append("Target: rel L2 ≤ \(e(level)) within \(Int(seconds)) s — **\(met ? "met" : "missed")**: "
                               + (reached.map { "reached at \(String(format: "%.1f", $0)) s" } ?? "not reached")
                               + "; best within \(Int(seconds)) s \(e(sven.best(within: seconds))).")
                }
            }
            out.append("")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// One line per problem: Sven's best rel L2 against each other method's at equal wall
    /// time (the shorter budget), and whether Sven is ahead; then the count.
    static func summary(entries: [BenchEntry], results: [BenchResult]) -> [String] {
        func e(_ x: Double?) -> String { x.map { String(format: "%.1e", $0) } ?? "—" }
        var lines = ["| problem | sven | other methods at equal time | sven ahead | target |", "|---|---|---|---|---|"]
        var ahead = 0, compared = 0
        for entry in entries {
            let rs = results.filter { $0.entry == entry.id }
            guard let sven = rs.first(where: { $0.method == "sven" }) else { continue }
            let others = rs.filter { $0.method != "sven" }
            let horizon = (others.map(\.budget) + [sven.budget]).min() ?? sven.budget
            let s = sven.best(within: horizon > 0 ? horizon : .infinity)
            let bests = others.map { ($0.method, $0.best(within: horizon > 0 ? horizon : .infinity)) }
            let wins = bests.allSatisfy { (s ?? .infinity) < ($0.1 ?? .infinity) }
            if !others.isEmpty { compared += 1; if wins { ahead += 1 } }
            let target = entry.targets.map { level, seconds in
                let reached = sven.curve.first { $0.relL2 <= level }?.time
                return "≤ \(e(level)) in \(Int(seconds)) s: " + ((reached.map { $0 <= seconds } ?? false) ? "met" : "missed")
            }.joined(separator: "; ")
            lines.append("| \(entry.id) | \(e(s)) | " + bests.map { "\($0.0) \(e($0.1))" }.joined(separator: ", ")
                         + " | \(others.isEmpty ? "—" : (wins ? "yes" : "**no**")) | \(target.isEmpty ? "—" : target) |")
        }
        return ["Sven ahead at equal wall time on \(ahead) of \(compared) problems.", ""] + lines + [""]
    }

    #if DEBUG
    static let buildKind = "debug"
    #else
    static let buildKind = "release"
    #endif

    /// CPU model, cores and memory from /proc.
    static func machine() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let memory = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("MemTotal") }?
            .split(separator: " ").dropFirst().first.flatMap { Double($0) }.map { String(format: "%.0f GiB", $0 / 1_048_576) } ?? "?"
        return "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(memory)"
    }
}
