import Foundation
import LinearAlgebra
import SvenSolver

/// `summary.json` of a fit, and the lines printed. Numbers follow `Metric`'s
/// rule: a finite number, or null with a `<key>_note` beside it saying why.
///
/// Keys: `problem`, `method`, `steps`, `termination`, `message`, `wall_seconds`,
/// `parameters` {name: value}, `residual_sum_of_squares`; the linearised
/// statistics `standard_errors` {name: σ̂·√[(JᵀJ)⁺]_jj}, `correlation` (rows in
/// parameter order), `residual_standard_deviation` σ̂ = √(RSS/dof),
/// `degrees_of_freedom` (observations − rank), `rank`, `observations`,
/// `standard_errors_method`; with certified values `log_relative_error` {name:
/// LRE}, and for NIST files also `log_relative_error_standard_errors`,
/// `log_relative_error_residual_sum_of_squares`,
/// `log_relative_error_residual_standard_deviation`; `exit_status`; with the
/// default method, `attempts` (each run's method, steps, termination, residual
/// sum of squares, seconds) and `method` the one whose answer this is.
struct FitReport: Encodable {
    var problem: String
    var method: String
    var names: [String]
    var parameters: [Double]
    var residualSumOfSquares: Metric
    var steps: Int
    var wallSeconds: Double
    var termination: String
    var message: String
    /// Per parameter, with `[certified]` values.
    var logRelativeError: [Metric]?
    var exitStatus: Int32 = ExitStatus.success
    /// The default fit's runs (`FitStrategy.automatic`), the answer's among them; nil
    /// when one method was named.
    var attempts: [FitAttempt]?

    var standardErrors: [Double]?
    var correlation: Matrix?
    var residualStandardDeviation: Double?
    var degreesOfFreedom: Int?
    var rank: Int?
    var observations = 0
    var statisticsNote = "the Jacobian at the fitted parameters is not finite"
    var standardErrorLRE: [Double]?
    var residualSumOfSquaresLRE: Double?
    var residualStandardDeviationLRE: Double?

    static let method = "linearised: σ̂²(JᵀJ)⁺ at the fitted parameters, σ̂² = RSS/(observations − rank)"

    mutating func add(_ c: LinearisedCovariance?, observations: Int) {
        self.observations = observations
        guard let c else { return }
        standardErrors = c.standardErrors
        correlation = c.correlation
        residualStandardDeviation = c.residualStandardDeviation
        degreesOfFreedom = c.degreesOfFreedom
        rank = c.rank
        if c.degreesOfFreedom <= 0 { statisticsNote = "no degrees of freedom (observations ≤ rank)" }
    }

    mutating func compare(with f: FitInput) {
        guard let certified = f.certified, let digits = f.certifiedDigits else { return }
        logRelativeError = parameters.indices.map { k in
            let lre = FitInput.logRelativeError(parameters[k], certified[k], digits: digits[k]) ?? .nan
            return Metric(lre, missing: "", nonFinite: certified[k] == 0
                          ? "the certified value is 0, so the relative error is undefined" : "the fitted value is not finite")
        }
        if let sd = f.certifiedStandardDeviations, let se = standardErrors {
            standardErrorLRE = zip(se, sd).map { FitInput.logRelativeError($0, $1, digits: 11) ?? .nan }
        }
        if let c = f.certifiedResidualSumOfSquares, let v = residualSumOfSquares.value {
            residualSumOfSquaresLRE = FitInput.logRelativeError(v, c, digits: 11)
        }
        if let c = f.certifiedResidualStandardDeviation, let v = residualStandardDeviation {
            residualStandardDeviationLRE = FitInput.logRelativeError(v, c, digits: 11)
        }
    }

