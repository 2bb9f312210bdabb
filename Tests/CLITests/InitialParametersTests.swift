import Testing
import Foundation
import SolutionIO

/// `solve --init FILE` and `[network] init_file`: a run continues from saved
/// parameters (parameters.json) or from per-layer NPY arrays.
@Suite("svenpde solve --init", .serialized)
struct InitialParametersTests {
    private func problem(_ dir: URL, steps: Int = 30, extra: String = "") throws -> URL {
        let file = dir.appendingPathComponent("tiny.toml")
        try (tinyProblem.replacingOccurrences(of: "max_steps = 150", with: "max_steps = \(steps)") + extra)
            .write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    private func summary(_ dir: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("summary.json"))) as! [String: Any]
    }

    /// A first run of 30 steps: its directory, final loss and saved θ (widths 2-16-1).
    private func firstRun(_ dir: URL) throws -> (out: URL, finalLoss: Double, theta: [Double]) {
        let out = dir.appendingPathComponent("first")
        let r = try CLI.run(["solve", try problem(dir).path, "-o", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try summary(out)
        #expect((s["files"] as? [String])?.contains("parameters.json") == true)
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("parameters.json"))) as! [String: Any]
        #expect(saved["widths"] as? [Int] == [2, 16, 1])
        return (out, try #require(s["final_loss"] as? Double), try #require(saved["parameters"] as? [Double]))
    }

    private func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b) }

    @Test func aRunFromSavedParametersContinuesWhereTheSavedRunEnded() throws {
        let dir = try CLI.scratch()
        let first = try firstRun(dir)
        let out = dir.appendingPathComponent("second")
        let r = try CLI.run(["solve", try problem(dir).path, "--init", first.out.appendingPathComponent("parameters.json").path,
                             "--max-steps", "5", "-o", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("initial parameters from "), "\(r.stdout)")
        let s = try summary(out)
        let start = try #require(s["initial_loss"] as? Double)
        #expect(relative(start, first.finalLoss) <= 1e-12, "step 0 of the new run \(start) vs final \(first.finalLoss)")
        #expect(try #require(s["final_loss"] as? Double) <= start)
        #expect((s["init_file"] as? String)?.hasSuffix("parameters.json") == true)
    }

    /// The same θ as W0.npy, b0.npy, W1.npy, b1.npy — W as (out × in), row-major,
    /// converted here from the column-major layout documented in `MLP`.
    private func writeLayers(_ theta: [Double], widths: [Int], to dir: URL, transpose: Bool = false) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var o = 0
        for l in 0..<(widths.count - 1) {
            let (nIn, nOut) = (widths[l], widths[l + 1])
            var w = [Double](repeating: 0, count: nIn * nOut)
            for i in 0..<nOut { for j in 0..<nIn { w[i * nIn + j] = theta[o + i + j * nOut] } }
            try NPY.write(w, shape: transpose ? [nIn, nOut] : [nOut, nIn], to: dir.appendingPathComponent("W\(l).npy").path)
            try NPY.write(Array(theta[(o + nIn * nOut)..<(o + nIn * nOut + nOut)]), shape: [nOut],
                          to: dir.appendingPathComponent("b\(l).npy").path)
            o += nOut * (nIn + 1)
        }
    }

    @Test func perLayerNPYArraysGiveTheSameStart() throws {
        let dir = try CLI.scratch()
        let first = try firstRun(dir)
        let layers = dir.appendingPathComponent("layers")
        try writeLayers(first.theta, widths: [2, 16, 1], to: layers)
        // Through [network] init_file, relative to the problem file.
        let file = try problem(dir, steps: 0, extra: "")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "hidden = [16]", with: "hidden = [16]\ninit_file = \"layers\"")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("npy")
        let r = try CLI.run(["solve", file.path, "-o", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let start = try #require(try summary(out)["initial_loss"] as? Double)
        #expect(relative(start, first.finalLoss) <= 1e-12)
    }

    @Test func aWrongShapeIsOneClearLine() throws {
        let dir = try CLI.scratch()
        let first = try firstRun(dir)
        let layers = dir.appendingPathComponent("layers")
        try writeLayers(first.theta, widths: [2, 16, 1], to: layers, transpose: true)
        let r = try CLI.run(["solve", try problem(dir).path, "--init", layers.path, "-o", dir.appendingPathComponent("x").path])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("W0.npy has shape (2, 16); layer 0 needs (out × in) = (16, 2)"), "\(r.stderr)")

        // Saved for another network, through the file's key: the line names the key.
        let other = try problem(dir, extra: "").path
        let text = try String(contentsOfFile: other, encoding: .utf8)
            .replacingOccurrences(of: "hidden = [16]", with: "hidden = [8]\ninit_file = \"first/parameters.json\"")
        try text.write(toFile: other, atomically: true, encoding: .utf8)
        let q = try CLI.run(["solve", other, "-o", dir.appendingPathComponent("y").path])
        #expect(q.status == 1)
        #expect(q.stderr.split(separator: "\n").count == 1 && q.stderr.contains("network.init_file")
                && q.stderr.contains("saved for a 2-16-1 tanh network, but this one is 2-8-1 tanh"), "\(q.stderr)")
        let both = try CLI.run(["solve", other, "--init", "a", "--resume", "b"])
        #expect(both.status != 0 && both.stderr.contains("--init and --resume"), "\(both.stderr)")
    }
}
