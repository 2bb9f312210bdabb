// MARK: - ExpressionFunction

/// The built-in functions of the expression language, each of one argument.
///
/// | name | meaning                       | derivative        |
/// |------|-------------------------------|-------------------|
/// | sin  | sine (radians)                | cos x             |
/// | cos  | cosine                        | −sin x            |
/// | tan  | tangent                       | 1 + tan² x        |
/// | exp  | eˣ                            | eˣ                |
/// | log  | natural logarithm             | 1/x               |
/// | sqrt | square root                   | 1/(2√x)           |
/// | tanh | hyperbolic tangent            | 1 − tanh² x       |
/// | abs  | absolute value                | sign x (0 at 0)   |
/// | atan | arc tangent, in (−π/2, π/2)   | 1/(1 + x²)        |
///
/// To add a function: add a case here, its arm in both `apply` methods, and a
/// requirement to ``ExpressionScalar`` (with Double and ``Dual`` witnesses).
enum ExpressionFunction: String, CaseIterable, Sendable {
    case sin, cos, tan, exp, log, sqrt, tanh, abs, atan

    /// How many arguments a call takes.
    static let arity = 1

    /// The function as written in expressions.
    var name: String { rawValue }

    /// All names, in declaration order, for error messages.
    static let names: [String] = allCases.map(\.name)

    /// The function of `name`, or nil.
    init?(name: String) { self.init(rawValue: name) }

    // MARK: - Evaluation

    /// f(x) for any scalar type.
    @inline(__always)
    func apply<S: ExpressionScalar>(_ x: S) -> S {
        switch self {
        case .sin: S.sin(x)
        case .cos: S.cos(x)
        case .tan: S.tan(x)
        case .exp: S.exp(x)
        case .log: S.log(x)
        case .sqrt: S.sqrt(x)
        case .tanh: S.tanh(x)
        case .abs: S.abs(x)
        case .atan: S.atan(x)
        }
    }

    /// values[j] = f(values[j]) for j in 0..<count, with the dispatch on the
    /// function hoisted out of the loop.
    @inline(__always)
    func apply(to values: UnsafeMutablePointer<Double>, count: Int) {
        switch self {
        case .sin: for j in 0..<count { values[j] = Double.sin(values[j]) }
        case .cos: for j in 0..<count { values[j] = Double.cos(values[j]) }
        case .tan: for j in 0..<count { values[j] = Double.tan(values[j]) }
        case .exp: for j in 0..<count { values[j] = Double.exp(values[j]) }
        case .log: for j in 0..<count { values[j] = Double.log(values[j]) }
        case .sqrt: for j in 0..<count { values[j] = Double.sqrt(values[j]) }
        case .tanh: for j in 0..<count { values[j] = Double.tanh(values[j]) }
        case .abs: for j in 0..<count { values[j] = Double.abs(values[j]) }
        case .atan: for j in 0..<count { values[j] = Double.atan(values[j]) }
        }
    }
}
