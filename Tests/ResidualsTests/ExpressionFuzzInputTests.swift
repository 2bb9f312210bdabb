// ExpressionFuzzInputTests.swift — the fuzz-expression target's committed inputs
// (scripts/fuzz), replayed without the fuzzer: its seeds parse, and every input that
// once crashed it (fuzz/regressions/fuzz-expression/) is parsed or refused cleanly.

import Foundation
import Testing
@testable import Residuals

/// The committed inputs of the fuzz-expression target and the checks it makes.
enum ExpressionFuzzInputs {
    static let variables = ["x", "y", "t"]
    static let constants = ["nu": 0.01, "a": 2.0]
    static let point = [0.3, -0.7, 0.25]

    static func files(_ kind: String, source: String = #filePath) -> [String] {
        let directory = URL(fileURLWithPath: source)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fuzz/\(kind)/fuzz-expression").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory + "/" + $0 }
    }

    /// As fuzz/Sources/fuzz-expression: an equation over (x, y) and over (x, t) with two
    /// fields when the text has '='; a formula of (x, y, t) whose description parses
    /// again to the same values. Returns what parsed.
    static func replay(_ text: String) -> (equation: Bool, formula: Bool) {
        var equation = false
        if text.contains("=") {
            if let e = try? Equation(text, variables: ["x", "y"], fields: ["u"], constants: constants) {
                _ = e.residual.gradient(at: [Double](repeating: 0.5, count: e.residual.variables.count))
                equation = true
            }
            if let e = try? Equation(text, variables: ["x", "t"], fields: ["u", "v"], constants: constants, time: 1) {
                _ = e.residual.gradient(at: [Double](repeating: 0.5, count: e.residual.variables.count))
                equation = true
            }
        }
        guard let f = try? MathExpression(text, variables: variables, constants: constants) else { return (equation, false) }
        let value = f.evaluate(point)
        _ = f.gradient(at: point)
        _ = f.evaluate(points: point + point, dimension: 3)
        let again = try? MathExpression(f.description, variables: variables, constants: constants)
        #expect(again != nil, "the description \"\(f.description)\" of \"\(text)\" does not parse")
        if let other = again?.evaluate(point), value.isFinite, other.isFinite {
            #expect(abs(value - other) <= 1e-9 * max(1, abs(value)), "\"\(text)\" vs \"\(f.description)\"")
        }
        return (equation, true)
    }
}

@Suite("Expression fuzz inputs")
struct ExpressionFuzzInputTests {
    @Test("the seeds parse: the equations as equations, the formula as a formula")
    func seedsParse() throws {
        let seeds = ExpressionFuzzInputs.files("seeds")
        #expect(seeds.count >= 4)
        for path in seeds {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let parsed = ExpressionFuzzInputs.replay(text)
            #expect(text.contains("=") ? parsed.equation : parsed.formula, "\(path): \(text)")
        }
    }

    @Test("every input that once crashed fuzz-expression is parsed or refused without a trap")
    func regressions() throws {
        for path in ExpressionFuzzInputs.files("regressions") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let text = String(data: bytes, encoding: .utf8) else { continue }
            _ = ExpressionFuzzInputs.replay(text)
        }
    }
}
