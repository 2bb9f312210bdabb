// MARK: - ExpressionProgram

/// A folded expression compiled to postfix code for a stack machine.
///
/// `2*pi^2*sin(pi*x)*sin(pi*y)` folds to `19.739… * sin(3.14… * x) * sin(3.14… * y)`
/// and compiles to
///
///     variable 0, multiplyConstant π, function sin, multiplyConstant 2π²,
///     variable 1, multiplyConstant π, function sin, multiply
///
/// Operations with one constant operand are fused into one instruction, and
/// powers with a constant exponent become `powInteger` (repeated squaring) or
/// `powConstant`. The program runs either one point at a time for any
/// ``ExpressionScalar`` (``run(inputs:stack:)``), or on blocks of points for
/// Double (``ExpressionProgram+Blocks``), where each instruction is one tight
/// loop over the block.
struct ExpressionProgram: Sendable, Equatable {
    enum Instruction: Sendable, Equatable {
        /// Push c.
        case constant(Double)
        /// Push input k.
        case variable(Int)
        /// Pop b, pop a, push a ∘ b (a^b = exp(b log a) for `power`).
        case binary(ExpressionOperator)
        /// top = top + c (also top − c, as top + (−c), which is exact).
        case addConstant(Double)
        /// top = c − top.
        case constantMinus(Double)
        /// top = top · c.
        case multiplyConstant(Double)
        /// top = top / c.
        case divideByConstant(Double)
        /// top = c / top.
        case constantDividedBy(Double)
        /// top = −top.
        case negate
        /// top = topⁿ by repeated squaring.
        case powInteger(Int)
        /// top = top^c.
        case powConstant(Double)
        /// top = f(top).
        case function(ExpressionFunction)
        /// Pop b, pop a, push f(a, b).
        case function2(ExpressionBinaryFunction)
    }

    private(set) var instructions: [Instruction] = []
    /// The most values on the stack at any time (≥ 1).
    private(set) var maximumDepth = 0
    private var depth = 0

    /// Compiles a folded tree.
    init(compiling node: ExpressionNode) {
        emit(node)
        precondition(depth == 1, "ExpressionProgram: stack ends with \(depth) values, expected 1")
    }

    // MARK: - Compilation

    private mutating func emit(_ node: ExpressionNode) {
        switch node {
        case .number(let value), .constant(_, let value):
            push(.constant(value), change: 1)
        case .variable(let index, _):
            push(.variable(index), change: 1)
        case .negate(let operand):
            emit(operand)
            push(.negate, change: 0)
        case .call(let function, let argument):
            emit(argument)
            push(.function(function), change: 0)
        case .call2(let function, let first, let second):
            emit(first)
            emit(second)
            push(.function2(function), change: -1)
        case .binary(let op, let lhs, let rhs):
            emitBinary(op, lhs, rhs)
        }
    }

    private mutating func emitBinary(_ op: ExpressionOperator, _ lhs: ExpressionNode, _ rhs: ExpressionNode) {
        if let c = rhs.numberValue {
            emit(lhs)
            switch op {
            case .add: push(.addConstant(c), change: 0)
            case .subtract: push(.addConstant(-c), change: 0)
            case .multiply: push(.multiplyConstant(c), change: 0)
            case .divide: push(.divideByConstant(c), change: 0)
            case .power:
                if let n = ExpressionOperator.integerExponent(c) {
                    push(n == 1 ? nil : .powInteger(n), change: 0)
                } else {
                    push(.powConstant(c), change: 0)
                }
            }
            return
        }
        if let c = lhs.numberValue, op != .power {
            emit(rhs)
            switch op {
            case .add: push(.addConstant(c), change: 0)
            case .subtract: push(.constantMinus(c), change: 0)
            case .multiply: push(.multiplyConstant(c), change: 0)
            case .divide: push(.constantDividedBy(c), change: 0)
            case .power: preconditionFailure("unreachable")
            }
            return
        }
        emit(lhs)
        emit(rhs)
        push(.binary(op), change: -1)
    }

    private mutating func push(_ instruction: Instruction?, change: Int) {
        if let instruction { instructions.append(instruction) }
        depth += change
        maximumDepth = max(maximumDepth, depth)
    }

    // MARK: - Scalar evaluation

    /// Runs the program on one point.
    ///
    /// - Parameters:
    ///   - inputs: the variables, in declaration order.
    ///   - stack: uninitialised room for ``maximumDepth`` values; it is left
    ///     uninitialised again on return.
    @inline(__always)
    func run<S: ExpressionScalar>(inputs: UnsafeBufferPointer<S>, stack: UnsafeMutablePointer<S>) -> S {
        var top = 0  // number of initialised slots
        for instruction in instructions {
            switch instruction {
            case .constant(let c):
                (stack + top).initialize(to: S(c))
                top += 1
            case .variable(let k):
                (stack + top).initialize(to: inputs[k])
                top += 1
            case .binary(let op):
                top -= 1
                let rhs = (stack + top).move()
                stack[top - 1] = op.apply(stack[top - 1], rhs)
            case .addConstant(let c):
                stack[top - 1] = stack[top - 1] + S(c)
            case .constantMinus(let c):
                stack[top - 1] = S(c) - stack[top - 1]
            case .multiplyConstant(let c):
                stack[top - 1] = stack[top - 1] * S(c)
            case .divideByConstant(let c):
                stack[top - 1] = stack[top - 1] / S(c)
            case .constantDividedBy(let c):
                stack[top - 1] = S(c) / stack[top - 1]
            case .negate:
                stack[top - 1] = -stack[top - 1]
            case .powInteger(let n):
                stack[top - 1] = S.pow(stack[top - 1], n)
            case .powConstant(let c):
                stack[top - 1] = S.pow(stack[top - 1], c)
            case .function(let f):
                stack[top - 1] = f.apply(stack[top - 1])
            case .function2(let f):
                top -= 1
                let rhs = (stack + top).move()
                stack[top - 1] = f.apply(stack[top - 1], rhs)
            }
        }
        return stack.move()
    }
}
