import Foundation
import PINN
import Residuals
import SolutionIO

/// The `unknowns` object of `summary.json` for an inverse problem:
///
///     "unknowns": {
///       "nu": {"value": 0.01003, "standard_error": 2.1e-05, "initial": 0.05, "lower": 0, "upper": null},
///       "rank": 812, "degrees_of_freedom": 1388, "residual_standard_deviation": 3.1e-4,
///       "standard_errors_method": "linearised: …", "history": "unknowns.csv"
///     }
///
/// `standard_error` is null with `standard_error_note` when the estimate has none
/// (the unknown is not identifiable at the final network, or no degrees of freedom).
struct UnknownsReport: Encodable {
    var unknowns: [Unknown]
    var values: [Double]
    var estimate: InverseEstimate?
    var note: String

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ReportKey.self)
        for (k, u) in unknowns.enumerated() {
            var o = c.nestedContainer(keyedBy: ReportKey.self, forKey: ReportKey(u.name))
            try o.encode(Metric(values[k], missing: "", nonFinite: "the value is not finite"), "value")
            let se = estimate?.standardErrors[k]
            try o.encode(Metric(se, missing: note, nonFinite: (estimate?.degreesOfFreedom ?? 0) > 0
                                ? "not identifiable from the data at the final network (rank-deficient direction)"
                                : "no degrees of freedom (no more data rows than directions the data must fix)"), "standard_error")
            try o.encode(u.initial, forKey: ReportKey("initial"))
            try o.encode(u.lower, forKey: ReportKey("lower"))
            try o.encode(u.upper, forKey: ReportKey("upper"))
        }
        if let e = estimate {
            try c.encode(e.rank, forKey: ReportKey("rank"))
            try c.encode(e.degreesOfFreedom, forKey: ReportKey("degrees_of_freedom"))
            try c.encode(Metric(e.residualStandardDeviation, missing: "", nonFinite: "no degrees of freedom"),
                         "residual_standard_deviation")
        }
        try c.encode(InverseEstimate.method, forKey: ReportKey("standard_errors_method"))
        try c.encode("unknowns.csv", forKey: ReportKey("history"))
    }

    /// One progress/summary line: `nu = 1.0031e-02 ± 2.1e-05`.
    var line: String {
        unknowns.indices.map { k in
            var s = "\(unknowns[k].name) = " + String(format: "%.6e", values[k])
            if let se = estimate?.standardErrors[k], se.isFinite { s += " ± " + String(format: "%.2e", se) }
            return s
        }.joined(separator: ", ")
    }
}

/// `unknowns.csv`: the unknowns' values after every step (step 0: the initial values).
struct UnknownsHistory {
    var names: [String]
    var rows: [(step: Int, values: [Double])] = []

    /// The rows of `directory`/unknowns.csv up to step `last` (a resumed run's
    /// history); none when the file is missing or was written for other unknowns.
    static func read(from directory: String, names: [String], through last: Int) -> [(step: Int, values: [Double])] {
        let path = (directory as NSString).appendingPathComponent("unknowns.csv")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        let lines = text.split(separator: "\n")
        guard lines.first.map(String.init) == "step," + names.joined(separator: ",") else { return [] }
        var rows: [(step: Int, values: [Double])] = []
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",")
            guard cells.count == names.count + 1, let step = Int(cells[0]), step <= last else { continue }
            let values = cells.dropFirst().compactMap { Double($0) }
            if values.count == names.count { rows.append((step, values)) }
        }
        return rows
    }

    func write(to directory: String) throws {
        var text = "step," + names.joined(separator: ",") + "\n"
        for r in rows { text += "\(r.step)," + r.values.map { "\($0)" }.joined(separator: ",") + "\n" }
        try AtomicFile.write(Array(text.utf8), to: (directory as NSString).appendingPathComponent("unknowns.csv"))
    }
}
