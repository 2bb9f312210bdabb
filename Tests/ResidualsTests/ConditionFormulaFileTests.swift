import Foundation
import Testing
@testable import Residuals

/// Problem files whose boundary and initial formulas (`alpha`, `beta`, `value`)
/// read `[unknowns]` or vary in space: the terms they build, and that those terms
/// vanish on the exact solution exactly when the unknowns take their true values.
@Suite("Condition formulas with unknowns in problem files")
struct ConditionFormulaFileTests {
    /// u = A·eˣ·sin πy with A = 3 on [0, 1]², Robin α = h(1 + y) with h = 2 on x = 0,
    /// Dirichlet on x = 1, Neumann on y = 0, 1 — every formula reads A or h.
    static let steady = """
        [domain]
        lower = [0, 0]
        upper = [1, 1]
        [unknowns]
        A = 1
        h = { initial = 0.5, lower = 0 }
        [pde]
        equation = "-(u_xx + u_yy) = (pi^2 - 1)*A*exp(x)*sin(pi*y)"
        count = [4, 4]
        [[boundary]]
        kind = "robin"
        on = ["x=0"]
        alpha = "h*(1 + y)"
        beta = 1
        value = "(h*(1 + y) - 1)*A*sin(pi*y)"
        count = 7
        [[boundary]]
        on = ["x=1"]
        value = "A*e*sin(pi*y)"
        count = 7
        [[boundary]]
        kind = "neumann"
        on = ["y=0", "y=1"]
        value = "-A*pi*exp(x)"
        count = 8
        [exact]
        u = "3*exp(x)*sin(pi*y)"
        """

    /// u = A·e^{−π²t}·sin πx, A = 2: an initial value and an initial rate that read A.
    static let heat = """
        [domain]
        lower = [0, 0]
        upper = [1, 1]
        variables = ["x", "t"]
        time = "t"
        [unknowns]
        A = 0.5
        [pde]
        equation = "u_t - u_xx = 0"
        count = [4, 4]
        [[boundary]]
        on = ["x=0", "x=1"]
        count = 6
        [[initial]]
        value = "A*sin(pi*x)"
        count = 6
        [[initial]]
        kind = "rate"
        value = "-A*pi^2*sin(pi*x)"
        count = 6
        [exact]
        u = "2*exp(-pi^2*t)*sin(pi*x)"
        """

