#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Residuals

// MARK: - Helpers

/// Helpers shared by the expression test files.
enum ExpressionTesting {
    /// |a − b| ≤ tolerance · max(1, |b|).
    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-14) -> Bool {
        (a - b).magnitude <= tolerance * max(1, b.magnitude)
    }

    /// Deterministic points in [lower, upper)^dimension, point-major (a fixed
    /// linear congruential sequence, so every run sees the same points).
    static func samplePoints(count: Int, dimension: Int, lower: Double = -2, upper: Double = 2,
                             seed: UInt64 = 42) -> [Double] {
        var state = seed
        return (0..<count * dimension).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return lower + (upper - lower) * Double(state >> 11) / Double(1 << 53)
        }
    }
}

// MARK: - Values

@Suite("MathExpression values")
struct ExpressionValueTests {
    @Test("precedence and associativity", arguments: [
        ("2+3*4", 14.0),
        ("2^3^2", 512),
        ("2**3**2", 512),
        ("-2^2", -4),
        ("(-2)^2", 4),
        ("2^-1", 0.5),
        ("-2^-2", -0.25),
        ("(1+2)*3", 9),
        ("1/2/4", 0.125),
        ("1-2-3", -4),
        ("2*3^2", 18),
        ("--2", 2),
        ("-(-(-2))", -2),
        ("- - -2", -2),
        ("+2", 2),
        ("2 - -3", 5),
        ("2*-3", -6),
        ("1e-3", 0.001),
        ("2.5E+4", 25_000),
        ("1.5e2*2", 300),
        (".5", 0.5),
        ("3.", 3),
        ("  1 +\t2\n", 3),
        ("e", 2.718281828459045),
        ("pi", Double.pi),
    ])
    func constantValues(source: String, expected: Double) throws {
        let expression = try MathExpression(source, variables: [])
        #expect(expression.evaluate([]) == expected, "\(source)")
        #expect(expression.isConstant)
    }

    @Test func closedFormsAtSeveralPoints() throws {
        let cases: [(String, (Double, Double, Double) -> Double)] = [
            ("2*pi^2*sin(pi*x)*sin(pi*y)", { x, y, _ in 2 * .pi * .pi * sin(.pi * x) * sin(.pi * y) }),
            ("exp(-t)*cos(pi*x)", { x, _, t in exp(-t) * cos(.pi * x) }),
            ("-(x^2 + y^2)/2", { x, y, _ in -(x * x + y * y) / 2 }),
            ("1e-3*x", { x, _, _ in 1e-3 * x }),
            ("sin(cos(x*y) + t)", { x, y, t in sin(cos(x * y) + t) }),
            ("sqrt(x^2 + y^2 + 1)", { x, y, _ in (x * x + y * y + 1).squareRoot() }),
            ("log(1 + abs(x))/tanh(2 + y)", { x, y, _ in log(1 + abs(x)) / tanh(2 + y) }),
            ("tan(x/3) - exp(y)^2", { x, y, _ in tan(x / 3) - exp(y) * exp(y) }),
            ("abs(x)^2.5 * y^0", { x, _, _ in pow(abs(x), 2.5) }),
            ("abs(x)**0.5 + 2^t", { x, _, t in abs(x).squareRoot() + pow(2, t) }),
            ("(x - 1)^3 - 1/x^2", { x, _, _ in (x - 1) * (x - 1) * (x - 1) - 1 / (x * x) }),
            ("nu*x + L", { x, _, _ in 0.01 * x + 2 }),
        ]
        let points = [(0.25, 0.5, 0.0), (0.7, -0.3, 1.5), (1.3, 2.0, 0.1), (-0.9, 0.4, 3.0)]
        for (source, closedForm) in cases {
            let expression = try MathExpression(source, variables: ["x", "y", "t"],
                                            constants: ["nu": 0.01, "L": 2])
            for (x, y, t) in points {
                let value = expression.evaluate([x, y, t])
                #expect(ExpressionTesting.close(value, closedForm(x, y, t)), "\(source) at (\(x), \(y), \(t))")
            }
        }
    }

    @Test func integerPowersOfNegativeBases() throws {
        let cube = try MathExpression("x^3", variables: ["x"])
        #expect(cube.evaluate([-2]) == -8)
        let inverse = try MathExpression("x^-2", variables: ["x"])
        #expect(inverse.evaluate([-2]) == 0.25)
        let general = try MathExpression("x^y", variables: ["x", "y"])
        #expect(general.evaluate([-2, 3]) == -8)
        #expect(general.evaluate([2, 0.5]) == 2.0.squareRoot())
    }

