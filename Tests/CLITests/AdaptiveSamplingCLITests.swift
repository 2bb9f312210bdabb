import Testing
import Foundation

/// The tiny Poisson problem with Sobol points redrawn by the residual every 3 steps.
private let radProblem = tinyProblem
    .replacingOccurrences(of: "points = \"grid\"\ncount = [12, 12]",
                          with: "points = \"sobol\"\ncount = 144\nresample_every = 3\nsampling = \"rad\"\ncandidates = 1000")

@Suite("svenpde solve with [pde] sampling = \"rad\"", .serialized)
struct AdaptiveSamplingCLITests {
    private func write(_ text: String, in dir: URL) throws -> URL {
        let file = dir.appendingPathComponent("rad.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The redrawn points depend on θ at the redraw, so the checkpoint carries them:
    /// a resumed run ends where the uninterrupted one does.
    @Test func resumeRedrawsTheSamePoints() throws {
        #expect(radProblem.contains("sampling = \"rad\""))
        let dir = try CLI.scratch(), file = try write(radProblem, in: dir)
        let whole = dir.appendingPathComponent("whole"), parts = dir.appendingPathComponent("parts")
        #expect(try CLI.run(["solve", file.path, "--max-steps", "20", "-o", whole.path, "-q"]).status == 0)
        #expect(try CLI.run(["solve", file.path, "--max-steps", "10", "--checkpoint-every", "4", "-o", parts.path, "-q"]).status == 0)
        let checkpoint = try String(contentsOf: parts.appendingPathComponent("checkpoint.json"), encoding: .utf8)
        #expect(checkpoint.contains("\"interiorPoints\""))
        let r = try CLI.run(["solve", file.path, "--max-steps", "20", "--resume", parts.path, "-q"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let a = try Data(contentsOf: whole.appendingPathComponent("u.npy")), b = try Data(contentsOf: parts.appendingPathComponent("u.npy"))
        #expect(a == b)
    }

    @Test func aCheckpointWithoutThePointsIsRefusedInOneLine() throws {
        let dir = try CLI.scratch(), file = try write(radProblem, in: dir)
        let run = dir.appendingPathComponent("run")
        #expect(try CLI.run(["solve", file.path, "--max-steps", "7", "--checkpoint-every", "7", "-o", run.path, "-q"]).status == 0)
        let path = run.appendingPathComponent("checkpoint.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
        json["interiorPoints"] = nil
        try JSONSerialization.data(withJSONObject: json).write(to: path)
        let r = try CLI.run(["solve", file.path, "--max-steps", "9", "--resume", run.path, "-q"])
        #expect(r.status == 1 && r.stderr.contains("has no interiorPoints"), "\(r.stderr)")
        #expect(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
    }

    @Test func badSamplingKeyIsOneLineNamingTheField() throws {
        let dir = try CLI.scratch()
        let file = try write(radProblem.replacingOccurrences(of: "candidates = 1000", with: "candidates = 5"), in: dir)
        let r = try CLI.run(["solve", file.path, "-q"])
        #expect(r.status == 1 && r.stderr.contains("pde.candidates: must be between the point count 144"), "\(r.stderr)")
    }
}
