import Foundation
import SolutionIO
import Testing


private let sine = "u = \"sin(pi*x)*sin(pi*y)\""

/// summary.json is always written, with null and a note for a number that is
/// not finite, and the exit status says whether the result can be used.
@Suite("svenpde reliability: summaries and exit statuses", .serialized)
struct SummaryAndExitStatusTests {
    @Test func anExactSolutionOfZeroGivesNullWithANoteAndExit3() throws {
        let dir = try CLI.scratch(), out = dir.appendingPathComponent("o")
        let r = try CLI.run(["solve", try problem(dir) { $0.replacingOccurrences(of: sine, with: "u = \"0\"") }.path,
                             "-o", out.path, "-q"])
        #expect(r.status == 3, "stderr: \(r.stderr)")
        #expect(r.stderr.hasPrefix("warning: not finite, written as null") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        let s = try json(out.appendingPathComponent("summary.json"))
        #expect(s["rel_l2_exact"] is NSNull)
        #expect((s["rel_l2_exact_note"] as? String)?.contains("exact solution is zero on the grid") == true)
        #expect(s["rel_l2_reference"] is Double && s["rel_l2_reference_note"] == nil)
        let field = try #require((s["per_field"] as? [[String: Any]])?.first)
        #expect(field["max_abs_exact"] is Double && field["rel_l2_exact"] is NSNull && field["rel_l2_exact_note"] is String)
        #expect(s["exit_status"] as? Int == 3)
        #expect(exists(out.appendingPathComponent("u.npy")))
    }

    @Test func aNaNExactSolutionIsNamedInTheNote() throws {
        let dir = try CLI.scratch(), out = dir.appendingPathComponent("o")
        let r = try CLI.run(["solve", try problem(dir) { $0.replacingOccurrences(of: sine, with: "u = \"sqrt(-1)\"") }.path,
                             "-o", out.path, "-q"])
        #expect(r.status == 3, "stderr: \(r.stderr)")
        let s = try json(out.appendingPathComponent("summary.json"))
        #expect(s["rel_l2_exact"] is NSNull)
        #expect(s["rel_l2_exact_note"] as? String == "the exact solution is not finite at 441 of 441 grid points")
    }

    @Test func residualsNotFiniteAtTheStartNameTheTermAndExit2() throws {
        let dir = try CLI.scratch(), out = dir.appendingPathComponent("o")
        let file = try problem(dir) {
            $0.replacingOccurrences(of: "source = \"2*pi^2*sin(pi*x)*sin(pi*y)\"", with: "source = \"log(0*x)\"")
                .components(separatedBy: "[reference]")[0]          // its solver would refuse the source first
        }
        let r = try CLI.run(["solve", file.path, "-o", out.path, "-q"])
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("nothing usable") && r.stderr.contains("term pde: 144 of 144 residuals are not finite")
                && !r.stderr.contains("term boundary"), "\(r.stderr)")
        let s = try json(out.appendingPathComponent("summary.json"))
        #expect(s["exit_status"] as? Int == 2 && s["initial_loss"] is NSNull)
        #expect((s["initial_loss_note"] as? String)?.contains("term pde") == true)
        let c = try CLI.run(["check", file.path])
        #expect(c.status == 2 && c.stderr.contains("term pde: 144 of 144 residuals are not finite"), "\(c.stderr)")
        #expect(!c.stderr.contains("Jacobian check failed"))
    }

    @Test func aFitThatCannotStartExits2WithItsSummary() throws {
        let dir = try CLI.scratch()
        try "x,y\n0,1\n1,2\n2,3\n".write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        func fit(_ start: String, certified: String = "") throws -> (CLI.Result, [String: Any]?) {
            let toml = "name = \"f\"\n[model]\nprediction = \"a*exp(b*x)\"\nparameters = [\"a\", \"b\"]\nstart = \(start)\n"
                + "[data]\nfile = \"d.csv\"\n" + certified
            try toml.write(to: dir.appendingPathComponent("f.toml"), atomically: true, encoding: .utf8)
            let r = try CLI.run(["fit", "f.toml", "-o", "o", "-q"], cwd: dir)
            return (r, try? json(dir.appendingPathComponent("o/summary.json")))
        }
        let (r, s) = try fit("[1, 1000]")            // exp(1000·2) = ∞: the residuals are not finite
        #expect(r.status == 2 && r.stderr.contains("the fit failed"), "\(r.stderr)")
        #expect(s?["residual_sum_of_squares"] is NSNull && s?["residual_sum_of_squares_note"] is String)
        // A certified value of 0: its log relative error is undefined, the fit is fine.
        let (c, t) = try fit("[1, 0.5]", certified: "[certified]\na = 1\nb = 0\n")
        #expect(c.status == 3, "\(c.stderr)")
        let lre = try #require(t?["log_relative_error"] as? [String: Any])
        #expect(lre["a"] is Double && lre["b"] is NSNull && (lre["b_note"] as? String)?.contains("certified value is 0") == true)
        #expect(t?["residual_sum_of_squares"] is Double)
    }

    @Test func compareAndReferenceSayWhenTheirNumbersAreNotFinite() throws {
        let dir = try CLI.scratch()
        // No [reference]: the grid is 101 × 101 and the exact solution is the truth.
        let zero = try problem(dir, "zero.toml") {
            $0.replacingOccurrences(of: sine, with: "u = \"0\"").components(separatedBy: "[reference]")[0]
        }
        let u = dir.appendingPathComponent("u.npy")
        try NPY.write((0..<(101 * 101)).map { Double($0 % 7) }, shape: [101, 101], to: u.path)
        let c = try CLI.run(["compare", zero.path, u.path])
        #expect(c.status == 3, "\(c.stderr)")
        #expect(c.stderr.contains("rel L2 is not finite: the exact is zero on the grid"), "\(c.stderr)")
        let nan = try problem(dir, "nan.toml") {
            $0.replacingOccurrences(of: sine, with: "u = \"sqrt(-1)\"").components(separatedBy: "[reference]")[0]
        }
        let r = try CLI.run(["reference", nan.path, "-o", dir.appendingPathComponent("ref").path])
        #expect(r.status == 2 && r.stderr.contains("is not finite at 10201 of 10201 grid points"), "\(r.stderr)")
    }

    @Test(arguments: [["solve", "x.toml", "--max-steps", "-1"], ["solve"], ["solve", "x.toml", "--threads", "0"],
                      ["fit", "x.toml", "--max-steps", "-3"], ["check", "x.toml", "--parameters", "0"], ["nosuchcommand"]])
    func usageErrorsExit1(_ arguments: [String]) throws {
        let r = try CLI.run(arguments)
        #expect(r.status == 1, "\(arguments): \(r.status) \(r.stderr)")
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    @Test func helpStillExits0() throws {
        #expect(try CLI.run(["solve", "--help"]).status == 0)
        #expect(try CLI.run(["--help"]).status == 0)
    }
}
