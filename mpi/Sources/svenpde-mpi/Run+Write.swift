import Distributed
import Foundation
import SvenSolver

extension SvenPDEMPI.Run {
    /// summary.json and history.csv in the output directory, and one summary line.
    func write(share: PINNShare, arguments: Arguments, comm: Communicator, bytesPerRank: [Double]) throws {
        let s = summary
        let grid = arguments.grid ?? share.file.reference?.grid ?? share.file.problem.domain.defaultEvaluationGridCount
        let error = share.relativeL2Exact(parameters, perAxis: grid)
        let steps = max(s.steps, 1)
        let routeName: String
        switch route {
        case .tsqr: routeName = "tsqr"
        case .randomized(let l, let q): routeName = "randomized(l=\(l),q=\(q))"
        }
        func json(_ x: Double?) -> String {
            guard let x, x.isFinite else { return "null" }
            return String(format: "%.17g", x)
        }
        let fields: [(String, String)] = [
            ("problem", "\"\(share.file.name)\""), ("ranks", "\(comm.size)"),
            ("rows", "\(share.partition.globalCount)"), ("parameters", "\(share.network.parameterCount)"),
            ("route", "\"\(routeName)\""), ("steps", "\(s.steps)"), ("termination", "\"\(s.termination)\""),
            ("initial_cost", json(s.initialCost)), ("final_cost", json(s.finalCost)),
            ("rel_l2_exact", json(error)), ("error_grid", "\(grid)"), ("wall_seconds", json(s.wallSeconds)),
            ("seconds_per_step", json(s.wallSeconds / Double(steps))),
            ("bytes_per_rank", "[" + bytesPerRank.map { String(format: "%.0f", $0) }.joined(separator: ", ") + "]"),
            ("bytes_per_step_max_rank", json((bytesPerRank.max() ?? 0) / Double(steps))),
            ("parameters_final", "[" + parameters.map { String(format: "%.17g", $0) }.joined(separator: ", ") + "]"),
        ]
        let text = "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
        try text.write(toFile: arguments.output + "/summary.json", atomically: true, encoding: .utf8)
        var csv = "step,cost,rank,sigma_max,sigma_min_kept,eta,lambda,elapsed\n"
        for r in s.history {
            csv += String(format: "%d,%.17g,%d,%.17g,%.17g,%.17g,%.17g,%.6f\n", r.step, r.cost, r.rank, r.sigmaMax,
                          r.sigmaMinKept, r.eta, r.lambda, r.elapsed)
        }
        try csv.write(toFile: arguments.output + "/history.csv", atomically: true, encoding: .utf8)
        print("\(share.file.name): \(comm.size) rank(s), \(routeName), \(s.steps) steps, cost \(String(format: "%.3e", s.finalCost)), "
              + "rel L2 vs exact \(error.map { String(format: "%.3e", $0) } ?? "n/a"), \(String(format: "%.2f", s.wallSeconds)) s, "
              + "\(s.termination); \(String(format: "%.0f", (bytesPerRank.max() ?? 0) / Double(steps))) bytes/step on the busiest rank")
    }
}
