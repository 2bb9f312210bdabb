import Foundation
import SolutionIO

/// One run's numbers, read back from the child's summary.json and history.csv.
struct BenchResult {
    var entry: String
    var method: String
    var budget: Double
    var steps: Int
    var wallSeconds: Double
    var secondsPerStep: Double?
    var finalRelL2: Double?
    var bestRelL2: Double?
    /// First measured time at which rel L2 ≤ each level of `BenchReport.levels`.
    var timeTo: [Double?]
    var peakMemoryBytes: Int?
    var termination: String
    /// (time, rel L2) at every measurement.
    var curve: [(time: Double, relL2: Double)]

    /// Best error measured by `seconds` (for comparisons at equal wall time).
    func best(within seconds: Double) -> Double? {
        curve.filter { $0.time <= seconds }.map(\.relL2).min()
    }

    var line: String {
        func e(_ x: Double?) -> String { x.map { String(format: "%.2e", $0) } ?? "—" }
        return "\(steps) steps, \(String(format: "%.1f", wallSeconds)) s, best rel L2 \(e(bestRelL2)), final \(e(finalRelL2)), \(termination)"
    }
}

enum BenchRunner {
    /// Runs `svenpde solve` in a child process with the method and budget.
    static func run(entry: BenchEntry, method: Method, budget: Double, work: String, threads: Int,
                    memoryBudget: Double? = nil) throws -> BenchResult {
        let directory = self.directory(entry: entry, method: method, work: work)
        var arguments = ["solve", entry.file, "--method", method.rawValue, "--max-steps", "100000000",
                         "--measure-every", "100000000", "--measure-seconds", "0.25", "--quiet", "-o", directory]
        if budget > 0 { arguments += ["--time-limit", String(budget)] }
        if let m = memoryBudget { arguments += ["--memory-budget", String(m)] }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if !FileManager.default.isExecutableFile(atPath: p.executableURL!.path) {
            p.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        }
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_NUM_THREADS"] = String(threads)
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw UserError("bench run \(entry.id) with \(method.rawValue) failed (exit \(p.terminationStatus)): \(errText.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return try read(entry: entry, method: method, budget: budget, work: work)
    }

    /// The numbers of a finished run in the work directory.
    static func read(entry: BenchEntry, method: Method, budget: Double, work: String) throws -> BenchResult {
        let directory = self.directory(entry: entry, method: method, work: work)
        let summaryPath = (directory as NSString).appendingPathComponent("summary.json")
        guard let data = FileManager.default.contents(atPath: summaryPath),
              let s = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw UserError("bench run \(entry.id) with \(method.rawValue) wrote no readable \(summaryPath)")
        }
        let curve = try readCurve((directory as NSString).appendingPathComponent("history.csv"))
        let final = (s["rel_l2_reference"] as? Double) ?? (s["rel_l2_exact"] as? Double)
        let all = curve.map(\.relL2) + (final.map { [$0] } ?? [])
        return BenchResult(entry: entry.id, method: method.rawValue, budget: budget, steps: s["steps"] as? Int ?? 0,
                           wallSeconds: s["wall_seconds"] as? Double ?? 0, secondsPerStep: s["seconds_per_step"] as? Double,
                           finalRelL2: final, bestRelL2: all.min(),
                           timeTo: BenchReport.levels.map { level in curve.first { $0.relL2 <= level }?.time },
                           peakMemoryBytes: s["peak_memory_bytes"] as? Int, termination: s["termination"] as? String ?? "?",
                           curve: curve)
    }

    static func directory(entry: BenchEntry, method: Method, work: String) -> String {
        (work as NSString).appendingPathComponent("\(entry.id.replacingOccurrences(of: " ", with: "-"))-\(method.rawValue)")
    }

    /// (time, rel_l2) of the rows where rel L2 was measured.
    static func readCurve(_ path: String) throws -> [(time: Double, relL2: Double)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw UserError("cannot read \(path)") }
        var lines = text.split(separator: "\n")
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init),
              let t = header.firstIndex(of: "time"), let e = header.firstIndex(of: "rel_l2") else {
            throw UserError("\(path) has no time and rel_l2 columns")
        }
        lines.removeFirst()
        return lines.compactMap { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count > max(t, e), let time = Double(f[t]), let err = Double(f[e]) else { return nil }
            return (time, err)
        }
    }
}

/// Writes text atomically (SolutionIO's AtomicFile), making the folder if needed.
enum AtomicFileWriter {
    static func write(_ text: String, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try OutputDirectory.prepare(folder) }
        try AtomicFile.write(text, to: path)
    }
}
