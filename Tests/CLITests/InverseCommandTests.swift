import Foundation
import Testing

/// `svenpde solve` on a problem with `[unknowns]`: a small heat problem whose
/// diffusivity κ = 0.25 is learned from exact observations.
@Suite("svenpde solve with [unknowns]", .serialized)
struct InverseCommandTests {
    static func file(_ dir: URL, unknowns: String = "kappa = { initial = 0.1, lower = 0 }", steps: Int = 12) throws -> URL {
        var csv = "x,t,u\n"
        for k in 0..<60 {
            let x = (Double(k * 37 % 60) + 0.5) / 60, t = (Double(k) + 0.5) / 60
            csv += "\(x),\(t),\(exp(-0.25 * Double.pi * Double.pi * t) * sin(Double.pi * x))\n"
        }
        try csv.write(to: dir.appendingPathComponent("obs.csv"), atomically: true, encoding: .utf8)
        let toml = """
            name = "tiny-inverse"
            [domain]
            lower = [0, 0]
            upper = [1, 1]
            variables = ["x", "t"]
            time = "t"
            [unknowns]
            \(unknowns)
            [pde]
            equation = "u_t - kappa*u_xx = 0"
            points = "grid"
            count = [8, 8]
            [[boundary]]
            kind = "dirichlet"
            on = ["x=0", "x=1"]
            value = "0"
            points = "grid"
            count = 16
            [[initial]]
            kind = "value"
            value = "sin(pi*x)"
            points = "grid"
            count = 16
            [[data]]
            file = "obs.csv"
            [network]
            hidden = [8]
            [solver]
            method = "lm"
            max_steps = \(steps)

            """
        let url = dir.appendingPathComponent("inverse.toml")
        try toml.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func theUnknownIsReportedWithItsStandardErrorAndHistory() throws {
        let dir = try CLI.scratch(), out = dir.appendingPathComponent("out")
        let r = try CLI.run(["solve", try Self.file(dir, steps: 40).path, "-o", out.path, "--report-every", "10"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("  kappa 0.") && r.stdout.contains("unknowns: kappa = "), "\(r.stdout)")
        let s = try json(out.appendingPathComponent("summary.json"))
        let u = try #require(s["unknowns"] as? [String: Any])
        let kappa = try #require(u["kappa"] as? [String: Any])
        let value = try #require(kappa["value"] as? Double), se = try #require(kappa["standard_error"] as? Double)
        #expect(abs(value - 0.25) < 0.02 && se > 0, "κ = \(value) ± \(se)")
        #expect(kappa["initial"] as? Double == 0.1 && kappa["lower"] as? Double == 0)
        #expect((u["degrees_of_freedom"] as? Int ?? 0) > 0 && (u["rank"] as? Int ?? 0) > 0)
        let history = try String(contentsOf: out.appendingPathComponent("unknowns.csv"), encoding: .utf8).split(separator: "\n")
        #expect(history.first == "step,kappa" && history[1] == "0,0.1" && history.count == 2 + (s["steps"] as? Int ?? -1))
        #expect((s["files"] as? [String] ?? []).contains("unknowns.csv"))
    }

    /// A Robin coefficient is learned by writing its condition as kind "equation"
    /// (docs/problem-files.md, [unknowns]): u = e^{−k²t}(cos kx + (a/k) sin kx) solves
    /// u_t = u_xx with a·u − u_x = 0 at x = 0; a = 0.5 is learned from 60 observations.
    @Test func aRobinCoefficientIsLearnedThroughAnEquationCondition() throws {
        let dir = try CLI.scratch(), out = dir.appendingPathComponent("out")
        var csv = "x,t,u\n"
        for k in 0..<60 {
            let x = (Double(k * 37 % 60) + 0.5) / 60, t = (Double(k) + 0.5) / 120
            csv += "\(x),\(t),\(exp(-4 * t) * (cos(2 * x) + 0.25 * sin(2 * x)))\n"
        }
        try csv.write(to: dir.appendingPathComponent("obs.csv"), atomically: true, encoding: .utf8)
        let toml = """
            [domain]
            lower = [0, 0]
            upper = [1, 0.5]
            variables = ["x", "t"]
            time = "t"
            [unknowns]
            a = 1.0
            [pde]
            equation = "u_t - u_xx = 0"
            points = "grid"
            count = [8, 8]
            [[boundary]]
            kind = "equation"
            on = ["x=0"]
            equation = "a*u - u_x = 0"
            points = "grid"
            count = 8
            [[boundary]]
            kind = "dirichlet"
            on = ["x=1"]
            value = "exp(-4*t)*(cos(2) + 0.25*sin(2))"
            points = "grid"
            count = 8
            [[initial]]
            value = "cos(2*x) + 0.25*sin(2*x)"
            points = "grid"
            count = 16
            [[data]]
            file = "obs.csv"
            [network]
            hidden = [8]
            [solver]
            method = "lm"
            max_steps = 40

            """
        try toml.write(to: dir.appendingPathComponent("robin.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["solve", dir.appendingPathComponent("robin.toml").path, "-o", out.path, "-q"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let a = try #require(((try json(out.appendingPathComponent("summary.json"))["unknowns"] as? [String: Any])?["a"]
                              as? [String: Any])?["value"] as? Double)
        #expect(abs(a - 0.5) < 0.03, "a = \(a)")
    }

    /// The checkpoint carries the unknowns: a resumed run ends where the uninterrupted one does.
    @Test func aResumedRunCarriesTheUnknowns() throws {
        let dir = try CLI.scratch(), file = try Self.file(dir, steps: 12)
        let whole = dir.appendingPathComponent("whole"), parts = dir.appendingPathComponent("parts")
        #expect(try CLI.run(["solve", file.path, "-o", whole.path, "-q"]).status == 0)
        #expect(try CLI.run(["solve", file.path, "--max-steps", "7", "--checkpoint-every", "3", "-o", parts.path, "-q"]).status == 0)
        let r = try CLI.run(["solve", file.path, "--resume", parts.path, "-q"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        func kappa(_ d: URL) throws -> Double? {
            ((try json(d.appendingPathComponent("summary.json"))["unknowns"] as? [String: Any])?["kappa"] as? [String: Any])?["value"] as? Double
        }
        #expect(try kappa(whole) != nil && kappa(whole) == kappa(parts))
        #expect(try Data(contentsOf: whole.appendingPathComponent("unknowns.csv")) == Data(contentsOf: parts.appendingPathComponent("unknowns.csv")))
    }

    @Test(arguments: [
        ("kappa = { initial = 0.1, lower = 0.2 }", "unknowns.kappa", "must be above the lower bound"),
        ("kappa = { initial = 0.1, low = 0 }", "unknowns.kappa.low", "unknown key"),
        ("kappa = { lower = 0 }", "unknowns.kappa.initial", "missing"),
        ("kappa = \"0.1\"", "unknowns.kappa", "expected"),
        ("x = 0.1", "unknowns.x", "already names a field or variable"),
    ])
    func badUnknownsAreOneLineErrors(_ table: String, _ field: String, _ message: String) throws {
        let dir = try CLI.scratch()
        let r = try CLI.run(["solve", try Self.file(dir, unknowns: table).path, "-o", dir.appendingPathComponent("o").path])
        #expect(r.status == 1 && r.stderr.contains(field) && r.stderr.contains(message) && !r.stderr.contains("Fatal"),
                "stderr: \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "stderr: \(r.stderr)")
    }
}
