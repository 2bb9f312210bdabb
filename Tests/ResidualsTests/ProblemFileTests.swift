import Testing
import Foundation
import Residuals

/// The catalog file, found from this source file's location.
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

private let minimal = """
    name = "tiny"
    [domain]
    lower = [0, 0]
    upper = [1, 2]
    [pde]
    operator = "poisson"
    source = "2*pi^2*sin(pi*x)*sin(pi*y)"
    points = "grid"
    count = [4, 3]
    [[boundary]]
    value = "x*y"
    points = "perimeter"
    count = 12

    """

private func parseError(_ text: String) -> ProblemFileError? {
    do {
        _ = try ProblemFile.parse(text, file: "p.toml")
        return nil
    } catch {
        return error
    }
}

@Suite("Problem files")
struct ProblemFileTests {
    @Test func catalogPoissonLoadsAsTheAnchorSetup() throws {
        let file = try ProblemFile.load(path: repositoryRoot.appendingPathComponent("problems/poisson.toml").path)
        #expect(file.name == "poisson2d")
        #expect(file.problem.terms.map(\.points.count) == [900, 120])
        #expect(file.problem.residualCount == 1020)
        #expect(file.network.hidden == [64] && file.network.activation == "tanh")
        #expect(file.reference?.n == 127 && file.reference?.grid == 101)
        // −Δu* = f and u* = 0 on the boundary: CatalogTests checks every term on the exact solution.
        #expect(file.pde.equations.map(\.text) == ["-lap(u) = 2*pi^2*sin(pi*x)*sin(pi*y)"])
        #expect(file.problem.terms[0] is EquationTerm && file.problem.terms[1] is DirichletTerm)
    }

    @Test func defaultsAndIntegersWhereRealsAreExpected() throws {
        let file = try ProblemFile.parse(minimal, file: "tiny.toml")
        #expect(file.problem.domain.upper == [1, 2])
        #expect(file.problem.domain.variables == ["x", "y"])
        #expect(file.problem.terms.map(\.points.count) == [12, 12])
        #expect(file.solver.method == "sven" && file.solver.maxSteps == 2000)
        #expect(file.reference == nil && file.exact == nil)
        // Boundary values come from the formula: u = x*y at each point.
        let b = try #require(file.problem.terms[1] as? DirichletTerm)
        for i in 0..<b.points.count {
            let p = b.points.point(i)
            #expect(b.target[i] == p[p.startIndex] * p[p.startIndex + 1])
        }
    }

    @Test func parametersAreUsableInFormulas() throws {
        let text = minimal.replacingOccurrences(of: "value = \"x*y\"", with: "value = \"k*x\"") + "[parameters]\nk = 3\n"
        let file = try ProblemFile.parse(text, file: "p.toml")
        let b = try #require(file.problem.terms[1] as? DirichletTerm)
        #expect(b.target[1] == 3 * b.points.coordinates[2])
    }

    @Test func unknownKeyNamesLineAndSuggestsTheNearest() throws {
        let e = try #require(parseError(minimal + "[solver]\nmax_step = 10\n"))
        #expect(e.line == 15 && e.field == "solver.max_step")
        #expect(e.headline.hasPrefix("p.toml:15:1: solver.max_step: unknown key; did you mean \"max_steps\"?"))
    }

    @Test func unknownTopLevelTable() throws {
        let e = try #require(parseError(minimal + "[netwrk]\nhidden = [3]\n"))
        #expect(e.field == "netwrk" && e.line == 14)
        #expect(e.message.contains("did you mean \"network\""))
    }

    @Test func wrongTypeSaysWhatWasExpected() throws {
        let e = try #require(parseError(minimal + "[solver]\nmax_steps = \"ten\"\n"))
        #expect(e.headline == "p.toml:15:1: solver.max_steps: expected an integer, got a string \"ten\"")
        let f = try #require(parseError(minimal.replacingOccurrences(of: "upper = [1, 2]", with: "upper = [1, \"2\"]")))
        #expect(f.line == 4 && f.message == "entry 1 should be a number, got a string \"2\"")
    }

    @Test func badFormulaPointsAtTheTokenWithACaret() throws {
        let e = try #require(parseError(minimal.replacingOccurrences(of: "sin(pi*x)*sin", with: "sinn(pi*x)*sin")))
        #expect(e.line == 7)
        #expect(e.column == 18)    // `source = "2*pi^2*sinn(…` : the value starts at column 11, sinn at +7
        #expect(e.message.contains("unknown function 'sinn'") && e.message.contains("did you mean 'sin'"))
        #expect(e.detail?.contains("^^^^") == true)
    }

    @Test func badTOMLSyntaxGivesItsLine() throws {
        let e = try #require(parseError("name = \"x\"\n[domain\nlower = [0]\n"))
        #expect(e.line == 2 && e.message.hasPrefix("invalid TOML"))
    }

    @Test func missingPiecesAreNamed() throws {
        #expect(parseError("name = \"x\"\n")?.message == "missing table [domain]")
        let noBoundary = minimal.components(separatedBy: "[[boundary]]")[0]
        #expect(parseError(noBoundary)?.message == "missing; add at least one [[boundary]] table (or a [constraint])")
        let badChoice = try #require(parseError(minimal.replacingOccurrences(of: "operator = \"poisson\"", with: "operator = \"poison\"")))
        #expect(badChoice.message == "unknown value \"poison\" (did you mean \"poisson\"?); expected one of: poisson")
        let badBox = try #require(parseError(minimal.replacingOccurrences(of: "upper = [1, 2]", with: "upper = [1, -2]")))
        #expect(badBox.message.contains("need finite lower < upper"))
        let badCount = try #require(parseError(minimal.replacingOccurrences(of: "count = [4, 3]", with: "count = [4, 3, 2]")))
        #expect(badCount.message == "has 3 entries; the domain has 2 dimensions")
    }

    @Test func missingFileIsAnErrorNotACrash() {
        #expect(throws: ProblemFileError(file: "/nonexistent/p.toml", field: "", message: "no such file")) {
            try ProblemFile.load(path: "/nonexistent/p.toml")
        }
    }
}
