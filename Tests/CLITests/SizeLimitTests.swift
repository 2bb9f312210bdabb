import Testing
import Foundation

/// Sizes derived from input are checked against the memory they need before
/// anything is allocated (issue 13): each case once aborted the process (exit ≥ 128)
/// or was accepted by `check` and refused by `solve`; now each is one line naming
/// the field, exit status 1.
/// The checkout's root (Tests/CLITests/ is two levels below it).
private let checkoutRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

@Suite("svenpde size limits and the memory budget", .serialized)
struct SizeLimitTests {
    /// A 5D Poisson problem like problems/poisson5d.toml, small enough to start quickly.
    static func poisson5D(reference: String) -> String {
        """
        name = "p5"
        [domain]
        lower = [0, 0, 0, 0, 0]
        upper = [1, 1, 1, 1, 1]
        [pde]
        equation = "-lap(u) = pi^2*(cos(pi*x) + cos(pi*y) + cos(pi*z) + cos(pi*w) + cos(pi*v))"
        points = "sobol"
        count = 40
        [[boundary]]
        value = "cos(pi*x) + cos(pi*y) + cos(pi*z) + cos(pi*w) + cos(pi*v)"
        points = "sobol"
        count = 20
        [exact]
        u = "cos(pi*x) + cos(pi*y) + cos(pi*z) + cos(pi*w) + cos(pi*v)"
        [network]
        hidden = [8]
        [solver]
        max_steps = 1
        \(reference)
        """
    }