    @Test("the conditions vanish on the exact solution at the true unknowns, and not at the starting values")
    func exactSolutionMeetsTheConditionsAtTheTruth() throws {
        for (text, truth, formulaTerms) in [(Self.steady, [3.0, 2], 3), (Self.heat, [2.0], 2)] {
            let file = try ProblemFile.parse(text, file: "formulas.toml")
            let values = try #require(file.unknownValues)
            let readers = file.problem.terms.compactMap { $0 as? FormulaConditionTerm }
            #expect(readers.count == formulaTerms && readers.allSatisfy(\.readsUnknowns), "\(file.problem.terms.map(\.name))")
            let start = try residualsOnExactSolution(file)
            for (term, worst) in start where term != "pde" && term != "boundary" { #expect(worst > 1e-2, "term \(term): \(worst)") }
            values.set(truth)
            for (term, worst) in try residualsOnExactSolution(file) { #expect(worst < 1e-9, "term \(term): \(worst)") }
        }
    }

    @Test("the specs hold the formulas; a constant formula stays a number; a varying α without unknowns is a formula term")
    func specsAndTermKinds() throws {
        let file = try ProblemFile.parse(Self.steady, file: "formulas.toml")
        #expect(file.boundaries.map { $0.formulas != nil } == [true, true, true])
        #expect(file.boundaries.allSatisfy { $0.value == nil } && file.boundaries[0].alpha.isNaN && file.boundaries[0].beta == 1)
        let heat = try ProblemFile.parse(Self.heat, file: "heat.toml")
        #expect(heat.initial.map(\.readsUnknowns) == [true, true] && heat.boundaries[0].formulas == nil)
        // No unknowns: α = "2*pi" folds to a number (RobinTerm); α = "1 + y" varies (formula term).
        func forward(_ alpha: String) throws -> ProblemFile {
            try ProblemFile.parse("""
                [domain]
                lower = [0, 0]
                upper = [1, 1]
                [pde]
                equation = "-(u_xx + u_yy) = 1"
                count = [3, 3]
                [[boundary]]
                kind = "robin"
                alpha = \(alpha)
                beta = "0.5"
                count = 8
                """, file: "forward.toml")
        }
        let constant = try forward("\"2*pi\"")
        let robin = try #require(constant.problem.terms.last as? RobinTerm)
        #expect(abs(robin.alpha - 2 * Double.pi) < 1e-15 && robin.beta == 0.5 && constant.boundaries[0].value != nil)
        let varying = try forward("\"1 + y\"")
        let term = try #require(varying.problem.terms.last as? FormulaConditionTerm)
        #expect(!term.readsUnknowns && term.unknownNames.isEmpty && varying.boundaries[0].formulas != nil)
        #expect(try forward("3").problem.terms.last is RobinTerm)
    }

    @Test(arguments: [
        ("alpha = \"h\"", "boundary[0].alpha", "unknown identifier 'h'"),
        ("alpha = \"0\"\nbeta = \"0*1\"", "boundary[0].alpha", "α and β are both 0"),
        ("alpha = true", "boundary[0].alpha", "expected a number, got a boolean"),
        ("alpha = 1", "boundary[0].beta", "missing; expected β in αu + β∂u/∂n = value: a number or a formula in x, y"),
    ])
    func badCoefficientsNameTheField(_ keys: String, _ field: String, _ message: String) throws {
        let text = """
            [domain]
            lower = [0, 0]
            upper = [1, 1]
            [pde]
            equation = "-(u_xx + u_yy) = 1"
            count = [3, 3]
            [[boundary]]
            kind = "robin"
            count = 8
            \(keys)
            """
        do {
            _ = try ProblemFile.parse(text, file: "bad.toml")
            Issue.record("accepted \(keys)")
        } catch {
            #expect(error.field == field && error.message.contains(message) && error.line != nil, "\(error.headline)")
        }
    }

    /// The example of docs/problem-files.md (`[unknowns]`) reads, with each condition
    /// a formula term reading the unknown it names.
    @Test func theDocumentedExampleReads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/problem-files.md"), encoding: .utf8)
        var blocks: [String] = [], current = ""
        for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("    ") || (line.isEmpty && !current.isEmpty) { current += line.dropFirst(4) + "\n" } else if !current.isEmpty { blocks.append(current); current = "" }
        }
        let example = try #require(blocks.first { $0.hasPrefix("[unknowns]\nh = ") && $0.contains("alpha = \"h\"") })
        let file = try ProblemFile.parse("""
            [domain]
            lower = [0, 0]
            upper = [1, 1]
            [pde]
            equation = "-(u_xx + u_yy) = 0"
            count = [3, 3]

            """ + example, file: "docs/problem-files.md")
        let terms = file.problem.terms.compactMap { $0 as? FormulaConditionTerm }
        #expect(terms.map(\.name) == ["boundary[0]", "boundary[1]"])
        #expect(terms.map { $0.alpha.referencedVariables.union($0.value.referencedVariables).intersection(["A", "h"]) } == [["h"], ["A"]])
        #expect(terms[0].channels.count == 2 && terms[1].channels.count == 1)
    }

    /// problems/robin-inverse.toml: at the true a and A its exact solution meets every
    /// condition and matches its observations; at the starting values the Robin and
    /// inflow conditions are violated.
    @Test func theCatalogProblemMeetsItsConditionsAtTheTruth() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = try ProblemFile.load(path: root.appendingPathComponent("problems/robin-inverse.toml").path)
        let values = try #require(file.unknownValues)
        #expect(values.names == ["A", "a"])
        for (term, worst) in try residualsOnExactSolution(file) where term.hasPrefix("boundary") {
            #expect(worst > 1e-2, "term \(term): \(worst)")
        }
        values.set([cos(1.0) + 0.5 * sin(1.0), 0.5])
        for (term, worst) in try residualsOnExactSolution(file) { #expect(worst < 1e-9, "term \(term): \(worst)") }
    }

