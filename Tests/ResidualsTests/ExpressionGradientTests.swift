#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Residuals

// MARK: - Gradients

@Suite("MathExpression gradients")
struct ExpressionGradientTests {
    /// Central differences (f(x + h eₖ) − f(x − h eₖ)) / 2h, error O(h²).
    func finiteDifferenceGradient(_ expression: MathExpression, at point: [Double],
                                  step: Double = 1e-5) -> [Double] {
        point.indices.map { k in
            var plus = point, minus = point
            plus[k] += step
            minus[k] -= step
            return (expression.evaluate(plus) - expression.evaluate(minus)) / (2 * step)
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let source: String
        let point: [Double]
        /// ∂f/∂x, ∂f/∂y in closed form.
        let closedForm: @Sendable (Double, Double) -> [Double]
        var testDescription: String { source }
    }

    static let cases: [Case] = [
        Case(source: "x^2.5", point: [1.3, 0.0]) { x, _ in [2.5 * pow(x, 1.5), 0] },
        Case(source: "x^2 * y", point: [0.7, -1.2]) { x, y in [2 * x * y, x * x] },
        Case(source: "exp(sin(x*y))", point: [0.7, -1.1]) { x, y in
            let s = exp(sin(x * y)) * cos(x * y)
            return [s * y, s * x]
        },
        Case(source: "sqrt(x^2 + y^2)", point: [0.6, 0.8]) { x, y in
            let r = (x * x + y * y).squareRoot()
            return [x / r, y / r]
        },
        Case(source: "log(1 + x*y)", point: [0.5, 2.0]) { x, y in [y / (1 + x * y), x / (1 + x * y)] },
        Case(source: "tanh(2*x - y)", point: [0.3, 0.1]) { x, y in
            let sech2 = 1 - tanh(2 * x - y) * tanh(2 * x - y)
            return [2 * sech2, -sech2]
        },
        Case(source: "atan(x*y - 1)", point: [0.6, 0.4]) { x, y in
            let q = 1 / (1 + (x * y - 1) * (x * y - 1))
            return [q * y, q * x]
        },
        Case(source: "abs(x - y)", point: [0.2, 0.9]) { _, _ in [-1, 1] },
        Case(source: "abs(x - y)", point: [1.2, 0.9]) { _, _ in [1, -1] },
        Case(source: "x^y", point: [1.5, 2.3]) { x, y in [y * pow(x, y - 1), pow(x, y) * log(x)] },
        Case(source: "2^(x*y)", point: [0.4, 1.5]) { x, y in
            let v = pow(2, x * y) * log(2.0)
            return [v * y, v * x]
        },
        Case(source: "(-x)^3 + 1/y^2", point: [0.5, 2.0]) { x, y in [-3 * x * x, -2 / (y * y * y)] },
        Case(source: "tan(x)/cos(y)", point: [0.4, 0.3]) { x, y in
            [(1 + tan(x) * tan(x)) / cos(y), tan(x) * sin(y) / (cos(y) * cos(y))]
        },
        Case(source: "(x - y)/(x + y) - 3*x + 7", point: [1.0, 2.0]) { x, y in
            let d = (x + y) * (x + y)
            return [2 * y / d - 3, -2 * x / d]
        },
        Case(source: "x^-1.5 - 2/x", point: [0.8, 0.0]) { x, _ in [-1.5 * pow(x, -2.5) + 2 / (x * x), 0] },
        Case(source: "pi^2 + e", point: [0.3, 0.4]) { _, _ in [0, 0] },
    ]

    @Test(arguments: cases)
    func gradientMatchesClosedFormAndFiniteDifferences(_ testCase: Case) throws {
        let expression = try MathExpression(testCase.source, variables: ["x", "y"])
        let (value, gradient) = expression.gradient(at: testCase.point)
        #expect(value == expression.evaluate(testCase.point), "value part must equal evaluate")
        let exact = testCase.closedForm(testCase.point[0], testCase.point[1])
        let numeric = finiteDifferenceGradient(expression, at: testCase.point)
        for k in 0..<2 {
            #expect(ExpressionTesting.close(gradient[k], exact[k], 1e-13),
                    "\(testCase.source): ∂\(k) = \(gradient[k]), closed form \(exact[k])")
            #expect(ExpressionTesting.close(gradient[k], numeric[k], 1e-8),
                    "\(testCase.source): ∂\(k) = \(gradient[k]), finite difference \(numeric[k])")
        }
    }

    @Test func genericEvaluationWithDual() throws {
        let expression = try MathExpression("x*y + sin(x)", variables: ["x", "y"])
        let inputs = [Dual(value: 0.5, partials: [1, 0, 0]), Dual(value: 2, partials: [0, 1, 0])]
        let result = expression.evaluate(inputs)
        // One or two roundings of libm's sin/cos away from the closed forms.
        #expect(abs(result.value - (0.5 * 2 + sin(0.5))) <= 4e-16)
        #expect(result.partials.count == 3 && abs(result.partials[0] - (2 + cos(0.5))) <= 8e-16
                && result.partials[1] == 0.5 && result.partials[2] == 0)
        #expect(result.partial(2) == 0)
        #expect(Dual(3).partial(5) == 0)
    }

    @Test func integerPowersMatchBetweenDoubleAndDual() throws {
        for n in [-5, -2, -1, 0, 1, 2, 3, 4, 7, 16, 33, 64] {
            let x = 1.1
            let dual = Dual.pow(Dual.variable(x, index: 0, count: 1), n)
            #expect(dual.value == Double.pow(x, n), "n = \(n)")
            #expect(ExpressionTesting.close(dual.value, pow(x, Double(n)), 1e-14), "n = \(n)")
            #expect(ExpressionTesting.close(dual.partials[0], Double(n) * pow(x, Double(n - 1)), 1e-14), "n = \(n)")
        }
    }

    @Test func negativeBaseWithConstantExponentHasFiniteDerivative() throws {
        let expression = try MathExpression("x^3", variables: ["x"])
        let (value, gradient) = expression.gradient(at: [-2])
        #expect(value == -8)
        #expect(gradient == [12])
    }

    @Test func gradientWithRespectToASubsetMatchesTheFullGradient() throws {
        let model = try MathExpression("b1 * exp(-b2 * x) + b3 / (1 + x^2 * b2)", variables: ["b1", "b2", "b3", "x"])
        let point = [2.5, 0.3, -1.2, 0.8]
        let full = model.gradient(at: point)
        let partial = model.gradient(at: point, withRespectTo: 0..<3)
        #expect(partial.value == full.value)
        #expect(partial.gradient.count == 3)
        for k in 0..<3 { #expect(ExpressionTesting.close(partial.gradient[k], full.gradient[k], 1e-15)) }
        let onlyX = model.gradient(at: point, withRespectTo: 3..<4)
        #expect(ExpressionTesting.close(onlyX.gradient[0], full.gradient[3], 1e-15))
        // A formula that does not read the seeded variables has a zero gradient of the right length.
        let constantInB = try MathExpression("x^2", variables: ["b1", "x"])
        #expect(constantInB.gradient(at: [1, 3], withRespectTo: 0..<1).gradient == [0])
    }
}
