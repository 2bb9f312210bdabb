import Testing
import Foundation
import SolutionIO

/// `svenpde solve` on a problem of [[data]] alone: mini-batches, a held-out set
/// and the validation error as the reported metric.
@Suite("svenpde solve: regression from [[data]] alone", .serialized)
struct DataProblemCLITests {
    /// 400 samples of y = sin(πx) on [−1, 1] (x_i = −1 + 2i/399) and a problem fitting them.
    static func problem(_ dir: URL, solver: String) throws -> URL {
        let rows = (0..<400).map { i -> String in let x = -1 + 2 * Double(i) / 399; return "\(x),\(sin(Double.pi * x))" }
        try ("x,y\n" + rows.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("sine.csv"), atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent("fit.toml")
        try """
            name = "sine-fit"
            [domain]
            lower = [-1]
            upper = [1]
            [[data]]
            file = "sine.csv"
            column = "y"
            validation = 0.25
            seed = 1
            [exact]
            u = "sin(pi*x)"
            [network]
            hidden = [12]
            [solver]
            \(solver)
            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func aRegressionReportsItsValidationError() throws {
        let dir = try CLI.scratch(), out = dir.appendingPathComponent("o")
        let file = try Self.problem(dir, solver: "batch_size = 32\nmax_steps = 150\nreport_every = 50")
        let r = try CLI.run(["solve", file.path, "-o", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("residuals: data 300"), "\(r.stdout)")
        #expect(r.stdout.contains("validation (100 held-out points): MSE "), "\(r.stdout)")
        let s = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        #expect(s["validation_points"] as? Int == 100)
        let mse = try #require(s["validation_mse"] as? Double), rel = try #require(s["validation_rel_l2"] as? Double)
        let exact = try #require(s["rel_l2_exact"] as? Double)
        // The held-out points sample the same function as the grid: the two errors agree in size.
        #expect(mse < 1e-4 && rel < 1e-2, "validation MSE \(mse), rel L2 \(rel)")
        #expect(rel < 5 * exact && exact < 5 * rel, "validation rel L2 \(rel) vs rel L2 against [exact] on the grid \(exact)")
        // mean of sin² over [−1, 1] is 1/2, so MSE ≈ rel L2² / 2.
        #expect(abs(mse / (rel * rel) - 0.5) < 0.15, "MSE \(mse), rel L2 \(rel)")
        // The history's error column is the validation error on measured steps.
        let history = try String(contentsOf: out.appendingPathComponent("history.csv"), encoding: .utf8).split(separator: "\n")
        let column = try #require(history[0].split(separator: ",").firstIndex(of: "rel_l2"), "\(history[0])")
        let last = history.last!.split(separator: ",", omittingEmptySubsequences: false)
        #expect(abs((Double(last[column]) ?? .nan) - rel) <= 1e-12 * rel, "\(history[0])\n\(history.last!)")
    }

    @Test func batchSizeIsSvensAndSaysSo() throws {
        let dir = try CLI.scratch()
        let file = try Self.problem(dir, solver: "method = \"lm\"\nbatch_size = 32")
        let r = try CLI.run(["solve", file.path, "-o", dir.appendingPathComponent("o").path])
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("solver.batch_size")
                && r.stderr.contains("mini-batches are Sven's"), "\(r.stderr)")
    }
}
