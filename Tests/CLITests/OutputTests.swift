import Testing
import Foundation
import SolutionIO

/// The tiny problem with a few steps, written into a fresh folder.
private func tinyFile(_ dir: URL, steps: Int = 30, extra: String = "") throws -> URL {
    let file = dir.appendingPathComponent("tiny.toml")
    try (tinyProblem.replacingOccurrences(of: "max_steps = 150", with: "max_steps = \(steps)") + extra)
        .write(to: file, atomically: true, encoding: .utf8)
    return file
}

@Suite("svenpde outputs, checkpoints and subcommands", .serialized)
struct OutputTests {
    @Test(arguments: ["solve", "check", "reference", "compare", "fit", "bench"])
    func everySubcommandHasHelpWithExamples(_ command: String) throws {
        let r = try CLI.run([command, "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Examples:") && r.stdout.contains("svenpde \(command)"), "\(r.stdout)")
    }

    @Test func methodChoicesAreListedInHelp() throws {
        let r = try CLI.run(["solve", "--help"])
        for m in ["sven", "sven-lm", "lm", "lm-nielsen", "gauss-newton", "adam", "lbfgs", "sgd", "adam-lbfgs"] { #expect(r.stdout.contains(m)) }
    }

    @Test func tinySolveWritesEveryOutputAndTheyReadBack() throws {
        let dir = try CLI.scratch(), out = dir.appendingPathComponent("o")
        let r = try CLI.run(["solve", try tinyFile(dir).path, "-o", out.path, "--measure-every", "5"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let summary = try json(out.appendingPathComponent("summary.json"))
        let files = try #require(summary["files"] as? [String])
        for name in ["history.csv", "u.npy", "reference.npy", "error.npy", "solution.csv", "solution.vti", "u.png",
                     "reference.png", "error.png", "error-log.png", "history.png"] {
            #expect(files.contains(name), "summary.json files lacks \(name)")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name) missing")
        }
        let u = try NPY.read(from: out.appendingPathComponent("u.npy").path)
        #expect(u.shape == [21, 21])
        let table = try CSVTable.read(from: out.appendingPathComponent("solution.csv").path)
        #expect(table.columnNames == ["x", "y", "u", "reference", "error"])
        #expect(table.column(named: "u") == u.values)
        let reference = try NPY.read(from: out.appendingPathComponent("reference.npy").path).values
        let error = try NPY.read(from: out.appendingPathComponent("error.npy").path).values
        for i in u.values.indices { #expect(error[i] == u.values[i] - reference[i]) }
        // history.csv: a header and one row per step, per-term losses on measured steps.
        let history = try String(contentsOf: out.appendingPathComponent("history.csv"), encoding: .utf8).split(separator: "\n")
        #expect(history.first == "step,time,loss,loss_pde,loss_boundary,rel_l2,rank,eta,lambda,sigma_max,sigma_min_kept")
        #expect(history.count == 1 + (summary["steps"] as! Int))
        #expect(history[5].split(separator: ",", omittingEmptySubsequences: false)[5].isEmpty == false)   // step 5 measured
        let png = try Data(contentsOf: out.appendingPathComponent("u.png"))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let vti = try String(contentsOf: out.appendingPathComponent("solution.vti"), encoding: .utf8)
        #expect(vti.contains("<VTKFile type=\"ImageData\"") && vti.contains("Name=\"u\"") && vti.contains("Name=\"error\""))
        #expect((summary["peak_memory_bytes"] as? Int ?? 0) > 1_000_000)
    }

    @Test(arguments: ["sven", "lm", "adam", "lbfgs"])
    func resumeGivesTheUninterruptedResultBitForBit(_ method: String) throws {
        let dir = try CLI.scratch(), file = try tinyFile(dir)
        let whole = dir.appendingPathComponent("whole"), parts = dir.appendingPathComponent("parts")
        #expect(try CLI.run(["solve", file.path, "--method", method, "--max-steps", "24", "-o", whole.path, "-q"]).status == 0)
        #expect(try CLI.run(["solve", file.path, "--method", method, "--max-steps", "10", "--checkpoint-every", "4",
                             "-o", parts.path, "-q"]).status == 0)
        let r = try CLI.run(["solve", file.path, "--method", method, "--max-steps", "24", "--resume", parts.path, "-q"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let a = try Data(contentsOf: whole.appendingPathComponent("u.npy")), b = try Data(contentsOf: parts.appendingPathComponent("u.npy"))
        #expect(a == b)
        #expect(try json(whole.appendingPathComponent("summary.json"))["final_loss"] as? Double
                == json(parts.appendingPathComponent("summary.json"))["final_loss"] as? Double)
    }

    @Test func checkpointOfAnotherShapeOrMethodIsRefused() throws {
        let dir = try CLI.scratch(), file = try tinyFile(dir, steps: 3)
        let run = dir.appendingPathComponent("run")
        #expect(try CLI.run(["solve", file.path, "--checkpoint-every", "1", "-o", run.path, "-q"]).status == 0)
        let wider = dir.appendingPathComponent("wide.toml")
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "hidden = [16]", with: "hidden = [17]")
            .write(to: wider, atomically: true, encoding: .utf8)
        let r = try CLI.run(["solve", wider.path, "--resume", run.path])
        #expect(r.status == 1 && r.stderr == "error: \(run.path)/checkpoint.json is for the network 2-16-1; this problem's network is 2-17-1\n")
        let m = try CLI.run(["solve", file.path, "--resume", run.path, "--method", "adam"])
        #expect(m.status == 1 && m.stderr.contains("was written by sven; resume it with --method sven"))
        let none = try CLI.run(["solve", file.path, "--resume", dir.path])
        #expect(none.status == 1 && none.stderr.contains("no checkpoint.json there"))
    }

    @Test func jsonProgressIsOneObjectPerLine() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run(["solve", try tinyFile(dir, steps: 20).path, "--json", "--report-every", "5", "-o", dir.appendingPathComponent("o").path])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 6)      // steps 1, 5, 10, 15, 20 and the result
        for l in lines { #expect((try? JSONSerialization.jsonObject(with: Data(l.utf8))) is [String: Any], "\(l)") }
        #expect(lines.last!.contains("\"termination\""))
    }

