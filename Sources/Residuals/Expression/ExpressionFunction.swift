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
/// | atan | arctangent, in (−π/2, π/2)    | 1/(1 + x²)        |
/// | asin | arcsine, NaN outside [−1, 1]  | 1/√(1 − x²)       |
/// | acos | arccosine, NaN outside [−1, 1]| −1/√(1 − x²)      |
/// | sinh | hyperbolic sine               | cosh x            |
/// | cosh | hyperbolic cosine             | sinh x            |
/// | asinh| inverse hyperbolic sine       | 1/√(1 + x²)       |
/// | acosh| inverse hyperbolic cosine, x ≥ 1 | 1/√(x² − 1)    |
/// | atanh| inverse hyperbolic tangent, \|x\| < 1 | 1/(1 − x²) |
/// | erf  | error function                | (2/√π) e^(−x²)    |
/// | erfc | 1 − erf x (accurate for large x) | −(2/√π) e^(−x²) |
///
/// `arctan` is accepted as another name of `atan` (NIST writes it so). Functions
/// of two arguments (atan2, pow, min, max) are ``ExpressionBinaryFunction``.
///
/// To add a function: add a case here and its arm in both `apply` methods; give
/// its value, first and second derivative once in ``ExpressionScalar+Functions``
/// (every scalar type then has it).
enum ExpressionFunction: String, CaseIterable, Sendable {
    case sin, cos, tan, exp, log, sqrt, tanh, abs
    case atan, asin, acos, sinh, cosh, asinh, acosh, atanh, erf, erfc

    /// How many arguments a call takes.
    static let arity = 1

    /// The function as written in expressions.
    var name: String { rawValue }

    /// All names, in declaration order, for error messages.
    static let names: [String] = allCases.map(\.name)

    /// The function of `name` (or of the alias `arctan`), or nil.
    init?(name: String) {
        if name == "arctan" { self = .atan; return }
        self.init(rawValue: name)
    }

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
        case .asin: S.asin(x)
        case .acos: S.acos(x)
        case .sinh: S.sinh(x)
        case .cosh: S.cosh(x)
        case .asinh: S.asinh(x)
        case .acosh: S.acosh(x)
        case .atanh: S.atanh(x)
        case .erf: S.erf(x)
        case .erfc: S.erfc(x)
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
        default: for j in 0..<count { values[j] = apply(values[j]) }
        }
    }
}
