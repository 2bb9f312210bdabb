// MARK: - MathExpression

/// A formula from a problem file — a source term, boundary data, an exact
/// solution — parsed once and evaluated many times.
///
///     let f = try MathExpression("2*pi^2*sin(pi*x)*sin(pi*y)", variables: ["x", "y"])
///     f.evaluate([0.5, 0.5])                                  // 19.739…
///     f.evaluate(points: xy, dimension: 2, into: &values)     // 10⁶ points
///     f.gradient(at: [0.25, 0.5])                             // value, [∂x, ∂y]
///
/// Grammar (EBNF; whitespace between tokens is ignored):
///
///     expression = sum ;
///     sum        = product , { ( "+" | "-" ) , product } ;
///     product    = unary , { ( "*" | "/" ) , unary } ;
///     unary      = ( "-" | "+" ) , unary | power ;
///     power      = primary , [ ( "^" | "**" ) , unary ] ;
///     primary    = number | name | call | "(" , expression , ")" ;
///     call       = function , "(" , expression , ")"
///                | function2 , "(" , expression , "," , expression , ")" ;
///     function   = "sin" | "cos" | "tan" | "exp" | "log" | "sqrt" | "tanh" | "abs"
///                | "atan" | "arctan" | "asin" | "acos" | "sinh" | "cosh"
///                | "asinh" | "acosh" | "atanh" | "erf" | "erfc" ;
///     function2  = "atan2" | "pow" | "min" | "max" ;
///     name       = ( letter | "_" ) , { letter | digit | "_" } ;
///     number     = digits , [ "." , [ digits ] ] , [ exponent ]
///                | "." , digits , [ exponent ] ;
///     exponent   = ( "e" | "E" ) , [ "+" | "-" ] , digits ;
///
/// - `^` (or `**`) is right-associative and binds tighter than a unary minus
///   on its left: `2^3^2` = 512, `-2^2` = −4, `2^-1` = 0.5.
/// - `*` `/` `+` `-` are left-associative: `1/2/4` = 0.125.
/// - A name is a variable (an input given at evaluation, by position in
///   `variables`), a constant from `constants`, or a built-in constant `pi`,
///   `e`. `log` is the natural logarithm.
///
/// Constants and every variable-free subexpression are folded at parse time;
/// the rest compiles to a flat stack-machine program (``ExpressionProgram``).
/// Evaluation allocates nothing per point.
public struct MathExpression: Sendable, CustomStringConvertible {
    /// The formula as written.
    public let source: String
    /// The input names, in the order inputs are given to `evaluate`.
    public let variables: [String]
    /// The named constants the formula may use (folded at parse time).
    public let constants: [String: Double]

    /// The tree as parsed, names kept (for ``description``).
    let tree: ExpressionNode
    /// The folded tree compiled to postfix code.
    let program: ExpressionProgram
    private let usedVariables: Set<String>

    /// Parses and compiles `source`.
    ///
    /// - Parameters:
    ///   - source: the formula, e.g. `"exp(-t)*cos(pi*x)"`.
    ///   - variables: the input names, e.g. `["x", "t"]`; inputs are passed in
    ///     this order. Each must be an identifier, unique, and not a function
    ///     name, `pi` or `e`.
    ///   - constants: named values such as `["nu": 0.01]`, same naming rules.
    /// - Throws: ``ExpressionError`` naming the column, what is wrong and, for
    ///   unknown names, the valid ones and the closest match.
    public init(_ source: String, variables: [String],
                constants: [String: Double] = [:]) throws(ExpressionError) {
        let scope = try ExpressionScope(variables: variables, constants: constants, source: source)
        let tree = try ExpressionParser.parse(source, scope: scope)
        var used = Set<String>()
        tree.collectVariables(into: &used)
        self.source = source
        self.variables = variables
        self.constants = constants
        self.tree = tree
        self.program = ExpressionProgram(compiling: tree.folded())
        self.usedVariables = used
    }

    // MARK: - Properties

    /// The variables the formula actually reads (a subset of `variables`).
    public var referencedVariables: Set<String> { usedVariables }

    /// Whether the formula reads no variable (it folded to one number).
    public var isConstant: Bool { usedVariables.isEmpty }

    /// The normalised form: `2 * pi^2 * sin(pi * x) * sin(pi * y)`. Parsing it
    /// again gives the same expression.
    public var description: String { tree.description }

    // MARK: - Evaluation at one point

    /// The value at one point; `inputs[k]` is the value of `variables[k]`.
    public func evaluate(_ inputs: [Double]) -> Double {
        checkInputCount(inputs.count)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: program.maximumDepth) { stack in
            inputs.withUnsafeBufferPointer { program.run(inputs: $0, stack: stack.baseAddress!) }
        }
    }

    /// The value at one point for any scalar type, e.g. ``Dual`` for
    /// derivatives; `inputs[k]` is the value of `variables[k]`.
    public func evaluate<S: ExpressionScalar>(_ inputs: [S]) -> S {
        checkInputCount(inputs.count)
        return withUnsafeTemporaryAllocation(of: S.self, capacity: program.maximumDepth) { stack in
            inputs.withUnsafeBufferPointer { program.run(inputs: $0, stack: stack.baseAddress!) }
        }
    }

    /// The value and the partial derivatives ∂f/∂variables[k] at one point,
    /// by forward-mode differentiation with ``Dual``.
    public func gradient(at inputs: [Double]) -> (value: Double, gradient: [Double]) {
        checkInputCount(inputs.count)
        let seeds = inputs.indices.map { Dual.variable(inputs[$0], index: $0, count: inputs.count) }
        let result = evaluate(seeds)
        let gradient = result.partials.isEmpty
            ? [Double](repeating: 0, count: inputs.count) : result.partials
        return (result.value, gradient)
    }

    /// The value and the partial derivatives ∂f/∂variables[k] for k in `seeded`
    /// only (in that order); the other inputs enter as constants and carry no
    /// partials. For a model f(x; b₁…bₙ) with variables `[b1, …, bn, x]`, seeding
    /// `0..<n` gives the row of the Jacobian ∂f/∂b at the point x at the cost of n
    /// partials per operation.
    public func gradient(at inputs: [Double], withRespectTo seeded: Range<Int>)
        -> (value: Double, gradient: [Double]) {
        checkInputCount(inputs.count)
        precondition(seeded.lowerBound >= 0 && seeded.upperBound <= inputs.count,
                     "MathExpression '\(source)': seeded variables \(seeded) outside 0..<\(inputs.count)")
        let seeds = inputs.indices.map { k in
            seeded.contains(k)
                ? Dual.variable(inputs[k], index: k - seeded.lowerBound, count: seeded.count)
                : Dual(inputs[k])
        }
        let result = evaluate(seeds)
        let gradient = result.partials.isEmpty
            ? [Double](repeating: 0, count: seeded.count) : result.partials
        return (result.value, gradient)
    }

    private func checkInputCount(_ count: Int) {
        precondition(count == variables.count,
                     "MathExpression '\(source)': got \(count) inputs, expected \(variables.count) "
                     + "(\(variables.joined(separator: ", ")))")
    }
}
