// MARK: - ExpressionOperator

/// The binary operators of the expression language. Their precedence and
/// associativity live in the grammar (``ExpressionParser``) and in printing
/// (``ExpressionNode/description``).
enum ExpressionOperator: Sendable, Equatable {
    case add, subtract, multiply, divide, power

    /// The operator as printed by ``MathExpression/description``.
    var symbol: String {
        switch self {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        case .power: "^"
        }
    }

    /// a ∘ b for any scalar type. A power whose exponent is a constant is not
    /// evaluated here: it is compiled to ``ExpressionProgram/Instruction``
    /// `powInteger` / `powConstant`, and folded by ``power(_:_:)``.
    @inline(__always)
    func apply<S: ExpressionScalar>(_ a: S, _ b: S) -> S {
        switch self {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        case .power: S.pow(a, b)
        }
    }

    /// The largest |n| compiled to repeated squaring; beyond it the C `pow`
    /// is both faster and more accurate.
    static let largestIntegerExponent = 64

    /// An exponent c as an integer n when c is integral and |n| is small.
    static func integerExponent(_ c: Double) -> Int? {
        guard c == c.rounded(), c.magnitude <= Double(largestIntegerExponent) else { return nil }
        return Int(c)
    }

    /// a^c for a constant exponent c, exactly as the compiled program does it.
    static func power<S: ExpressionScalar>(_ base: S, _ exponent: Double) -> S {
        if let n = integerExponent(exponent) { return S.pow(base, n) }
        return S.pow(base, exponent)
    }
}
