import ArgumentParser
import Foundation

/// The exit statuses of every subcommand, for scripts (README, "Exit status"):
///
/// - 0: the run ended with usable parameters and finite metrics;
/// - 1: bad input — a problem, data or checkpoint file, a command-line option
///   (ArgumentParser's usage errors included), an output directory that cannot
///   be used or is in use; nothing was computed;
/// - 2: the input was read but the run produced nothing usable — the residuals
///   (a fit's residual sum of squares) are not finite at the initial parameters,
///   the parameters or the solution ended non-finite, a reference is not finite;
/// - 3: the parameters and the solution files are usable, but a metric is not
///   finite (e.g. the relative error against an exact solution that is zero on
///   the grid); summary.json has it as null with a note beside it.
///
/// - 4: `fit` only — the fit did not converge (it stopped on max_steps, time_limit,
///   no_decrease, non_finite or a failed factorisation): the parameters written are
///   the last ones, not an answer.
///
/// summary.json is written in cases 0, 2, 3 and 4.
enum ExitStatus {
    static let success: Int32 = 0
    static let badInput: Int32 = 1
    static let nothingUsable: Int32 = 2
    static let metricNotFinite: Int32 = 3
    static let notConverged: Int32 = 4

    /// Ends the subcommand with `status` after one line on standard error
    /// (`error:` for status 1 and 2, `warning:` for 3).
    static func end(_ status: Int32, _ line: String) -> ExitCode {
        let lead = status == metricNotFinite ? "warning: " : "error: "
        FileHandle.standardError.write(Data((lead + line + "\n").utf8))
        return ExitCode(status)
    }
}
