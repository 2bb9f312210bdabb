import Testing
@testable import Residuals

// MARK: - Errors

@Suite("MathExpression errors")
struct ExpressionErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let source: String
        let kind: ExpressionError.Kind
        let column: Int
        let length: Int
        let message: String
        var testDescription: String { "\(kind): \(source)" }

        init(_ source: String, _ kind: ExpressionError.Kind, column: Int, length: Int = 1,
             _ message: String) {
            self.source = source
            self.kind = kind
            self.column = column
            self.length = length
            self.message = message
        }
    }

    static let cases: [Case] = [
        Case("", .emptyExpression, column: 1, "empty expression"),
        Case("   ", .emptyExpression, column: 1, "empty expression"),
        Case("2 # 3", .unexpectedCharacter, column: 3, "unexpected character '#'"),
        Case("2*π*x", .unexpectedCharacter, column: 3, "write 'pi'"),
        Case("x × y", .unexpectedCharacter, column: 3, "write '*'"),
        Case("1.2.3", .malformedNumber, column: 1, length: 5, "malformed number literal '1.2.3'"),
        Case("x + 1e+", .malformedNumber, column: 5, length: 3, "needs digits after the exponent"),
        Case("1e", .malformedNumber, column: 1, length: 2, "needs digits after the exponent"),
        Case("3 * 2x", .malformedNumber, column: 5, length: 2, "write '2*x' for a product"),
        Case("2exp(x)", .malformedNumber, column: 1, length: 4, "write '2*exp'"),
        Case("1e999", .malformedNumber, column: 1, length: 5, "out of the range of Double"),
        Case("x + .", .malformedNumber, column: 5, "'.' is not a number"),
        Case("2 +", .unexpectedEndOfInput, column: 4, "unexpected end of input after '+'"),
        Case("sin(x) * (", .unexpectedEndOfInput, column: 11, "after '('"),
        Case("(x + 1", .unbalancedParenthesis, column: 1, "'(' at column 1 is never closed"),
        Case("2*(x + (1)", .unbalancedParenthesis, column: 3, "'(' at column 3 is never closed"),
        Case("sin(x", .unbalancedParenthesis, column: 4, "never closed"),
        Case("x + 1)", .unbalancedParenthesis, column: 6, "')' has no matching '('"),
        Case("2 * / 3", .missingOperand, column: 5, "missing operand between '*' and '/'"),
        Case("*x", .missingOperand, column: 1, "missing operand before '*'"),
        Case("x ^ ^ 2", .missingOperand, column: 5, "missing operand between '^' and '^'"),
        Case("x + ()", .missingOperand, column: 6, "empty parentheses"),
        Case("(x +)", .missingOperand, column: 5, "between '+' and ')'"),
        Case("2 3", .missingOperator, column: 3, "missing operator between '2' and '3'"),
        Case("(x)(y)", .missingOperator, column: 4, "between ')' and '('"),
        Case("(x y)", .missingOperator, column: 4, "between 'x' and 'y'"),
        Case("x, y", .missingOperator, column: 2, "',' may only separate function arguments"),
        Case("z + 1", .unknownIdentifier, column: 1,
             "unknown identifier 'z'; did you mean 'x'? valid names: variables x, y; "
             + "constants nu; built-in constants pi, e; functions sin, cos"),
        Case("2*py", .unknownIdentifier, column: 3, length: 2, "did you mean 'pi'?"),
        Case("2*alpha", .unknownIdentifier, column: 3, length: 5, "unknown identifier 'alpha'; valid names"),
        Case("2*pi^2*sinn(pi*x)", .unknownFunction, column: 8, length: 4,
             "unknown function 'sinn'; did you mean 'sin'? valid functions: "
             + "sin, cos, tan, exp, log, sqrt, tanh, abs"),
        Case("foo(x)", .unknownFunction, column: 1, length: 3,
             "unknown function 'foo'; valid functions: sin"),
        Case("1 + sin(x, y)", .wrongArgumentCount, column: 5, length: 9,
             "function 'sin' takes 1 argument, got 2"),
        Case("exp()", .wrongArgumentCount, column: 1, length: 5, "function 'exp' takes 1 argument, got 0"),
        Case("x(y + 1)", .variableUsedAsFunction, column: 1, "'x' is a variable, not a function"),
        Case("2*nu(x)", .variableUsedAsFunction, column: 3, length: 2, "'nu' is a constant, not a function"),
        Case("pi(x)", .variableUsedAsFunction, column: 1, length: 2, "'pi' is a constant"),
        Case("sin x", .functionWithoutParentheses, column: 1, length: 3,
             "function 'sin' must be called with parentheses"),
        Case("2*exp", .functionWithoutParentheses, column: 3, length: 3, "as in 'exp(x)'"),
        Case("x^sqrt", .functionWithoutParentheses, column: 3, length: 4, "'sqrt'"),
    ]

    @Test(arguments: cases)
    func errorNamesKindColumnAndMessage(_ testCase: Case) {
        let thrown = #expect(throws: ExpressionError.self) {
            try MathExpression(testCase.source, variables: ["x", "y"], constants: ["nu": 0.1])
        }
        guard let error = thrown else { return }
        #expect(error.kind == testCase.kind, "\(error)")
        #expect(error.column == testCase.column, "\(error)")
        #expect(error.length == testCase.length, "\(error)")
        #expect(error.message.contains(testCase.message), "\(error)")
        let lines = error.caretDiagram.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2)
        #expect(lines.last == Substring(String(repeating: " ", count: testCase.column - 1)
                                        + String(repeating: "^", count: testCase.length)),
                "\(error)")
        #expect(error.description == error.caretDiagram + "\n" + error.message)
    }

    @Test func caretDiagramOfTheDocumentedExample() {
        let thrown = #expect(throws: ExpressionError.self) {
            try MathExpression("2*pi^2*sinn(pi*x)", variables: ["x", "y"])
        }
        #expect(thrown?.description == """
            2*pi^2*sinn(pi*x)
                   ^^^^
            unknown function 'sinn'; did you mean 'sin'? valid functions: sin, cos, tan, exp, log, sqrt, tanh, abs, \
            atan, asin, acos, sinh, cosh, asinh, acosh, atanh, erf, erfc, arctan, atan2, pow, min, max
            """)
    }

    @Test func caretDiagramKeepsTabsAndFlattensLineBreaks() {
        let thrown = #expect(throws: ExpressionError.self) {
            try MathExpression("x +\n\t2 $", variables: ["x"])
        }
        #expect(thrown?.column == 8)
        #expect(thrown?.caretDiagram == "x + \t2 $\n    \t  ^")
    }

    @Test func tooDeeplyNested() {
        let deep = String(repeating: "(", count: 5000) + "x" + String(repeating: ")", count: 5000)
        let chain = Array(repeating: "x", count: 3000).joined(separator: "+")
        let signs = String(repeating: "-", count: 5000) + "x"
        for (source, message) in [(deep, "100 levels"), (chain, "1000 operations"), (signs, "100 levels")] {
            let thrown = #expect(throws: ExpressionError.self) {
                try MathExpression(source, variables: ["x"])
            }
            #expect(thrown?.kind == .tooDeeplyNested)
            #expect(thrown?.message.contains(message) == true)
        }
        // A long sum and moderate nesting are fine.
        let sum = Array(repeating: "x", count: 900).joined(separator: " + ")
        #expect((try? MathExpression(sum, variables: ["x"]))?.evaluate([1]) == 900)
        let nested = String(repeating: "(-", count: 49) + "x" + String(repeating: ")", count: 49)
        #expect((try? MathExpression(nested, variables: ["x"]))?.evaluate([1]) == -1)
    }

    @Test(arguments: [
        (["x", "x"], [String: Double](), "variable 'x' is declared twice"),
        (["sin"], [:], "variable name 'sin' is reserved"),
        (["e"], [:], "variable name 'e' is reserved"),
        (["1x"], [:], "variable name '1x' is not an identifier"),
        (["u-x"], [:], "variable name 'u-x' is not an identifier"),
        ([], ["pi": 3.0], "constant name 'pi' is reserved"),
        (["x"], ["x": 1.0], "'x' is declared both as a variable and as a constant"),
        ([], ["nu": Double.nan], "constant 'nu' must be finite, got nan"),
        ([], ["": 1.0], "constant name '' is not an identifier"),
    ])
    func invalidDeclarations(variables: [String], constants: [String: Double], message: String) {
        let thrown = #expect(throws: ExpressionError.self) {
            try MathExpression("1", variables: variables, constants: constants)
        }
        #expect(thrown?.kind == .invalidDeclaration)
        #expect(thrown?.column == 0)
        #expect(thrown?.message.contains(message) == true, "\(String(describing: thrown))")
        #expect(thrown?.caretDiagram == "1")
    }

    @Test func derivativeStyleNamesAreIdentifiers() throws {
        let residual = try MathExpression("u_t - 0.25*u_xx", variables: ["u", "u_t", "u_xx"])
        #expect(residual.evaluate([0, 1, 4]) == 0)
        #expect(residual.referencedVariables == ["u_t", "u_xx"])
    }
}