    /// Writes `text` as a problem file in a fresh directory and runs `arguments` + [file].
    func run(_ text: String, _ arguments: [String], extra: [String] = []) throws -> CLI.Result {
        let dir = try CLI.scratch()
        let file = dir.appendingPathComponent("p.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        var args = arguments + [file.path] + extra
        if arguments.first == "solve" { args += ["--quiet", "-o", dir.appendingPathComponent("out").path] }
        return try CLI.run(args)
    }

    /// Exit status 1 and exactly one line on standard error, naming `field`.
    func expectRefusal(_ r: CLI.Result, field: String?, _ more: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 1, "status \(r.status), stderr: \(r.stderr)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains(field.map { ": \($0): " } ?? ": "), "stderr: \(r.stderr)",
                sourceLocation: sourceLocation)
        if let more { #expect(r.stderr.contains(more), "stderr: \(r.stderr)", sourceLocation: sourceLocation) }
    }

    // MARK: - Evaluation grid: one choice for check and solve

    @Test func catalogPoisson5DChecksWithItsOwnGrid() throws {
        let r = try CLI.run(["check", checkoutRoot.appendingPathComponent("problems/poisson5d.toml").path, "--parameters", "4"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("memory: ~"))
    }

    @Test func fiveDimensionsWithoutReferenceUseASmallDefaultGrid() throws {
        let text = Self.poisson5D(reference: "")
        let check = try run(text, ["check"], extra: ["--parameters", "4"])
        #expect(check.status == 0, "stderr: \(check.stderr)")
        let dir = try CLI.scratch()
        let file = dir.appendingPathComponent("p.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let solve = try CLI.run(["solve", file.path, "--max-steps", "0", "--quiet", "-o", out.path])
        #expect(solve.status == 0, "stderr: \(solve.stderr)")
        // u.npy holds the evaluation grid: 9 points per axis in 5D (9⁵ = 59 049 ≤ 10⁵).
        let npy = try Data(contentsOf: out.appendingPathComponent("u.npy"))
        #expect(String(decoding: npy.prefix(128), as: UTF8.self).contains("(9, 9, 9, 9, 9)"))
    }

    // MARK: - Sizes that overflowed or could not be allocated

    @Test func fiveDimensionalGridCountThatOverflowsIsRefused() throws {
        let text = Self.poisson5D(reference: "").replacingOccurrences(of: "points = \"sobol\"\ncount = 40",
                                                                       with: "points = \"grid\"\ncount = 10000000")
        expectRefusal(try run(text, ["check"]), field: "pde.count", "more points than an Int can count")
    }

    @Test func gridOf4097SquaredIsRefused() throws {
        let text = tinyProblem.replacingOccurrences(of: "count = [12, 12]", with: "count = [4097, 4097]")
        expectRefusal(try run(text, ["check"]), field: "pde.count", "16785409 points")
        expectRefusal(try run(text, ["solve"]), field: "pde.count", "16785409 points")
    }

    @Test func hugeHiddenLayerIsRefusedByTheBudget() throws {
        let text = tinyProblem.replacingOccurrences(of: "hidden = [16]", with: "hidden = [100000, 100000]")
        expectRefusal(try run(text, ["check"]), field: "network.hidden", "more than the memory budget")
        expectRefusal(try run(text, ["solve"]), field: "network.hidden", "more than the memory budget")
    }

    @Test func hugeFourierEmbeddingIsRefusedByTheBudget() throws {
        // The catalog's 64-wide layer after 2·10⁵ features: 12.8 million parameters, J alone 20 GB.
        let text = tinyProblem.replacingOccurrences(of: "hidden = [16]", with: "hidden = [64]\nfourier_features = 100000")
        expectRefusal(try run(text, ["check"]), field: "network.fourier_features", "more than the memory budget")
    }

    @Test func evaluationGridOf4097CubedIsRefused() throws {
        let text = """
            name = "cube"
            [domain]
            lower = [0, 0, 0]
            upper = [1, 1, 1]
            [pde]
            equation = "-lap(u) = 3*pi^2*sin(pi*x)*sin(pi*y)*sin(pi*z)"
            points = "sobol"
            count = 30
            [[boundary]]
            value = "0"
            points = "sobol"
            count = 30
            [network]
            hidden = [8]
            [reference]
            method = "exact"
            grid = 4097
            """ + "\n[exact]\nu = \"sin(pi*x)*sin(pi*y)*sin(pi*z)\"\n"
        for command in ["check", "solve", "reference", "compare"] {
            let extra = command == "compare" ? ["/nonexistent.npy"] : []
            expectRefusal(try run(text, [command], extra: extra), field: "reference.grid", "TB")
        }
    }

    @Test func dstReferenceWithHugeNIsRefusedBeforeItRuns() throws {
        let text = tinyProblem.replacingOccurrences(of: "n = 31", with: "method = \"dst\"\nn = 65535")
        expectRefusal(try run(text, ["check"]), field: "reference.n", "more than the memory budget")
        expectRefusal(try run(text, ["reference"]), field: "reference.n", "more than the memory budget")
    }

    @Test func manyDataRowsAreRefusedUnderTheBudget() throws {
        let dir = try CLI.scratch()
        var csv = "x,y,u\n"
        for i in 0..<20_000 { csv += "\(Double(i % 200) / 200),\(Double(i / 200) / 100),0\n" }
        try csv.write(to: dir.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent("p.toml")
        try tinyProblem.replacingOccurrences(of: "[exact]", with: "[[data]]\nfile = \"rows.csv\"\n[exact]")
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", file.path, "--memory-budget", "0.05"])
        expectRefusal(r, field: "data[0].file", "more than the memory budget 51 MiB (--memory-budget)")
        #expect(try CLI.run(["check", file.path, "--memory-budget", "4", "--parameters", "2"]).status == 0)
    }

    @Test func theBudgetFlagIsHonouredAndNamedInTheMessage() throws {
        expectRefusal(try run(tinyProblem, ["solve"], extra: ["--memory-budget", "0.001"]), field: nil,
                      "more than the memory budget 1 MiB (--memory-budget)")
        #expect(try run(tinyProblem, ["check"], extra: ["--memory-budget", "1"]).status == 0)
    }

    /// A 6000-wide layer between 2 inputs and 1 output has small weight matrices, so
    /// its products were fused point block by point block — and one point overran the
    /// 4096-value block: a wrong Jacobian (row-relative error 1.0), then heap corruption.
    @Test func aLayerWiderThanAFusedBlockHasARightJacobian() throws {
        let text = tinyProblem.replacingOccurrences(of: "hidden = [16]", with: "hidden = [6000]")
        let r = try run(text, ["check"], extra: ["--parameters", "16"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("Jacobian check (16 of 24001 parameters"))
    }

    // MARK: - check validates what solve does

    @Test func checkRejectsADSTReferenceThatSolveRejects() throws {
        let dst = tinyProblem.replacingOccurrences(of: "n = 31", with: "method = \"dst\"\nn = 31")
        #expect(try run(dst, ["check"], extra: ["--parameters", "2"]).status == 0)
        let badN = dst.replacingOccurrences(of: "n = 31", with: "n = 100")
        expectRefusal(try run(badN, ["check"]), field: "reference.n", "power of two")
        let notZero = dst.replacingOccurrences(of: "value = \"0\"", with: "value = \"x\"")
        expectRefusal(try run(notZero, ["check"]), field: "reference.method", "\"dst\" needs")
        expectRefusal(try run(notZero, ["solve"]), field: "reference.method", "\"dst\" needs")
    }

    @Test func checkHonoursTheMethodSolveWouldUse() throws {
        // 192 rows, 40 001 parameters: Sven with k = 4 sketches 14 columns of J; LM factors all of J
        // (four more copies of its size), which passes a budget Sven's step fits in.
        let text = tinyProblem.replacingOccurrences(of: "hidden = [16]", with: "hidden = [10000]")
            .replacingOccurrences(of: "max_steps = 150", with: "max_steps = 150\nk = 4")
        let sven = try run(text, ["check"], extra: ["--memory-budget", "0.45", "--parameters", "2", "--tolerance", "1e-4"])
        #expect(sven.status == 0, "stderr: \(sven.stderr)")
        expectRefusal(try run(text, ["check"], extra: ["--memory-budget", "0.45", "--method", "lm"]),
                      field: "network.hidden", "SVD workspace")
    }
}

/// Every numeric option of every subcommand refuses negative, zero, non-finite and
/// absurd values with one line naming the option, exit status 1 (issue 13: `--max-steps
/// -1` said "Missing value", `--threads 100000` was accepted).
@Suite("svenpde numeric options")
struct NumericOptionTests {
    @Test(arguments: [
        (["solve", "x.toml", "--max-steps", "-1"], "--max-steps must be a non-negative integer, got -1"),
        (["solve", "x.toml", "--threads", "100000"], "--threads must be an integer from 1 to"),
        (["solve", "x.toml", "--threads", "0"], "--threads must be an integer from 1 to"),
        (["solve", "x.toml", "--time-limit", "-5"], "--time-limit must be a number of seconds in (0, 1e9]"),
        (["solve", "x.toml", "--time-limit", "nan"], "--time-limit must be a number of seconds in (0, 1e9]"),
        (["solve", "x.toml", "--measure-seconds", "inf"], "--measure-seconds must be a number of seconds"),
        (["solve", "x.toml", "--checkpoint-every", "0"], "--checkpoint-every must be a positive integer, got 0"),
        (["solve", "x.toml", "--report-every", "-3"], "--report-every must be a positive integer, got -3"),
        (["solve", "x.toml", "--measure-every", "0"], "--measure-every must be a positive integer"),
        (["solve", "x.toml", "--memory-budget", "-1"], "--memory-budget must be a number of GiB"),
        (["check", "x.toml", "--memory-budget", "nan"], "--memory-budget must be a number of GiB"),
        (["check", "x.toml", "--parameters", "-4"], "--parameters must be a positive integer, got -4"),
        (["check", "x.toml", "--tolerance", "nan"], "--tolerance must be a finite number > 0"),
        (["reference", "x.toml", "--memory-budget", "0"], "--memory-budget must be a number of GiB"),
        (["compare", "x.toml", "u.npy", "--memory-budget", "1e30"], "--memory-budget must be a number of GiB"),
        (["fit", "x.toml", "--max-steps", "-2"], "--max-steps must be a non-negative integer, got -2"),
        (["bench", "--threads", "100000"], "--threads must be an integer from 1 to"),
        (["bench", "--budget", "-1"], "--budget must be a number of seconds"),
    ])
    func isRefusedInOneLine(arguments: [String], message: String) throws {
        let r = try CLI.run(arguments)
        #expect(r.status == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.hasPrefix("error: \(message)"), "stderr: \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "stderr: \(r.stderr)")
    }
}