    /// Points from files: Robin with given normals (3, 4)/5, Neumann at points on the
    /// faces, Dirichlet anywhere; u = x + y meets all three exactly at h = 1.5, A = 1.
    @Test func pointsFromFilesTakeFormulasWithUnknowns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("formula-points-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in ["n.csv": "x,y,n_x,n_y\n0.5,0.5,3,4\n0.2,0.9,0.6,0.8\n", "faces.csv": "x,y\n1,0.25\n0.5,1\n",
                             "inside.csv": "x,y\n0.3,0.3\n0.6,0.2\n"] {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let path = dir.appendingPathComponent("p.toml")
        try """
            [domain]
            lower = [0, 0]
            upper = [1, 1]
            [unknowns]
            A = 2
            h = 0.5
            [pde]
            equation = "-lap(u) = 0"
            points = "inside.csv"
            [[boundary]]
            kind = "robin"
            points = "n.csv"
            alpha = "h"
            beta = 2
            value = "1.5*(x + y) + 2.8"
            [[boundary]]
            kind = "neumann"
            points = "faces.csv"
            value = "A"
            [[boundary]]
            points = "inside.csv"
            value = "A*(x + y)"
            [exact]
            u = "x + y"
            """.write(to: path, atomically: true, encoding: .utf8)
        let file = try ProblemFile.load(path: path.path)
        let terms = file.problem.terms.compactMap { $0 as? FormulaConditionTerm }
        #expect(terms.count == 3 && terms.allSatisfy(\.readsUnknowns))
        #expect(zip(terms[0].normals, [0.6, 0.8, 0.6, 0.8]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(terms[1].normals == [1, 0, 0, 1] && terms[1].dimensions == [0, 1] && terms[2].channels.count == 1)
        for (term, worst) in try residualsOnExactSolution(file) where term != "pde" { #expect(worst > 0.1, "term \(term): \(worst)") }
        try #require(file.unknownValues).set([1, 1.5])
        for (term, worst) in try residualsOnExactSolution(file) { #expect(worst < 1e-13, "term \(term): \(worst)") }
    }

    /// More than eight unknowns take the `Dual` path: its ∂r/∂λ_j agree with central differences.
    @Test func nineUnknownsTakeTheGeneralDualNumbers() throws {
        let names = (1...9).map { "c\($0)" }, inputs = ["x", "y"] + names
        let values = UnknownValues(names: names, values: (1...9).map { 0.1 * Double($0) })
        let sum = names.enumerated().map { "\($1)*x^\($0 % 3)" }.joined(separator: " + ")
        let term = FormulaConditionTerm(name: "many", points: PointSet(dimension: 2, coordinates: [1, 0.3, 1, 0.7]),
                                        alpha: try MathExpression("c1*c2 + y", variables: inputs),
                                        beta: try MathExpression("exp(c9*y)", variables: inputs),
                                        value: try MathExpression(sum, variables: inputs),
                                        normals: [1, 1], dimensions: [0], unknowns: values)
        let jet: [Double] = [0.4, -0.2, 1.5, 0.5]
        var out = [Double](repeating: 0, count: 18)
        jet.withUnsafeBufferPointer { j in out.withUnsafeMutableBufferPointer { term.unknownPartials(jet: j, into: $0) } }
        func residuals(_ lambda: [Double]) -> [Double] {
            values.set(lambda)
            var r = [0.0, 0.0]
            jet.withUnsafeBufferPointer { j in r.withUnsafeMutableBufferPointer { term.evaluate(jet: j, residuals: $0, partials: nil) } }
            return r
        }
        let lambda = values.values, s = 1e-5
        for k in 0..<9 {
            var plus = lambda, minus = lambda
            plus[k] += s; minus[k] -= s
            let (rp, rm) = (residuals(plus), residuals(minus))
            for i in 0..<2 {
                // Truncation s²/6·|∂³r| and rounding ε|r|/s are both below 1e-9 here.
                #expect(abs(out[k * 2 + i] - (rp[i] - rm[i]) / (2 * s)) < 1e-8, "c\(k + 1), point \(i)")
            }
        }
        #expect(out.contains { $0 != 0 } && abs(out[16]) > 0.1)
    }
}
