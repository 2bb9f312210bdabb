// MARK: - ExpressionParser

/// A recursive-descent parser for the grammar of ``MathExpression``:
///
///     expression = sum ;
///     sum        = product , { ( "+" | "-" ) , product } ;
///     product    = unary , { ( "*" | "/" ) , unary } ;
///     unary      = ( "-" | "+" ) , unary | power ;
///     power      = primary , [ ( "^" | "**" ) , unary ] ;
///     primary    = number | name | call | "(" , expression , ")" ;
///     call       = name , "(" , expression , [ "," , expression ] , ")" ;
///
/// So `^` is right-associative (2^3^2 = 2^9), binds tighter than a unary minus
/// on its left (-x^2 = -(x^2)) and admits one on its right (2^-1 = 0.5).
/// Names are resolved against an ``ExpressionScope`` while parsing, so every
/// error points at the token that caused it.
struct ExpressionParser {
    /// The most nested parentheses, signs and exponents accepted. Each level
    /// costs about five parser frames; 100 keeps parsing far inside the 512 KiB
    /// stacks of secondary threads, and real formulas nest a dozen levels.
    static let maximumNesting = 100
    /// The tallest tree accepted (a chain of n operators is n levels). It
    /// bounds the recursion of folding, compiling and printing.
    static let maximumHeight = 1000

    /// A subtree and its height.
    private typealias Parsed = (node: ExpressionNode, height: Int)

    private let source: String
    private let tokens: [ExpressionToken]
    private let scope: ExpressionScope
    private var position = 0
    /// Current recursion depth through `parseUnary` (every nesting passes it).
    private var depth = 0

    /// The tree of `source`, with names resolved in `scope`.
    static func parse(_ source: String, scope: ExpressionScope) throws(ExpressionError) -> ExpressionNode {
        var parser = ExpressionParser(source: source, tokens: try ExpressionLexer.tokenize(source),
                                      scope: scope)
        return try parser.parseExpression()
    }

    private init(source: String, tokens: [ExpressionToken], scope: ExpressionScope) {
        self.source = source
        self.tokens = tokens
        self.scope = scope
    }

    // MARK: - Grammar rules

    private mutating func parseExpression() throws(ExpressionError) -> ExpressionNode {
        if current.kind == .end {
            throw ExpressionError(.emptyExpression, "empty expression; write a formula such as "
                                  + "'sin(pi*x)'", source: source, column: 1, length: 1)
        }
        let result = try parseSum()
        switch current.kind {
        case .end:
            return result.node
        case .rightParen:
            throw error(.unbalancedParenthesis, "')' has no matching '('", at: current)
        default:
            throw missingOperator()
        }
    }

    private mutating func parseSum() throws(ExpressionError) -> Parsed {
        var lhs = try parseProduct()
        while current.kind == .plus || current.kind == .minus {
            let op: ExpressionOperator = current.kind == .plus ? .add : .subtract
            let opToken = advance()
            let rhs = try parseProduct()
            lhs = try combine(.binary(op, lhs.node, rhs.node), lhs, rhs, at: opToken)
        }
        return lhs
    }

    private mutating func parseProduct() throws(ExpressionError) -> Parsed {
        var lhs = try parseUnary()
        while current.kind == .star || current.kind == .slash {
            let op: ExpressionOperator = current.kind == .star ? .multiply : .divide
            let opToken = advance()
            let rhs = try parseUnary()
            lhs = try combine(.binary(op, lhs.node, rhs.node), lhs, rhs, at: opToken)
        }
        return lhs
    }

    private mutating func parseUnary() throws(ExpressionError) -> Parsed {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumNesting else {
            throw error(.tooDeeplyNested, "expression nests deeper than \(Self.maximumNesting) "
                        + "levels of parentheses, signs and powers; simplify it", at: current)
        }
        guard current.kind == .minus || current.kind == .plus else { return try parsePower() }
        let sign = advance()
        let operand = try parseUnary()
        let node: ExpressionNode = sign.kind == .minus ? .negate(operand.node) : operand.node
        return try combine(node, operand, at: sign)
    }

    private mutating func parsePower() throws(ExpressionError) -> Parsed {
        let base = try parsePrimary()
        guard current.kind == .caret else { return base }
        let caret = advance()
        let exponent = try parseUnary()
        return try combine(.binary(.power, base.node, exponent.node), base, exponent, at: caret)
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Parsed {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return (.number(value), 1)
        case .identifier(let name):
            advance()
            if current.kind == .leftParen { return try parseCall(name: name, nameToken: token) }
            return (try resolveValue(name, token), 1)
        case .leftParen:
            advance()
            let inner = try parseSum()
            try expectClosing(token)
            return try combine(inner.node, inner, at: token)
        case .end:
            let after = position > 0 ? " after \(tokens[position - 1].quoted)" : ""
            throw error(.unexpectedEndOfInput, "unexpected end of input\(after); expected a number, "
                        + "a name, a function call or '('", at: token)
        case .rightParen where position > 0 && tokens[position - 1].kind == .leftParen:
            throw error(.missingOperand, "empty parentheses; expected an expression between '(' and ')'",
                        at: token)
        default:
            let between = position > 0 ? "between \(tokens[position - 1].quoted) and " : "before "
            throw error(.missingOperand, "missing operand \(between)\(token.quoted)", at: token)
        }
    }

