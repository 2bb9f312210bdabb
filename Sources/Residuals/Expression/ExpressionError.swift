// MARK: - ExpressionError

/// Why an expression could not be built, and where.
///
/// `column` is 1-based and counts characters (grapheme clusters) of `source`;
/// `length` is the width of the offending token. The error renders as the
/// caret diagram followed by the message:
///
///     2*pi^2*sinn(pi*x)
///            ^^^^
///     unknown function 'sinn'; did you mean 'sin'? valid functions: sin, cos, …
///
/// Errors in the declarations (a variable or constant name that is not valid)
/// are not located in the source: their `column` and `length` are 0.
public struct ExpressionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, for programmatic checks.
    public enum Kind: String, Sendable, CaseIterable {
        /// The source is empty or only whitespace.
        case emptyExpression
        /// A character that starts no token, e.g. `#` or `π`.
        case unexpectedCharacter
        /// A number such as `1.2.3`, `1e+` or `2x`, or one that overflows Double.
        case malformedNumber
        /// The source ends where an operand was needed, e.g. `2 +`.
        case unexpectedEndOfInput
        /// A `(` never closed, or a `)` with no `(`.
        case unbalancedParenthesis
        /// An operator or `)` where an operand was needed, e.g. `2 * / 3`, `()`.
        case missingOperand
        /// Two operands in a row, e.g. `2 3` or `(x)(y)`.
        case missingOperator
        /// A name that is neither a variable, a constant nor a function.
        case unknownIdentifier
        /// `name(…)` where `name` is not a function.
        case unknownFunction
        /// A function called with the wrong number of arguments, e.g. `sin(x, y)`, `atan2(y)`.
        case wrongArgumentCount
        /// A variable or constant followed by `(`, e.g. `x(y + 1)`.
        case variableUsedAsFunction
        /// A function name without its `(argument)`, e.g. `sin x`.
        case functionWithoutParentheses
        /// More than 100 nested parentheses, signs or powers, or a tree more than
        /// 1000 operations tall (both bound the recursion of the parser).
        case tooDeeplyNested
        /// A variable or constant name that is not a valid, unique identifier.
        case invalidDeclaration
        /// An equation without exactly one `=`, or one that involves no unknown field.
        case notAnEquation
        /// A regression model ending with NIST's error term `+ e`
        /// (``MathExpression/rejectErrorTerm(inModel:)``).
        case errorTermInModel
    }

    public let kind: Kind
    /// What is wrong and, when possible, how to fix it.
    public let message: String
    /// The expression as written.
    public let source: String
    /// 1-based character column of the offending token (0: not in the source).
    public let column: Int
    /// Width of the offending token in characters (0: not in the source).
    public let length: Int

    init(_ kind: Kind, _ message: String, source: String, column: Int, length: Int) {
        self.kind = kind
        self.message = message
        self.source = source
        self.column = column
        self.length = length
    }

    // MARK: - Rendering

    /// Two lines: the source, and carets under the offending token.
    ///
    /// Line breaks in the source print as spaces and tabs are kept in the
    /// padding, so the carets stay aligned for multi-line TOML strings.
    /// Without a location (declaration errors) only the source line is given.
    public var caretDiagram: String {
        let characters = Array(source)
        let line = String(characters.map { (c: Character) -> Character in c.isNewline ? " " : c })
        guard column > 0 else { return line }
        let padding = characters.prefix(column - 1).map { (c: Character) -> Character in
            c == "\t" ? "\t" : " "
        }
        return line + "\n" + String(padding) + String(repeating: "^", count: max(length, 1))
    }

    /// The caret diagram followed by the message.
    public var description: String {
        caretDiagram + "\n" + message
    }
}
