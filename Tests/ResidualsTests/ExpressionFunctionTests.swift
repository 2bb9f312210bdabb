#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Residuals

/// The functions added to the formula language (atan … erfc, atan2, pow, min,
/// max): values against the C library, first derivatives against closed forms
/// and central differences, second derivatives (``SecondOrderJet``) against
/// central differences of the exact gradient, in every evaluation path — Double
/// point by point and in blocks, ``Dual``, ``Dual8``, ``SecondOrderJet`` and the
/// PDE equations' residual partials.
@Suite("Expression functions")
struct ExpressionFunctionTests {
    struct Unary: CustomTestStringConvertible, Sendable {
        let name: String
        let points: [Double]
        let value: @Sendable (Double) -> Double
        /// f′ written independently of the implementation.
        let slope: @Sendable (Double) -> Double
        var testDescription: String { name }
    }

    static let unary: [Unary] = [
        Unary(name: "atan", points: [-3, -0.2, 0, 0.7, 40], value: { atan($0) }, slope: { 1 / (1 + $0 * $0) }),
        Unary(name: "arctan", points: [-1.5, 0.3], value: { atan($0) }, slope: { 1 / (1 + $0 * $0) }),
        Unary(name: "asin", points: [-0.9, -0.1, 0, 0.5, 0.99], value: { asin($0) }, slope: { 1 / sqrt(1 - $0 * $0) }),
        Unary(name: "acos", points: [-0.9, 0, 0.4, 0.95], value: { acos($0) }, slope: { -1 / sqrt(1 - $0 * $0) }),
        Unary(name: "sinh", points: [-2, 0, 0.3, 3], value: { sinh($0) }, slope: { cosh($0) }),
        Unary(name: "cosh", points: [-2, 0, 0.3, 3], value: { cosh($0) }, slope: { sinh($0) }),
        Unary(name: "asinh", points: [-5, -0.3, 0, 2], value: { asinh($0) }, slope: { 1 / sqrt($0 * $0 + 1) }),
        Unary(name: "acosh", points: [1.1, 2, 10], value: { acosh($0) }, slope: { 1 / sqrt($0 * $0 - 1) }),
        Unary(name: "atanh", points: [-0.9, 0, 0.5], value: { atanh($0) }, slope: { 1 / (1 - $0 * $0) }),
        Unary(name: "erf", points: [-2, -0.4, 0, 0.8, 3], value: { erf($0) }, slope: { 2 / Double.pi.squareRoot() * exp(-$0 * $0) }),
        Unary(name: "erfc", points: [-1, 0, 0.8, 5], value: { erfc($0) }, slope: { -2 / Double.pi.squareRoot() * exp(-$0 * $0) }),
    ]

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-7) -> Bool {
        (a - b).magnitude <= tolerance * (1 + max(a.magnitude, b.magnitude))
    }

    @Test("f(x): value as libm, f′ as the closed form, in Double, Dual, Dual8 and SecondOrderJet", arguments: unary)
    func valueAndSlope(_ c: Unary) throws {
        let f = try MathExpression("\(c.name)(x)", variables: ["x"])
        for x in c.points {
            #expect(f.evaluate([x]) == c.value(x), "\(c.name)(\(x))")
            let dual: Dual = f.evaluate([Dual.variable(x, index: 0, count: 1)])
            #expect(dual.value == c.value(x))
            #expect(Self.close(dual.partial(0), c.slope(x), 1e-14), "\(c.name)′(\(x)) = \(dual.partial(0)), expected \(c.slope(x))")
            let dual8: Dual8 = f.evaluate([Dual8.variable(x, index: 0)])
            #expect(dual8.value == dual.value && dual8.partials[0] == dual.partial(0))
            let jet: SecondOrderJet = f.evaluate([SecondOrderJet.variable(x, index: 0, count: 1)])
            #expect(jet.value == dual.value && jet.gradient[0] == dual.partial(0))
            // f″ against a central difference of the exact f′ (error O(h²) ≈ 1e-10 relative).
            let h = 1e-5 * max(1, x.magnitude)
            let fd = (c.slope(x + h) - c.slope(x - h)) / (2 * h)
            #expect(Self.close(jet.hessian[0], fd, 1e-6), "\(c.name)″(\(x)) = \(jet.hessian[0]), differences give \(fd)")
        }
    }

    /// Compound formulas in two variables: every chain-rule path of first and
    /// second order against central differences.
    static let compound: [String] = [
        "atan(x*y) + asin(x/3) * acos(y/4)",
        "arctan(y/(x - 2))/pi - 0.5*x",
        "sinh(x - y)*cosh(x*y) + asinh(3*x*y)",
        "acosh(2 + x*x) * atanh(y/5)",
        "erf(x*y) - 3*erfc(x - y^2)",
        "atan2(y, x)", "atan2(x*y, 1 + y)", "atan2(-y, -x - 1)",
        "pow(x, 3) + pow(y + 2, x)", "min(x, y)^2", "max(x*y, 1 - y) + min(sin(x), cos(y))",
    ]
    static let points: [[Double]] = [[0.7, 1.3], [-0.4, 0.9], [1.6, -0.6]]

    @Test("gradients and Hessians of compound formulas match central differences", arguments: compound)
    func compoundDerivatives(_ source: String) throws {
        let f = try MathExpression(source, variables: ["x", "y"])
        for p in Self.points {
            let (value, gradient) = f.gradient(at: p)
            #expect(value == f.evaluate(p))
            let jet: SecondOrderJet = f.evaluate((0..<2).map { SecondOrderJet.variable(p[$0], index: $0, count: 2) })
            let dual8: Dual8 = f.evaluate((0..<2).map { Dual8.variable(p[$0], index: $0) })
            for k in 0..<2 {
                let h = 1e-6
                var plus = p, minus = p
                plus[k] += h; minus[k] -= h
                let fd = (f.evaluate(plus) - f.evaluate(minus)) / (2 * h)
                #expect(Self.close(gradient[k], fd, 1e-7), "\(source) ∂\(k) at \(p): \(gradient[k]) vs \(fd)")
                #expect(Self.close(jet.gradient[k], gradient[k], 1e-14) && Self.close(dual8.partials[k], gradient[k], 1e-14))
                // Row k of the Hessian: differences of the exact gradient.
                let gPlus = f.gradient(at: plus).gradient, gMinus = f.gradient(at: minus).gradient
                for q in 0..<2 {
                    let second = (gPlus[q] - gMinus[q]) / (2 * h)
                    let exact = jet.hessian.isEmpty ? 0 : jet.hessian[k * 2 + q]
                    #expect(Self.close(exact, second, 1e-6), "\(source) ∂\(k)∂\(q) at \(p): \(exact) vs \(second)")
                }
            }
            if !jet.hessian.isEmpty { #expect(Self.close(jet.hessian[1], jet.hessian[2], 1e-12), "Hessian symmetric") }
        }
    }

    @Test("block evaluation equals point-by-point evaluation", arguments: compound)
    func blocks(_ source: String) throws {
        let f = try MathExpression(source, variables: ["x", "y"])
        var coordinates: [Double] = []
        for i in 0..<600 {
            let t = Double(i)
            coordinates.append(-2 + 0.007 * t)
            coordinates.append(1.5 - 0.004 * t)
        }
        let block = f.evaluate(points: coordinates, dimension: 2)
        for i in 0..<600 {
            let scalar = f.evaluate([coordinates[2 * i], coordinates[2 * i + 1]])
            #expect(block[i] == scalar || (block[i].isNaN && scalar.isNaN), "\(source) at point \(i)")
        }
    }

    @Test("atan2 knows its quadrant; min and max pick an argument and its derivatives")
    func quadrantsAndSelection() throws {
        let f = try MathExpression("atan2(y, x)", variables: ["x", "y"])
        #expect(f.evaluate([-1, 1]) == 3 * Double.pi / 4)
        #expect(f.evaluate([-1, -1]) == -3 * Double.pi / 4)
        let m = try MathExpression("max(x, 2*y)", variables: ["x", "y"])
        #expect(m.gradient(at: [3, 1]).gradient == [1, 0])
        #expect(m.gradient(at: [1, 1]).gradient == [0, 2])
        // A tie takes the first argument's derivatives; a NaN is never dropped.
        #expect(m.gradient(at: [2, 1]).gradient == [1, 0])
        let n = try MathExpression("min(sqrt(x), y)", variables: ["x", "y"])
        #expect(n.evaluate([-1, 0]).isNaN)
        #expect(try MathExpression("max(y, sqrt(x))", variables: ["x", "y"]).evaluate([-1, 0]).isNaN)
        // pow is the power operator: same tree, same printing.
        #expect(try MathExpression("pow(x, 2)", variables: ["x"]).description == "x^2")
        #expect(try MathExpression("atan2(y, x - 1)", variables: ["x", "y"]).description == "atan2(y, x - 1)")
        #expect(try MathExpression("atan2(1, 1)", variables: []).evaluate([]) == Double.pi / 4)
    }

    @Test("outside the domain the value and derivatives are NaN, never a trap; at the edge the slope is infinite")
    func domain() throws {
        for (source, x) in [("asin(x)", 1.5), ("acos(x)", -1.01), ("acosh(x)", 0.5), ("atanh(x)", 2.0), ("atanh(x)", -1.5)] {
            let f = try MathExpression(source, variables: ["x"])
            #expect(f.evaluate([x]).isNaN, "\(source) at \(x)")
            let d = f.gradient(at: [x])
            #expect(d.value.isNaN && d.gradient[0].isNaN, "\(source)′ at \(x)")
            let jet: SecondOrderJet = f.evaluate([SecondOrderJet.variable(x, index: 0, count: 1)])
            #expect(jet.value.isNaN && jet.gradient[0].isNaN)
        }
        let edge = try MathExpression("asin(x)", variables: ["x"]).gradient(at: [1])
        #expect(edge.value == Double.pi / 2 && edge.gradient[0] == .infinity)
    }

    @Test("argument counts, names without parentheses and reserved names give located errors")
    func errors() throws {
        func kind(_ s: String, _ v: [String] = ["x", "y"]) -> ExpressionError.Kind? {
            do { _ = try MathExpression(s, variables: v); return nil } catch { return error.kind }
        }
        #expect(kind("atan2(y)") == .wrongArgumentCount)
        #expect(kind("atan(x, y)") == .wrongArgumentCount)
        #expect(kind("min(x, y, 1)") == .wrongArgumentCount)
        #expect(kind("max + 1") == .functionWithoutParentheses)
        #expect(kind("max*x", ["max", "x"]) == .invalidDeclaration)
        #expect(kind("arcsin(x)") == .unknownFunction)
        do {
            _ = try MathExpression("atan2(y)", variables: ["x", "y"])
        } catch {
            #expect(error.message == "function 'atan2' takes 2 arguments, as in 'atan2(a, b)', got 1")
            #expect(error.column == 1 && error.length == 8)
        }
    }

    @Test("a PDE equation with the new functions: residual partials ∂F/∂jet match differences (Dual8 and Dual paths)")
    func equationPartials() throws {
        let eq = try Equation("u_t + atan(u)*u_x - erf(nu)*u_xx + max(u, 0)^2 = sinh(x)*asinh(t)",
                              variables: ["x", "t"], fields: ["u"], constants: ["nu": 0.3])
        let points = PointSet(dimension: 2, coordinates: [0.2, 0.1, -0.5, 0.7, 0.9, 0.4])
        let term = EquationTerm(equation: eq, points: points)
        let n = points.count, channels = term.channels.count
        var jet = [Double](repeating: 0, count: channels * n)
        for i in jet.indices { jet[i] = 0.3 * sin(Double(i) + 1) + 0.05 * Double(i % 3) }
        var residuals = [Double](repeating: 0, count: n), partials = [Double](repeating: 0, count: channels * n)
        func residualsAt(_ j: [Double]) -> [Double] {
            var r = [Double](repeating: 0, count: n)
            j.withUnsafeBufferPointer { jp in r.withUnsafeMutableBufferPointer { term.evaluate(jet: jp, residuals: $0, partials: nil) } }
            return r
        }
        jet.withUnsafeBufferPointer { jp in
            residuals.withUnsafeMutableBufferPointer { rp in
                partials.withUnsafeMutableBufferPointer { term.evaluate(jet: jp, residuals: rp, partials: $0) }
            }
        }
        #expect(residuals == residualsAt(jet))
        for c in 0..<channels {
            for i in 0..<n {
                let h = 1e-6
                var plus = jet, minus = jet
                plus[c * n + i] += h; minus[c * n + i] -= h
                let fd = (residualsAt(plus)[i] - residualsAt(minus)[i]) / (2 * h)
                #expect(Self.close(partials[c * n + i], fd, 1e-7), "channel \(c) point \(i): \(partials[c * n + i]) vs \(fd)")
            }
        }
    }
}