    @Test func checkValidatesAndChecksTheJacobian() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run(["check", try tinyFile(dir).path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("valid") && r.stdout.contains("Jacobian check (64 of 65 parameters"))
        let bad = try CLI.run(["check", try tinyFile(dir, extra: "[netwrk]\n").path])
        #expect(bad.status == 1 && bad.stderr.contains("did you mean \"network\""))
    }

    @Test func referenceAndCompareAgreeWithTheSolve() throws {
        let dir = try CLI.scratch(), file = try tinyFile(dir)
        let ref = dir.appendingPathComponent("ref"), out = dir.appendingPathComponent("o")
        let r = try CLI.run(["reference", file.path, "-o", ref.path])
        #expect(r.status == 0 && r.stdout.contains("spectral poisson solver (dirichlet × dirichlet)"), "\(r.stdout)\(r.stderr)")
        #expect(try NPY.read(from: ref.appendingPathComponent("reference.npy").path).shape == [21, 21])
        #expect(try CLI.run(["solve", file.path, "-o", out.path, "-q"]).status == 0)
        let c = try CLI.run(["compare", file.path, out.appendingPathComponent("u.npy").path])
        let summary = try json(out.appendingPathComponent("summary.json"))
        let rel = try #require(summary["rel_l2_reference"] as? Double)
        #expect(c.status == 0 && c.stdout.contains(String(format: "rel L2 %.3e", rel)), "\(c.stdout)")
        try NPY.write([1, 2, 3], shape: [3], to: dir.appendingPathComponent("short.npy").path)
        let wrong = try CLI.run(["compare", file.path, dir.appendingPathComponent("short.npy").path])
        #expect(wrong.status == 1 && wrong.stderr.contains("has shape [3]; the evaluation grid"))
    }

    @Test func aNaNInAPointDataFileIsOneLine() throws {
        let dir = try CLI.scratch()
        try "x,y,u\n0.5,0.5,1\n0.2,0.3,nan\n".write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["solve", try tinyFile(dir, extra: "[[data]]\nfile = \"d.csv\"\n").path, "-o", dir.appendingPathComponent("o").path])
        #expect(r.status == 1 && r.stderr.contains("data[0].file") && r.stderr.contains("line 3"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func benchQuickSuiteWritesItsTable() throws {
        let dir = try CLI.scratch(), md = dir.appendingPathComponent("r.md")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let r = try CLI.run(["bench", "--suite", "quick", "--budget", "1", "--output", md.path, "--work", dir.appendingPathComponent("w").path,
                             "--threads", "1"], cwd: root)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let text = try String(contentsOf: md, encoding: .utf8)
        #expect(text.contains("| sven | 1 s |") && text.contains("| adam | 1 s |") && text.contains("At equal wall time"))
    }
}
