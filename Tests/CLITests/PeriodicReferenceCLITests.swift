import Testing
import Foundation

/// The catalog's periodic files get their Fourier ETDRK4 reference automatically
/// (`method = "auto"`): run on a horizon cut short so the reference is quick in a
/// debug build (Allen–Cahn's N = 2048 most: t ≤ 0.001, ten steps).
@Suite("svenpde: periodic catalog files and their reference", .serialized)
struct PeriodicReferenceCLITests {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: [("kdv", "0.01"), ("allen-cahn-periodic", "0.001")])
    func shortRunRecordsThePeriodicReference(_ name: String, horizon: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("problems/\(name).toml"), encoding: .utf8)
        let short = text.replacingOccurrences(of: "upper = [1, 1]", with: "upper = [1, \(horizon)]")
            .replacingOccurrences(of: "max_steps = 5000", with: "max_steps = 2")
            .replacingOccurrences(of: "count = 2000", with: "count = 64")
            .replacingOccurrences(of: "grid = 101", with: "grid = 11")
        #expect(short != text)
        let dir = try CLI.scratch(), file = dir.appendingPathComponent("p.toml"), out = dir.appendingPathComponent("o")
        try short.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["solve", file.path, "-o", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let ref = try #require(s["reference"] as? [String: Any])
        #expect(ref["method"] as? String == "periodic-etdrk4", "\(ref)")
        let estimate = try #require(ref["estimated_error"] as? Double, "\(ref)")
        if name == "kdv" {
            #expect(estimate < 1e-9, "\(name): estimated reference error \(estimate)")
        } else {
            // x² cos πx has a kink across the period: at t = 0.001 the truncated series still shows it, and says so.
            #expect(estimate.isFinite && (ref["description"] as? String)?.contains("kink") == true, "\(ref)")
        }
    }
}
