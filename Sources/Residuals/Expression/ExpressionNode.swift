// MARK: - ExpressionNode

/// The syntax tree of a parsed expression, with every name already resolved.
///
/// The parser keeps names (`pi`, user constants) so that ``description`` prints
/// what the user wrote; ``folded()`` replaces them, and every subtree without
/// variables, by numbers before compilation.
indirect enum ExpressionNode: Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case variable(index: Int, name: String)
    /// A built-in or user constant, printed by name.
    case constant(name: String, value: Double)
    case negate(ExpressionNode)
    case binary(ExpressionOperator, ExpressionNode, ExpressionNode)
    case call(ExpressionFunction, ExpressionNode)
    /// A function of two arguments, `atan2(y, x)`, `min(a, b)`, `max(a, b)`.
    case call2(ExpressionBinaryFunction, ExpressionNode, ExpressionNode)

    /// The value when the node is a number.
    var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    // MARK: - Constant folding

    /// The tree with constants replaced by their values and every
    /// variable-free subtree evaluated, using the same Double operations as
    /// the compiled program, so folding never changes a result.
    func folded() -> ExpressionNode {
        switch self {
        case .number, .variable:
            return self
        case .constant(_, let value):
            return .number(value)
        case .negate(let operand):
            let operand = operand.folded()
            if let value = operand.numberValue { return .number(-value) }
            return .negate(operand)
        case .binary(let op, let lhs, let rhs):
            let lhs = lhs.folded(), rhs = rhs.folded()
            if let a = lhs.numberValue, let b = rhs.numberValue {
                return .number(op == .power ? ExpressionOperator.power(a, b) : op.apply(a, b))
            }
            return .binary(op, lhs, rhs)
        case .call(let function, let argument):
            let argument = argument.folded()
            if let value = argument.numberValue { return .number(function.apply(value)) }
            return .call(function, argument)
        case .call2(let function, let first, let second):
            let first = first.folded(), second = second.folded()
            if let a = first.numberValue, let b = second.numberValue { return .number(function.apply(a, b)) }
            return .call2(function, first, second)
        }
    }

    // MARK: - Variables

    /// Adds the names of the variables this tree reads to `names`.
    func collectVariables(into names: inout Set<String>) {
        switch self {
        case .number, .constant:
            break
        case .variable(_, let name):
            names.insert(name)
        case .negate(let operand), .call(_, let operand):
            operand.collectVariables(into: &names)
        case .binary(_, let lhs, let rhs), .call2(_, let lhs, let rhs):
            lhs.collectVariables(into: &names)
            rhs.collectVariables(into: &names)
        }
    }

    // MARK: - Printing

    /// Binding strength for printing, matching the grammar: sum 1, product 2,
    /// unary minus 3, power 4, atom 5.
    private var precedence: Int {
        switch self {
        case .number(let value): value < 0 || (value == 0 && value.sign == .minus) ? 3 : 5
        case .variable, .constant, .call, .call2: 5
        case .negate: 3
        case .binary(let op, _, _):
            switch op {
            case .add, .subtract: 1
            case .multiply, .divide: 2
            case .power: 4
            }
        }
    }

    /// The normalised form: spaces around `+ - * /`, none around `^`, `**`
    /// written as `^`, and only the parentheses the grammar needs. Parsing the
    /// description again gives the same tree.
    var description: String {
        switch self {
        case .number(let value):
            return Self.format(value)
        case .variable(_, let name), .constant(let name, _):
            return name
        case .negate(let operand):
            return "-" + operand.wrapped(if: operand.precedence < 3)
        case .call(let function, let argument):
            return function.name + "(" + argument.description + ")"
        case .call2(let function, let first, let second):
            return function.name + "(" + first.description + ", " + second.description + ")"
        case .binary(let op, let lhs, let rhs):
            let level = precedence
            if op == .power {
                // Right-associative; the base must be an atom, the exponent
                // may be a unary minus or another power.
                return lhs.wrapped(if: lhs.precedence <= 4) + "^" + rhs.wrapped(if: rhs.precedence < 3)
            }
            // Left-associative: a - (b - c) keeps its parentheses.
            return lhs.wrapped(if: lhs.precedence < level) + " \(op.symbol) "
                + rhs.wrapped(if: rhs.precedence <= level)
        }
    }

    private func wrapped(if needed: Bool) -> String {
        needed ? "(" + description + ")" : description
    }

    /// Integers without a fraction (`2`, not `2.0`), other values in Swift's
    /// shortest round-tripping form (`0.001`, `1e-10`, `1e+20`).
    static func format(_ value: Double) -> String {
        if value == value.rounded(), value.magnitude < 1e15 {
            return value == 0 && value.sign == .minus ? "-0" : String(Int64(value))
        }
        return "\(value)"
    }
}