    /// The printed result: one line per parameter, then the residual statistics.
    func lines(certified f: FitInput) -> [String] {
        var out: [String] = []
        for (k, n) in names.enumerated() {
            var line = "  \(n) = \(String(format: "%.11e", parameters[k]))"
            if let se = standardErrors?[k] { line += " ± " + String(format: "%.8e", se) }
            if let c = f.certified {
                line += String(format: "   certified %.10e", c[k])
                if let sd = f.certifiedStandardDeviations?[k] { line += String(format: " ± %.10e", sd) }
                if let l = logRelativeError?[k].value { line += String(format: "   LRE %.1f", l) }
                if let l = standardErrorLRE?[k], l.isFinite { line += String(format: ", standard error LRE %.1f", l) }
            }
            out.append(line)
        }
        var rssLine = String(format: "residual sum of squares %.10e", residualSumOfSquares.value ?? .nan)
        if let c = f.certifiedResidualSumOfSquares, let l = residualSumOfSquaresLRE {
            rssLine += String(format: " (certified %.10e, LRE %.1f)", c, l)
        }
        rssLine += String(format: " after %d steps (%@), %.3f s", steps, termination, wallSeconds)
        out.append(rssLine)
        if let attempts, attempts.count > 1 {
            out.append("answer from \(method); runs: " + attempts.map(\.line).joined(separator: "; "))
        }
        if let s = residualStandardDeviation, let dof = degreesOfFreedom, let rank {
            var line = String(format: "residual standard deviation %.10e", s)
            if let c = f.certifiedResidualStandardDeviation, let l = residualStandardDeviationLRE {
                line += String(format: " (certified %.10e, LRE %.1f)", c, l)
            }
            line += ", \(dof) degrees of freedom (\(observations) observations − rank \(rank));"
                + " ± are linearised standard errors σ̂·√diag((JᵀJ)⁺)"
            out.append(line)
        }
        return out
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ReportKey.self)
        func put<T: Encodable>(_ v: T, _ key: String) throws { try c.encode(v, forKey: ReportKey(key)) }
        try put(problem, "problem"); try put(method, "method"); try put(steps, "steps")
        try put(termination, "termination"); try put(message, "message"); try put(wallSeconds, "wall_seconds")
        try c.encode(residualSumOfSquares, "residual_sum_of_squares")
        var p = c.nestedContainer(keyedBy: ReportKey.self, forKey: ReportKey("parameters"))
        for (n, v) in zip(names, parameters) {
            try p.encode(Metric(v, missing: "", nonFinite: "the fitted value is not finite"), n)
        }
        try put(observations, "observations")
        try put(Self.method, "standard_errors_method")
        if let se = standardErrors, let corr = correlation {
            var s = c.nestedContainer(keyedBy: ReportKey.self, forKey: ReportKey("standard_errors"))
            let why = (degreesOfFreedom ?? 0) > 0
                ? "not identifiable from the data (the Jacobian is rank deficient in this direction)" : statisticsNote
            for (n, v) in zip(names, se) { try s.encode(Metric(v, missing: "", nonFinite: why), n) }
            try put((0..<corr.rows).map { i in (0..<corr.cols).map { j in corr[i, j].isFinite ? corr[i, j] : nil } },
                    "correlation")
            try c.encode(Metric(residualStandardDeviation, missing: "", nonFinite: statisticsNote),
                         "residual_standard_deviation")
            try put(degreesOfFreedom, "degrees_of_freedom"); try put(rank, "rank")
        } else {
            try c.encode(Metric(nil, missing: statisticsNote, nonFinite: ""), "standard_errors")
        }
        if let lre = logRelativeError {
            var l = c.nestedContainer(keyedBy: ReportKey.self, forKey: ReportKey("log_relative_error"))
            for (n, m) in zip(names, lre) { try l.encode(m, n) }
        }
        if let lre = standardErrorLRE {
            var l = c.nestedContainer(keyedBy: ReportKey.self, forKey: ReportKey("log_relative_error_standard_errors"))
            for (n, v) in zip(names, lre) { try l.encode(Metric(v, missing: "", nonFinite: "no standard error"), n) }
        }
        if let v = residualSumOfSquaresLRE { try put(v, "log_relative_error_residual_sum_of_squares") }
        if let v = residualStandardDeviationLRE { try put(v, "log_relative_error_residual_standard_deviation") }
        if let attempts { try put(attempts, "attempts") }
        try put(exitStatus, "exit_status")
    }
}
