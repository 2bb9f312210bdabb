/// A problem that cannot be built as described. Carries enough to point at the
/// culprit: the field (dotted key path), and for files the line and column.
public enum ProblemError: Error, Equatable, CustomStringConvertible {
    /// A field's value breaks a rule.
    case invalid(field: String, String)

    public var description: String {
        switch self {
        case .invalid(let field, let why): return "\(field): \(why)"
        }
    }
}
