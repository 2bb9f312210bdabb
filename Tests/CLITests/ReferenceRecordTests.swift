import Testing
import Foundation

/// summary.json records what the solution was compared with, also for --quiet runs,
/// and `solve` says when no reference applied and `[exact]` was used.
@Suite("svenpde solve: the reference recorded", .serialized)
struct ReferenceRecordTests {
    private func run(_ text: String, quiet: Bool = true) throws -> (stdout: String, reference: [String: Any]) {
        let dir = try CLI.scratch(), file = dir.appendingPathComponent("p.toml"), out = dir.appendingPathComponent("o")
        try text.replacingOccurrences(of: "max_steps = 150", with: "max_steps = 3").write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["solve", file.path, "-o", out.path] + (quiet ? ["--quiet"] : []))
        #expect(r.status == 0, "\(r.stderr)")
        let s = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        return (r.stdout, try #require(s["reference"] as? [String: Any]))
    }

    @Test func dstRecordsItsResolutionAndThatItMakesNoEstimate() throws {
        let (_, ref) = try run(tinyProblem.replacingOccurrences(of: "n = 31", with: "method = \"dst\"\nn = 31"))
        #expect(ref["method"] as? String == "dst")
        #expect(ref["resolution"] as? String == "n = 31 interior points per dimension")
        #expect(ref["estimated_error"] is NSNull)
        #expect((ref["estimated_error_note"] as? String)?.contains("no estimate") == true)
    }

    @Test func autoRecordsTheSolverItPickedAndItsEstimate() throws {
        let (_, ref) = try run(tinyProblem)
        #expect(ref["method"] as? String == "spectral-box", "\(ref)")
        #expect(ref["resolution"] as? String == "255×255 modes", "\(ref)")
        let estimate = try #require(ref["estimated_error"] as? Double, "\(ref)")
        #expect(estimate < 1e-10, "sine-series data: the two resolutions agree to round-off, got \(estimate)")
        #expect((ref["description"] as? String)?.contains("spectral") == true)
    }

    @Test func noReferenceSaysSoAndNamesExact() throws {
        // Boundary points from a file: the reference cannot assume they cover the faces.
        let dir = try CLI.scratch()
        try "x,y\n0,0.5\n1,0.5\n0.5,0\n0.5,1\n".write(to: dir.appendingPathComponent("edge.csv"), atomically: true, encoding: .utf8)
        let text = tinyProblem.replacingOccurrences(of: "points = \"perimeter\"\ncount = 48", with: "points = \"\(dir.path)/edge.csv\"")
        let (stdout, ref) = try run(text, quiet: false)
        #expect(ref["method"] as? String == "none")
        #expect((ref["reason"] as? String)?.contains("errors are measured against [exact]") == true, "\(ref)")
        #expect(stdout.contains("rel L2 vs reference: n/a (no spectral reference applies (boundary points come from"), "\(stdout)")
        #expect(stdout.contains("errors are measured against [exact])   vs exact: "), "\(stdout)")
    }
}
