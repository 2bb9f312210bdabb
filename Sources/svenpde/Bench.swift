import ArgumentParser
import Foundation

/// `svenpde bench`: every method on the catalog problems, same network, points
/// and initial weights, each run in its own process; results in bench/RESULTS.md.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the benchmark suite and write a results table (time to each error level, best error, steps, memory).",
        discussion: """
            Each (problem, method) pair runs as a child `svenpde solve` with the same
            seed — the same network, points and initial weights — and a wall-time
            budget; the error is measured about every 0.25 s. Suites:
              targets  poisson2d (2-64-1 and 2-32-32-1), heat1d, poisson5d, poisson2d-deep;
                       sven, lm, adam, lbfgs, adam-lbfgs (the issue's targets are checked)
              catalog  every PDE problem of problems/ with sven, at its file's time limit
              quick    a small Poisson problem, sven and adam, 5 s (a smoke test)
              generalization
                       every file of bench/problems/generalization/ (problems nobody tuned:
                       no solver keys but the time limit), sven and lm-nielsen (the
                       Cholesky LM) at each file's time limit; bench/GENERALIZATION.md

            Examples:
              svenpde bench
              svenpde bench --suite catalog --output bench/CATALOG.md
              svenpde bench --suite quick --budget 2 --output /tmp/quick.md
              svenpde bench --suite generalization --budget 60
            """
    )

    enum Suite: String, CaseIterable, ExpressibleByArgument { case targets, catalog, quick, generalization }

    @Option(help: "The suite: \(Suite.allCases.map(\.rawValue).joined(separator: ", ")).")
    var suite: Suite = .targets

    @Option(parsing: .unconditional, help: "Wall-time budget per run in seconds (default: each problem's own).")
    var budget: Double?

    @Option(parsing: .upToNextOption, help: "Methods to run (default: the suite's).")
    var methods: [Method] = []

    @Option(parsing: .upToNextOption, help: "Only these problems of the suite (by id, e.g. heat1d).")
    var problems: [String] = []

    @Option(parsing: .upToNextOption, help: "Reuse these methods' finished runs in the work directory (same budget) instead of running them again; others run.")
    var reuse: [Method] = []

    @Option(help: "Where to write the results (Markdown; default bench/GENERALIZATION.md for that suite, else bench/RESULTS.md).")
    var output: String?

    @Option(help: "Directory for the runs' output folders.")
    var work: String = "out/bench"

    @Option(parsing: .unconditional, help: "OPENBLAS_NUM_THREADS for every run.")
    var threads: Int = 2

    @OptionGroup var memory: MemoryBudgetOption

    func validate() throws {
        try OptionBounds.seconds(budget, "--budget")
        try OptionBounds.threads(threads)
    }

    func run() throws {
        try reportingErrors {
            let output = output ?? (suite == .generalization ? "bench/GENERALIZATION.md" : "bench/RESULTS.md")
            let all = try BenchSuite.entries(suite)
            let entries = problems.isEmpty ? all : all.filter { problems.contains($0.id) }
            guard !entries.isEmpty else {
                throw UserError("no problem of the \(suite.rawValue) suite is named \(problems); ids: \(all.map(\.id).joined(separator: ", "))")
            }
            try OutputDirectory.prepare(work)
            var results: [BenchResult] = []
            for entry in entries {
                guard FileManager.default.fileExists(atPath: entry.file) else {
                    throw UserError("\(entry.file) not found; run bench from the repository root")
                }
                for method in methods.isEmpty ? entry.methods : methods {
                    let seconds = budget ?? entry.budget(method)
                    say("bench: \(entry.id) with \(method.rawValue), " + (seconds > 0 ? "\(Int(seconds)) s …" : "the file's time limit …"))
                    let done = FileManager.default.fileExists(atPath: (BenchRunner.directory(entry: entry, method: method, work: work)
                        as NSString).appendingPathComponent("summary.json"))
                    let r = try reuse.contains(method) && done
                        ? BenchRunner.read(entry: entry, method: method, budget: seconds, work: work)
                        : BenchRunner.run(entry: entry, method: method, budget: seconds, work: work, threads: threads,
                                          memoryBudget: memory.memoryBudget)
                    say("  " + r.line)
                    results.append(r)
                }
            }
            let text = BenchReport.markdown(suite: suite, entries: entries, results: results, threads: threads,
                                            command: CommandLine.arguments.dropFirst().joined(separator: " "))
            try AtomicFileWriter.write(text, to: output)
            say("wrote \(output)")
        }
    }
}

