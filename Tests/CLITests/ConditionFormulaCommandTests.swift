import Foundation
import Testing

/// `svenpde solve` with `[unknowns]` read by the formulas of boundary conditions:
/// a Robin coefficient written in `alpha` and a Dirichlet amplitude written in
/// `value`, learned from observations of an exact solution; formulas that cannot
/// read unknowns are refused with one line.
@Suite("svenpde solve: unknowns in condition formulas", .serialized)
struct ConditionFormulaCommandTests {
    /// u = e^{−4t}(cos 2x + (a/2) sin 2x) solves u_t = u_xx, meets a·u − u_x = 0 at
    /// x = 0 (Robin with outward normal −e_x: α = a, β = 1) and u = A·e^{−4t} at
    /// x = 1 with A = cos 2 + (a/2) sin 2. Truth a = 0.5, A = −0.18882…; start a = 1, A = −0.5.
    static let truthA = cos(2.0) + 0.25 * sin(2.0)

    static func file(_ dir: URL, extra: String = "", steps: Int = 100) throws -> URL {
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
            a = { initial = 1.0, lower = 0 }
            A = -0.5
            [pde]
            equation = "u_t - u_xx = 0"
            points = "grid"
            count = [8, 8]
            [[boundary]]
            kind = "robin"
            on = ["x=0"]
            alpha = "a"
            beta = 1
            value = "0"
            points = "grid"
            count = 8
            [[boundary]]
            kind = "dirichlet"
            on = ["x=1"]
            value = "A*exp(-4*t)"
            points = "grid"
            count = 8
            [[initial]]
            value = "cos(2*x) + 0.25*sin(2*x)"
            points = "grid"
            count = 16
            [[data]]
            file = "obs.csv"
            \(extra)
            [network]
            hidden = [12]
            [solver]
            method = "lm"
            max_steps = \(steps)

            """
        let url = dir.appendingPathComponent("formulas.toml")
        try toml.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Measured here (debug build, 100 LM steps, ~1.5 s): a − 0.5 = −2.8e-4 ± 6.7e-4,
    /// A − A* = −8.9e-4 ± 1.5e-4. A zero or wrong column leaves a at 1 or A at −0.5.
    @Test func aRobinCoefficientInAlphaAndAnAmplitudeInValueAreLearned() throws {
        let dir = try CLI.scratch(), out = dir.appendingPathComponent("out")
        let r = try CLI.run(["solve", try Self.file(dir).path, "-o", out.path, "-q"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let summary = try json(out.appendingPathComponent("summary.json"))
        let u = try #require(summary["unknowns"] as? [String: Any])
        // J has 49 weight columns (2-12-1) and 2 unknown columns: the rank can reach 51.
        #expect(((summary["diagnosis"] as? [String: Any])?["evidence"] as? [String: Any])?["rank_ceiling"] as? Int == 51, "\(summary["diagnosis"] ?? "")")
        func estimate(_ name: String) throws -> (value: Double, se: Double) {
            let e = try #require(u[name] as? [String: Any])
            return (try #require(e["value"] as? Double), try #require(e["standard_error"] as? Double))
        }
        let a = try estimate("a"), A = try estimate("A")
        #expect(abs(a.value - 0.5) < 0.01, "a = \(a)")
        #expect(abs(A.value - Self.truthA) < 0.005, "A = \(A), truth \(Self.truthA)")
        #expect(a.se > 0 && a.se < 0.01 && A.se > 0 && A.se < 0.005, "standard errors \(a.se), \(A.se)")
        let history = try String(contentsOf: out.appendingPathComponent("unknowns.csv"), encoding: .utf8)
        #expect(history.hasPrefix("step,A,a\n0,-0.5,1.0\n") || history.hasPrefix("step,A,a\n0,-0.5,1\n"), "\(history.prefix(40))")
    }

    @Test(arguments: [
        ("[constraint]\ng = \"A*x\"\nd = \"x*(1 - x)\"", "formulas.toml:34:1: constraint.g", "reads the unknown \"A\" of [unknowns]; a hard constraint"),
        ("[constraint]\ng = \"0\"\nd = \"a*x\"", "formulas.toml:35:1: constraint.d", "reads the unknown \"a\" of [unknowns]; a hard constraint"),
        ("[exact]\nu = \"A*exp(-4*t)\"", "formulas.toml:34:1: exact.u", "reads the unknown \"A\" of [unknowns]; [exact] is the known solution"),
    ])
    func formulasThatCannotReadUnknownsAreOneLineErrors(_ extra: String, _ place: String, _ message: String) throws {
        let dir = try CLI.scratch()
        let file = try Self.file(dir, extra: extra)
        let r = try CLI.run(["solve", file.path, "-o", dir.appendingPathComponent("o").path])
        let line = try #require(r.stderr.split(separator: "\n").first.map(String.init))
        #expect(r.status == 1 && r.stderr.split(separator: "\n").count == 1, "stderr: \(r.stderr)")
        // file:line:column: field: message
        #expect(line.contains(place + ": " + message), "stderr: \(r.stderr)")
    }

    @Test func aPoissonSourceThatReadsAnUnknownIsRefusedWithTheEquationForm() throws {
        let dir = try CLI.scratch()
        let text = try String(contentsOf: try Self.file(dir), encoding: .utf8)
            .replacingOccurrences(of: "equation = \"u_t - u_xx = 0\"", with: "operator = \"poisson\"\nsource = \"a*x\"")
        try text.write(to: dir.appendingPathComponent("p.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["solve", dir.appendingPathComponent("p.toml").path, "-o", dir.appendingPathComponent("o").path])
        #expect(r.status == 1 && r.stderr.split(separator: "\n").count == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("p.toml:11:1: pde.source: reads the unknown \"a\" of [unknowns]")
                && r.stderr.contains("equation = \"-lap(u) = …\""), "stderr: \(r.stderr)")
    }

    /// `[reference] method = "auto"` with `[unknowns]` used to stop on a precondition
    /// (the equation's linear form evaluated without the unknowns); now no reference applies.
    @Test func anAutomaticReferenceDeclinesAProblemWithUnknowns() throws {
        let dir = try CLI.scratch(), out = dir.appendingPathComponent("out")
        let r = try CLI.run(["solve", try Self.file(dir, extra: "[reference]\nmethod = \"auto\"", steps: 2).path,
                             "-o", out.path, "-q"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let reference = try #require(try json(out.appendingPathComponent("summary.json"))["reference"] as? [String: Any])
        #expect(reference["method"] as? String == "none"
                && (reference["reason"] as? String ?? "").contains("depends on [unknowns]"), "\(reference)")
    }
}