    /// `name(arguments)`, with `current` at the `(`.
    private mutating func parseCall(name: String, nameToken: ExpressionToken) throws(ExpressionError) -> Parsed {
        if scope.lookup(name) == nil, !scope.callVariables(name).isEmpty {
            return try parseCallVariable(op: name, opToken: nameToken)
        }
        let function: ExpressionFunction?, binary: ExpressionBinaryFunction?
        switch scope.lookup(name) {
        case .function(let f):
            (function, binary) = (f, nil)
        case .binaryFunction(let f):
            (function, binary) = (nil, f)
        case .variable:
            throw error(.variableUsedAsFunction, "'\(name)' is a variable, not a function; "
                        + "write '\(name)*(...)' for a product", at: nameToken)
        case .constant:
            throw error(.variableUsedAsFunction, "'\(name)' is a constant, not a function; "
                        + "write '\(name)*(...)' for a product", at: nameToken)
        case nil:
            throw error(.unknownFunction, "unknown function '\(name)'"
                        + ExpressionScope.didYouMean(name, among: ExpressionScope.functionNames)
                        + " valid functions: " + ExpressionScope.functionNames.joined(separator: ", "),
                        at: nameToken)
        }
        let open = advance()
        var arguments: [Parsed] = []
        if current.kind != .rightParen {
            arguments.append(try parseSum())
            while current.kind == .comma {
                advance()
                arguments.append(try parseSum())
            }
        }
        try expectClosing(open)
        let arity = binary == nil ? ExpressionFunction.arity : ExpressionBinaryFunction.arity
        guard arguments.count == arity else {
            let close = tokens[position - 1]
            let takes = arity == 1 ? "1 argument" : "2 arguments, as in '\(name)(a, b)'"
            throw ExpressionError(.wrongArgumentCount,
                                  "function '\(name)' takes \(takes), got \(arguments.count)",
                                  source: source, column: nameToken.column,
                                  length: close.column + close.length - nameToken.column)
        }
        if let function {
            return try combine(.call(function, arguments[0].node), arguments[0], at: nameToken)
        }
        let (a, b) = (arguments[0], arguments[1])
        let node: ExpressionNode = binary == .pow ? .binary(.power, a.node, b.node) : .call2(binary!, a.node, b.node)
        return try combine(node, a, b, at: nameToken)
    }

    /// `op(name)` where variables of that call form are declared, e.g. `lap(u)`;
    /// `current` is at the `(`. The argument must be a plain name.
    private mutating func parseCallVariable(op: String, opToken: ExpressionToken) throws(ExpressionError) -> Parsed {
        let valid = scope.callVariables(op)
        let open = advance()
        let argument = current
        guard case .identifier(let name) = argument.kind, tokens[position + 1].kind == .rightParen else {
            throw error(.unknownIdentifier, "'\(op)(…)' takes the name of a field; valid: "
                        + valid.joined(separator: ", "), at: open)
        }
        let declared = "\(op)(\(name))"
        guard case .variable(let index) = scope.lookup(declared) else {
            let fields = valid.compactMap { ExpressionScope.callForm($0)?.argument }
            throw error(.unknownIdentifier, "unknown field '\(name)' in '\(declared)'"
                        + ExpressionScope.didYouMean(name, among: fields)
                        + " valid: " + valid.joined(separator: ", "), at: argument)
        }
        advance()
        advance()
        return (.variable(index: index, name: declared), 1)
    }

    // MARK: - Names

    /// A name used as a value.
    private func resolveValue(_ name: String, _ token: ExpressionToken) throws(ExpressionError) -> ExpressionNode {
        switch scope.lookup(name) {
        case .variable(let index):
            return .variable(index: index, name: name)
        case .constant(let value):
            return .constant(name: name, value: value)
        case .function:
            throw error(.functionWithoutParentheses, "function '\(name)' must be called with "
                        + "parentheses around its argument, as in '\(name)(x)'", at: token)
        case .binaryFunction:
            throw error(.functionWithoutParentheses, "function '\(name)' must be called with "
                        + "parentheses around its two arguments, as in '\(name)(a, b)'", at: token)
        case nil:
            throw error(.unknownIdentifier, "unknown identifier '\(name)'"
                        + ExpressionScope.didYouMean(name, among: scope.valueNames)
                        + " valid names: " + scope.validNamesListing, at: token)
        }
    }

    // MARK: - Helpers

    private var current: ExpressionToken { tokens[position] }

    @discardableResult
    private mutating func advance() -> ExpressionToken {
        defer { if position < tokens.count - 1 { position += 1 } }
        return tokens[position]
    }

    /// Consumes the `)` that closes `open`.
    private mutating func expectClosing(_ open: ExpressionToken) throws(ExpressionError) {
        switch current.kind {
        case .rightParen:
            advance()
        case .end:
            throw error(.unbalancedParenthesis, "'(' at column \(open.column) is never closed; add ')'",
                        at: open)
        default:
            throw missingOperator()
        }
    }

    /// Two operands in a row: `current` follows a complete operand.
    private func missingOperator() -> ExpressionError {
        let token = current
        if token.kind == .comma {
            return error(.missingOperator, "',' may only separate function arguments", at: token)
        }
        let previous = tokens[position - 1]
        return error(.missingOperator, "missing operator between \(previous.quoted) and "
                     + "\(token.quoted); write '*' for a product", at: token)
    }

    /// `node` one level above its children, rejected when too deep.
    private func combine(_ node: ExpressionNode, _ children: Parsed...,
                         at token: ExpressionToken) throws(ExpressionError) -> Parsed {
        let height = 1 + children.map(\.height).max()!
        guard height <= Self.maximumHeight else {
            throw error(.tooDeeplyNested, "expression is more than \(Self.maximumHeight) "
                        + "operations deep; split it into smaller expressions", at: token)
        }
        return (node, height)
    }

    private func error(_ kind: ExpressionError.Kind, _ message: String,
                       at token: ExpressionToken) -> ExpressionError {
        ExpressionError(kind, message, source: source, column: token.column, length: token.length)
    }
}
