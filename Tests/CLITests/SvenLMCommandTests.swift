import Foundation
import Testing

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// `--method sven-lm` through the CLI, and the diagnosis that points to it.
@Suite("sven-lm in solve")
struct SvenLMCommandTests {
    /// Reads summary.json of a run.
    func summary(_ out: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: out.appendingPathComponent("summary.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The diagnosis names sven-lm exactly when its documented rule holds: a Sven run, at
    /// least half the window's steps with η < 1/8, and a plateau or a descent slower than
    /// 2 decades per 100 steps. Checked on whatever the run did (the rule, not a trajectory).
    @Test(arguments: ["sven", "sven-lm", "lm-nielsen"])
    func diagnosisSuggestsSvenLMByItsRule(method: String) throws {
        let dir = try CLI.scratch()
        let out = dir.appendingPathComponent("run")
        let r = try CLI.run(["solve", repositoryRoot.appendingPathComponent("problems/heat.toml").path,
                             "--method", method, "--max-steps", "20", "-o", out.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try summary(out)
        #expect(json["method"] as? String == method)
        let d = try #require(json["diagnosis"] as? [String: Any])
        let evidence = try #require(d["evidence"] as? [String: Any])
        let share = try #require(evidence["short_step_fraction"] as? Double)
        let rate = try #require(evidence["decades_per_100_steps"] as? Double)
        let kind = try #require(d["kind"] as? String)
        let slow = kind == "plateau" || kind == "plateau_full_rank" || (kind == "still_descending" && rate < 2)
        let expected = method == "sven" && slow && share >= 0.5
        #expect((d["advice"] as? String ?? "").contains("--method sven-lm") == expected,
                "kind \(kind), rate \(rate), short share \(share)")
        // The loss fell: the method ran for real.
        #expect((json["final_loss"] as? Double ?? 1) < (json["initial_loss"] as? Double ?? 0))
    }
}
