import Foundation
import PINN
import Residuals
import SpectralReference

// MARK: - The errors of summary.json, with the reason when one is not finite

extension SolveReport {
    /// Fill the errors of the fields `values` on the evaluation grid: against the
    /// reference and `[exact]`, per field and per time slice, each with a note when
    /// it is missing or not finite.
    mutating func setErrors(values: [[Double]], fields: [String], evaluation: EvaluationGrid) {
        let u = values[0]
        let e = evaluation.errors(of: u)
        let noReference = evaluation.referenceDescription.map { "no reference: \($0)" } ?? "the file has no [reference]"
        let noExact = "the file gives no [exact] \(fields[0])"
        func why(_ approx: [Double], _ approxName: String, _ truth: [Double]?, _ truthName: String, relative: Bool) -> String {
            Self.nonFiniteReason(approx: approx, approxName: approxName, truth: truth ?? [], truthName: truthName, relative: relative)
        }
        relL2Reference = Metric(e.relL2Reference, missing: noReference,
                                nonFinite: why(u, "the solution", evaluation.reference, "the reference", relative: true))
        maxAbsErrorReference = Metric(e.maxAbsReference, missing: noReference,
                                      nonFinite: why(u, "the solution", evaluation.reference, "the reference", relative: false))
        relL2Exact = Metric(e.relL2Exact, missing: noExact,
                            nonFinite: why(u, "the solution", evaluation.exact, "the exact solution", relative: true))
        referenceRelL2VsExact = Metric(e.referenceVsExact,
                                       missing: evaluation.reference == nil ? noReference : noExact,
                                       nonFinite: why(evaluation.reference ?? [], "the reference", evaluation.exact,
                                                      "the exact solution", relative: true))
        perField = fields.indices.map { f in
            let x = evaluation.exactFields[f], missing = "the file gives no [exact] \(fields[f])"
            return FieldErrors(
                field: fields[f],
                relL2Exact: Metric(x.map { evaluation.relativeL2(values[f], $0) }, missing: missing,
                                   nonFinite: why(values[f], "the solution", x, "the exact solution", relative: true)),
                maxAbsExact: Metric(x.map { evaluation.maxAbs(values[f], $0) }, missing: missing,
                                    nonFinite: why(values[f], "the solution", x, "the exact solution", relative: false)))
        }
        let truthName = evaluation.truth?.name ?? "truth"
        perTimeSlice = evaluation.perTimeSlice(u).map {
            let note = "not finite on this slice: \(truthName) or the solution is not finite there"
                + ", or (relative error) \(truthName) is zero there"
            return SliceErrors(t: $0.t, relL2: Metric($0.relL2, missing: "", nonFinite: note),
                               maxAbs: Metric($0.maxAbs, missing: "", nonFinite: note))
        }
    }

    /// Why an error of `approx` against `truth` is NaN or ±∞, from the data.
    static func nonFiniteReason(approx: [Double], approxName: String, truth: [Double], truthName: String,
                                relative: Bool) -> String {
        let n = truth.count
        let badTruth = truth.lazy.filter { !$0.isFinite }.count
        if badTruth > 0 { return "\(truthName) is not finite at \(badTruth) of \(n) grid points" }
        let badApprox = approx.lazy.filter { !$0.isFinite }.count
        if badApprox > 0 { return "\(approxName) is not finite at \(badApprox) of \(approx.count) grid points" }
        if relative && truth.allSatisfy({ $0 == 0 }) {
            return "\(truthName) is zero on the grid, so the relative error is undefined; see max_abs_* for the error"
        }
        return "the error overflowed (values near the largest double)"
    }
}

// MARK: - Naming the terms whose residuals are not finite

enum NonFiniteResiduals {
    /// The terms of `problem` whose residuals are NaN or ±∞ at `theta`, each with
    /// the count and the first such point, e.g. `term pde: 144 of 144 residuals
    /// are not finite (the first at x = 0.0769, y = 0.0769)`; nil when all are finite.
    static func describe(_ system: PINNSystem, problem: Problem, at theta: [Double]) -> String? {
        var r = [Double](repeating: 0, count: system.residualCount)
        system.fillResiduals(at: theta, into: &r)
        guard !r.allSatisfy(\.isFinite) else { return nil }
        var parts: [String] = []
        for (term, offset) in zip(problem.terms, problem.termOffsets) {
            let rows = r[offset..<(offset + term.rowCount)]
            let bad = rows.lazy.filter { !$0.isFinite }.count
            guard bad > 0, let first = rows.firstIndex(where: { !$0.isFinite }) else { continue }
            let i = first - offset
            var place = ""
            if i < term.points.count {
                let x = term.points.point(i)
                let names = problem.domain.variables
                place = " (the first at " + zip(names, x).map { "\($0) = \(String(format: "%.4g", $1))" }.joined(separator: ", ") + ")"
            }
            parts.append("term \(term.name): \(bad) of \(term.rowCount) residuals are not finite\(place)")
        }
        if parts.isEmpty { return "the residuals are not finite" }
        return parts.joined(separator: "; ")
    }
}