/// One problem of a suite, with its budget and the targets to check.
struct BenchEntry {
    var id: String
    var file: String
    var methods: [Method]
    var svenBudget: Double
    var baselineBudget: Double
    /// (rel L2 level, within seconds) the issue asks for.
    var targets: [(level: Double, seconds: Double)] = []

    func budget(_ m: Method) -> Double { m == .sven ? svenBudget : baselineBudget }
}

enum BenchSuite {
    static let baselines: [Method] = [.sven, .lm, .adam, .lbfgs, .adamLbfgs]

    static func entries(_ suite: Bench.Suite) throws -> [BenchEntry] {
        switch suite {
        case .targets:
            return [
                BenchEntry(id: "poisson2d", file: "problems/poisson.toml", methods: baselines, svenBudget: 30, baselineBudget: 30,
                           targets: [(1e-7, 30)]),
                BenchEntry(id: "poisson2d 2-32-32-1", file: "bench/problems/poisson-32x32.toml", methods: baselines,
                           svenBudget: 30, baselineBudget: 30, targets: [(1e-6, 3), (1e-9, 30)]),
                BenchEntry(id: "heat1d", file: "problems/heat.toml", methods: baselines, svenBudget: 60, baselineBudget: 60,
                           targets: [(1e-7, 60)]),
                BenchEntry(id: "poisson5d", file: "problems/poisson5d.toml", methods: baselines, svenBudget: 300, baselineBudget: 100,
                           targets: [(1e-6, 300)]),
                BenchEntry(id: "poisson2d-deep", file: "problems/poisson-deep.toml", methods: baselines, svenBudget: 300,
                           baselineBudget: 100, targets: [(1e-6, 300)]),
            ]
        case .catalog:
            return ["poisson", "poisson-hard", "poisson-deep", "heat", "poisson5d", "helmholtz", "burgers", "allen-cahn"].map {
                BenchEntry(id: $0, file: "problems/\($0).toml", methods: [.sven], svenBudget: 0, baselineBudget: 0)   // 0: the file's time_limit
            }
        case .generalization:
            return try generalization()
        case .quick:
            return [BenchEntry(id: "poisson2d (quick)", file: "problems/poisson.toml", methods: [.sven, .adam],
                               svenBudget: 5, baselineBudget: 5)]
        }
    }

    /// The folder of the generalization suite (issue 14): problem files nobody tunes.
    static let generalizationFolder = "bench/problems/generalization"

    /// Every `.toml` of `generalizationFolder`, by name; sven and lm-nielsen at each file's time
    /// limit. A linear file (all but the ones whose name says `nonlinear`) carries the
    /// target rel L2 ≤ 1e-6 within 120 s.
    static func generalization() throws -> [BenchEntry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: generalizationFolder) else {
            throw UserError("\(generalizationFolder) not found; run bench from the repository root")
        }
        return names.filter { $0.hasSuffix(".toml") }.sorted().map { name in
            let id = String(name.dropLast(5))
            return BenchEntry(id: id, file: "\(generalizationFolder)/\(name)", methods: [.sven, .lmNielsen], svenBudget: 0,
                              baselineBudget: 0, targets: id.contains("nonlinear") ? [] : [(1e-6, 120)])
        }
    }
}
