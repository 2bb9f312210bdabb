import Foundation
import PINN
import SolutionIO
import SvenSolver

/// `history.csv`, one row per step, written as the run goes (nothing is lost if
/// it is killed): step, time, loss, the loss ½‖r_term‖² of each term and rel L2
/// (on measured steps only; empty otherwise), rank, η, λ, σ₁, smallest kept σ.
final class HistoryRecorder {
    private let csv: HistoryCSV
    private let offsets: [Int], rows: [Int]
    private var termLosses: [Double?]
    private var residuals: [Double] = []
    /// Rows that could not be written (a full disk), and the last reason.
    private(set) var failedRows = 0
    private(set) var lastFailure: String?
    /// (step, rel L2) at every measured step.
    private(set) var measured: [(step: Int, relL2: Double)] = []

    /// `previous`: the rows of an interrupted run being resumed (without per-term losses).
    init(directory: String, terms: [String], offsets: [Int], rows: [Int], previous: [StepRecord] = []) throws {
        self.offsets = offsets
        self.rows = rows
        termLosses = Array(repeating: nil, count: terms.count)
        let names = ["step", "time", "loss"] + terms.map { "loss_" + $0.replacingOccurrences(of: " ", with: "_") }
            + ["rel_l2", "rank", "eta", "lambda", "sigma_max", "sigma_min_kept"]
        csv = try HistoryCSV(path: (directory as NSString).appendingPathComponent("history.csv"), columnNames: names)
        for r in previous { append(r, relL2: nil) }
    }

    /// ½‖r‖² of each term at θ, for the next row.
    func measureTerms(system: PINNSystem, theta: [Double]) {
        if residuals.count != system.residualCount { residuals = Array(repeating: 0, count: system.residualCount) }
        system.fillResiduals(at: theta, into: &residuals)
        for t in offsets.indices {
            termLosses[t] = 0.5 * residuals[offsets[t]..<(offsets[t] + rows[t])].reduce(0) { $0 + $1 * $1 }
        }
    }

    func append(_ r: StepRecord, relL2: Double?) {
        if let e = relL2 { measured.append((r.step, e)) }
        let row: [Double?] = [Double(r.step), r.elapsed, r.cost] + termLosses
            + [relL2, Double(r.rank), r.eta, r.lambda, r.sigmaMax, r.sigmaMinKept]
        // A failed write must not kill a long run; the row is missing, and counted.
        do { try csv.append(row.map { $0.flatMap { $0.isFinite ? $0 : nil } }) } catch {
            failedRows += 1
            lastFailure = "\(error)"
        }
        for t in termLosses.indices { termLosses[t] = nil }
    }

    func close() throws { try csv.close() }

    /// What went wrong writing history.csv, if anything: one line for summary.json.
    var problem: String? {
        lastFailure.map { "history.csv lacks \(failedRows) row\(failedRows == 1 ? "" : "s") that could not be written: \($0)" }
    }
}
