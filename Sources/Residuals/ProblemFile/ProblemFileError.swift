/// A problem file that cannot be used, located as precisely as we can:
/// `file:line:column: field: what is wrong`, plus a caret diagram for formulas.
public struct ProblemFileError: Error, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; nil when the place is not on one line (e.g. a missing table).
    public var line: Int?
    public var column: Int?
    /// Dotted key path, e.g. `solver.max_steps` or `boundary[0].value`; empty for the whole file.
    public var field: String
    public var message: String
    /// Extra lines shown under the message (a formula's caret diagram).
    public var detail: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String, message: String, detail: String? = nil) {
        self.file = file; self.line = line; self.column = column
        self.field = field; self.message = message; self.detail = detail
    }

    /// The one-line form: `poisson.toml:12:1: solver.max_steps: expected an integer, got a string "ten"`.
    public var headline: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return field.isEmpty ? "\(place): \(message)" : "\(place): \(field): \(message)"
    }

    public var description: String {
        detail.map { headline + "\n" + $0 } ?? headline
    }
}
