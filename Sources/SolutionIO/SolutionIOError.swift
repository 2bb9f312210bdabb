// SolutionIOError.swift — what can go wrong reading or writing result files.

/// Errors thrown by every reader and writer of SolutionIO. Each case carries the
/// path and the reason; `description` is one line a user can act on, e.g.
/// `cannot write /x/y.npy: No such file or directory`.
public enum SolutionIOError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file (or its temporary sibling) could not be created, written, synced or renamed.
    case cannotWrite(path: String, reason: String)
    /// The file could not be opened or read.
    case cannotRead(path: String, reason: String)
    /// The file is not an NPY array this module reads ('<f8', C order, NPY 1.0–3.0).
    case invalidNPY(path: String, reason: String)
    /// A CSV table broke a rule at `line` (1-based) and, when known, `column` (1-based).
    case invalidCSV(path: String, line: Int, column: Int?, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason):
            return "cannot write \(path): \(reason)"
        case let .cannotRead(path, reason):
            return "cannot read \(path): \(reason)"
        case let .invalidNPY(path, reason):
            return "invalid NPY file \(path): \(reason)"
        case let .invalidCSV(path, line, column, reason):
            let place = column.map { "line \(line), column \($0)" } ?? "line \(line)"
            return "invalid CSV file \(path), \(place): \(reason)"
        }
    }
}