    @Test func constantsAreFolded() throws {
        let expression = try MathExpression("2*pi^2*sin(pi*x)*sin(pi*y)", variables: ["x", "y"])
        #expect(expression.program.instructions == [
            .variable(0), .multiplyConstant(.pi), .function(.sin), .multiplyConstant(2 * .pi * .pi),
            .variable(1), .multiplyConstant(.pi), .function(.sin), .binary(.multiply),
        ])
        #expect(expression.program.maximumDepth == 2)
        let folded = try MathExpression("sqrt(c) * (1 + 2) - e^0", variables: [], constants: ["c": 16])
        #expect(folded.program.instructions == [.constant(11)])
    }

    @Test func referencedVariables() throws {
        let expression = try MathExpression("exp(-t)*cos(pi*x)", variables: ["x", "y", "t"])
        #expect(expression.referencedVariables == ["x", "t"])
        #expect(!expression.isConstant)
        #expect(try MathExpression("pi*c", variables: ["x"], constants: ["c": 1]).referencedVariables.isEmpty)
    }

    // MARK: - Description

    @Test("normalised description", arguments: [
        ("2*pi^2*sin(pi*x)*sin(pi*y)", "2 * pi^2 * sin(pi * x) * sin(pi * y)"),
        ("-(x^2 + y^2)/2", "-(x^2 + y^2) / 2"),
        ("x**2", "x^2"),
        ("2^3^2", "2^3^2"),
        ("(2^3)^2", "(2^3)^2"),
        ("(-x)^2", "(-x)^2"),
        ("-x^2", "-x^2"),
        ("x^-y", "x^-y"),
        ("x - (y - 1)", "x - (y - 1)"),
        ("(x - y) - 1", "x - y - 1"),
        ("x / (y * 2)", "x / (y * 2)"),
        ("((x))", "x"),
        ("1e-3*x + 2.5E+4", "0.001 * x + 25000"),
        ("--x", "--x"),
        ("-(x*y)", "-(x * y)"),
        ("2 * -x", "2 * -x"),
    ])
    func description(source: String, expected: String) throws {
        let expression = try MathExpression(source, variables: ["x", "y"])
        #expect(expression.description == expected)
        let again = try MathExpression(expression.description, variables: ["x", "y"])
        #expect(again.description == expected)
        #expect(again.tree == expression.tree, "re-parsing \(expected) changed the tree")
    }
}

// MARK: - Batched evaluation

@Suite("MathExpression batched evaluation")
struct ExpressionBatchTests {
    static let sources = [
        "2*pi^2*sin(pi*x)*sin(pi*y)",
        "-(x^2 + y^2)/2",
        "1 - x/3 + 2/(y + 5) - 4*x",
        "abs(x)^2.5 + (x*y)^3 - y^-2 + x^7",
        "exp(-abs(y))^x + tanh(x - y) * sqrt(abs(x)) - log(2 + cos(y))",
        "tan(x / 4) - -y",
        "3",
    ]

    @Test(arguments: sources)
    func batchedEqualsPointwise(source: String) throws {
        let expression = try MathExpression(source, variables: ["x", "y"])
        let count = 1000  // not a multiple of the block size: covers the tail block
        for dimension in [2, 3] {
            let points = ExpressionTesting.samplePoints(count: count, dimension: dimension)
            var out = [Double](repeating: .nan, count: count)
            expression.evaluate(points: points, dimension: dimension, into: &out)
            for i in 0..<count {
                let expected = expression.evaluate([points[i * dimension], points[i * dimension + 1]])
                #expect(out[i].bitPattern == expected.bitPattern || (out[i].isNaN && expected.isNaN),
                        "\(source), point \(i): batched \(out[i]) vs pointwise \(expected)")
            }
            #expect(expression.evaluate(points: points, dimension: dimension) == out
                    || out.contains { $0.isNaN })
        }
    }

    @Test func emptyBatch() throws {
        let expression = try MathExpression("x + y", variables: ["x", "y"])
        var out: [Double] = []
        expression.evaluate(points: [], dimension: 2, into: &out)
        #expect(out.isEmpty)
    }

    /// Timing sanity only (not asserted): prints nanoseconds per point.
    @Test func timingOfAMillionPoints() throws {
        let expression = try MathExpression("2*pi^2*sin(pi*x)*sin(pi*y)", variables: ["x", "y"])
        let count = 1_000_000
        let points = ExpressionTesting.samplePoints(count: count, dimension: 2, lower: 0, upper: 1)
        var out = [Double](repeating: 0, count: count)
        let clock = ContinuousClock()
        var best = Duration.seconds(1000)
        for _ in 0..<3 {
            let elapsed = clock.measure { expression.evaluate(points: points, dimension: 2, into: &out) }
            best = min(best, elapsed)
        }
        let scalar = clock.measure {
            var sum = 0.0
            for i in stride(from: 0, to: 2 * 100_000, by: 2) {
                sum += expression.evaluate([points[i], points[i + 1]])
            }
            #expect(sum.isFinite)
        }
        var direct = [Double](repeating: 0, count: count)
        let handWritten = clock.measure {
            for i in 0..<count {
                direct[i] = 2 * .pi * .pi * sin(.pi * points[2 * i]) * sin(.pi * points[2 * i + 1])
            }
        }
        func nanosecondsPerPoint(_ duration: Duration, _ points: Int) -> Double {
            (Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18)
                / Double(points) * 1e9
        }
        print("timing: '\(expression.source)' batched \(nanosecondsPerPoint(best, count)) ns/point "
              + "(best of 3, 10^6 points); one point at a time \(nanosecondsPerPoint(scalar, 100_000)) "
              + "ns/point; hand-written Swift loop \(nanosecondsPerPoint(handWritten, count)) ns/point")
        #expect(ExpressionTesting.close(direct[7], out[7], 1e-13))
        #expect(ExpressionTesting.close(out[0], 2 * .pi * .pi * sin(.pi * points[0]) * sin(.pi * points[1]), 1e-13))
    }
}
