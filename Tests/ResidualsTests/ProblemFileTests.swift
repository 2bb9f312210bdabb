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
    static let minimalText = minimal

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
        #expect(parseError(noBoundary)?.message == "missing; add at least one [[boundary]] table (or a [constraint], or [[data]])")
        let badChoice = try #require(parseError(minimal.replacingOccurrences(of: "operator = \"poisson\"", with: "operator = \"poison\"")))
        #expect(badChoice.message == "unknown value \"poison\" (did you mean \"poisson\"?); expected one of: poisson")
        let badBox = try #require(parseError(minimal.replacingOccurrences(of: "upper = [1, 2]", with: "upper = [1, -2]")))
        #expect(badBox.message.contains("need finite lower < upper"))
        let badCount = try #require(parseError(minimal.replacingOccurrences(of: "count = [4, 3]", with: "count = [4, 3, 2]")))
        #expect(badCount.message == "has 3 entries; the domain has 2 dimensions")
    }

    @Test func aFitFileIsNamedAsSuch() throws {
        let e = try #require(parseError("[model]\nprediction = \"a*x\"\n[data]\nfile = \"d.csv\"\n"))
        #expect(e.field == "model" && e.line == 1 && e.message.contains("data-fitting file") && e.message.contains("svenpde fit p.toml"))
    }

    @Test func missingFileIsAnErrorNotACrash() {
        #expect(throws: ProblemFileError(file: "/nonexistent/p.toml", field: "", message: "no such file")) {
            try ProblemFile.load(path: "/nonexistent/p.toml")
        }
    }
}

@Suite("Problem files: conditions")
struct ProblemFileConditionTests {
    static let heat = """
        [domain]
        lower = [0, 0]
        upper = [1, 1]
        variables = ["x", "t"]
        time = "t"
        [parameters]
        kappa = 0.25
        [pde]
        equation = "u_t - kappa*u_xx = 0"
        points = "sobol"
        count = 50
        resample_every = 10
        [[boundary]]
        kind = "neumann"
        on = ["x=0"]
        value = "-pi*exp(-pi^2*kappa*t)"     # ∂u/∂n = −u_x at x = 0
        count = 5
        [[boundary]]
        kind = "robin"
        on = ["x=1"]
        alpha = 2
        beta = 1
        value = "-pi*exp(-pi^2*kappa*t)"
        points = "random"
        count = 6
        [[initial]]
        value = "sin(pi*x)"
        count = 7
        [[initial]]
        kind = "rate"
        value = "-pi^2*kappa*sin(pi*x)"
        count = 4
        [exact]
        u = "exp(-pi^2*kappa*t)*sin(pi*x)"

        """

    private func error(_ text: String) -> ProblemFileError? {
        do { _ = try ProblemFile.parse(text, file: "h.toml"); return nil } catch { return error }
    }

    @Test func everyConditionKindHoldsOnTheExactSolution() throws {
        let file = try ProblemFile.parse(Self.heat, file: "h.toml")
        #expect(file.problem.terms.map(\.name) == ["pde", "boundary[0]", "boundary[1]", "initial[0]", "initial[1]"])
        #expect(file.problem.terms.map(\.points.count) == [50, 5, 6, 7, 4])
        #expect(file.problem.terms[1] is RobinTerm && file.problem.terms[4] is ChannelTerm)
        for (term, worst) in try residualsOnExactSolution(file) { #expect(worst < 1e-12, "\(term): \(worst)") }
        // Initial points lie on t = 0, boundary points on their faces.
        let initial = file.problem.terms[3].points
        #expect((0..<initial.count).allSatisfy { initial.point($0).last == 0 })
        let left = file.problem.terms[1].points
        #expect((0..<left.count).allSatisfy { left.point($0).first == 0 })
    }

    @Test func resamplingRedrawsOnlyTheInteriorPoints() throws {
        let file = try ProblemFile.parse(Self.heat, file: "h.toml")
        #expect(file.pde.resampleEvery == 10)
        let again = try file.resampledTerms(epoch: 1)
        #expect(again[0].points.count == 50 && again[0].points != file.problem.terms[0].points)
        #expect(again[2].points == file.problem.terms[2].points)
    }

    @Test func periodicBoundaryMakesPairedTermsLast() throws {
        let text = ProblemFileTests.minimalText.components(separatedBy: "[[boundary]]")[0] + """
            [[boundary]]
            kind = "periodic"
            on = ["x=0", "x=1"]
            count = 6
            [[boundary]]
            on = ["y=0", "y=2"]
            value = "x*y"
            count = 8

            """
        let file = try ProblemFile.parse(text, file: "p.toml")
        #expect(file.problem.terms.map(\.name) == ["pde", "boundary[1]", "boundary[0]", "boundary[0] (derivative)"])
        #expect(file.problem.terms[2].rowCount == 6 && file.problem.terms[2].points.count == 12)
    }

    @Test(arguments: [
        ("on = [\"x=0\"]", "on = [\"x=3\"]", "boundary[0].on: \"x=3\" is not a face; did you mean \"x=0\"? faces: x=0, x=1, t=0, t=1"),
        ("kind = \"robin\"\non = [\"x=1\"]\nalpha = 2", "kind = \"robin\"\non = [\"x=1\"]", "boundary[1].alpha: missing"),
        ("equation = \"u_t - kappa*u_xx = 0\"", "equation = \"u_t - kapa*u_xx = 0\"", "did you mean 'kappa'?"),
        ("equation = \"u_t - kappa*u_xx = 0\"", "equation = \"u_t - kappa*u_xx\"", "needs one '='"),
        ("time = \"t\"", "time = \"s\"", "domain.time: \"s\" is not one of the variables"),
        ("kind = \"neumann\"", "kind = \"neuman\"", "did you mean \"neumann\""),
        ("resample_every = 10", "resample_every = 0", "pde.resample_every: must be ≥ 1"),
        ("points = \"sobol\"", "points = \"sobel\"", "did you mean \"sobol\""),
    ])
    func mistakesNameTheField(_ old: String, _ new: String, _ message: String) throws {
        let e = try #require(error(Self.heat.replacingOccurrences(of: old, with: new)))
        #expect(e.description.contains(message), "got: \(e.description)")
    }

    @Test func initialNeedsATimeVariable() throws {
        let e = try #require(error(Self.heat.replacingOccurrences(of: "time = \"t\"\n", with: "")))
        #expect(e.description.contains("initial: needs a time variable"))
    }
}

/// `[pde] sampling = "rad"` and `resample_until`: keys, defaults, errors and the pieces of a redraw.
struct ProblemFileSamplingTests {
    static let rad = ProblemFileConditionTests.heat.replacingOccurrences(
        of: "resample_every = 10", with: "resample_every = 10\nsampling = \"rad\"")

    private func error(_ text: String) -> ProblemFileError? {
        do { _ = try ProblemFile.parse(text, file: "h.toml"); return nil } catch { return error }
    }

    @Test func radDefaultsAndThePiecesOfARedraw() throws {
        let file = try ProblemFile.parse(Self.rad, file: "h.toml")
        let rad = try #require(file.pde.adaptive)
        #expect(rad.exponent == 1 && rad.constant == 1 && rad.candidates == 500)
        #expect(file.interiorTermCount == 1 && file.pde.rule == .sobol)
        let pool = try file.candidatePoints(epoch: 1)
        #expect(pool.count == 500 && pool.dimension == 2)
        #expect(try file.candidatePoints(epoch: 1) == pool && file.candidatePoints(epoch: 2) != pool)
        #expect((0..<pool.count).allSatisfy { i in pool.point(i).allSatisfy { $0 >= 0 && $0 <= 1 } })
        let some = PointSet(dimension: 2, coordinates: Array(pool.coordinates.prefix(100)))
        let terms = file.terms(withInterior: some)
        #expect(terms.map(\.name) == file.problem.terms.map(\.name))
        #expect(terms[0].points == some && terms[0] is EquationTerm)
        #expect(terms[1].points == file.problem.terms[1].points && terms[3].points == file.problem.terms[3].points)
        // The default weight 1/√N is the file's: the same N, the same weight.
        #expect((terms[0] as? EquationTerm)?.weight == (file.problem.terms[0] as? EquationTerm)?.weight)
    }

    @Test func givenKeysAreRead() throws {
        let text = Self.rad.replacingOccurrences(of: "sampling = \"rad\"",
                                                 with: "sampling = \"rad\"\nrad_exponent = 1\nrad_constant = 0.5\ncandidates = 800\nresample_until = 35")
        let file = try ProblemFile.parse(text, file: "h.toml")
        #expect(file.pde.adaptive == AdaptiveSampling(exponent: 1, constant: 0.5, candidates: 800))
        #expect(file.pde.resampleUntil == 35)
        #expect([10, 20, 30].allSatisfy(file.pde.redraws(after:)) && ![5, 15, 40, 50].contains(where: file.pde.redraws(after:)))
        #expect(file.pde.epoch(at: 9) == 0 && file.pde.epoch(at: 29) == 2 && file.pde.epoch(at: 30) == 3 && file.pde.epoch(at: 100) == 3)
    }

    @Test func uniformRedrawsKeepTheirEpochsWithoutUntil() throws {
        let file = try ProblemFile.parse(ProblemFileConditionTests.heat, file: "h.toml")
        #expect(file.pde.adaptive == nil && file.pde.redraws(after: 1000) && file.pde.epoch(at: 1005) == 100)
    }

    @Test(arguments: [
        ("sampling = \"rad\"", "sampling = \"radd\"", "pde.sampling: unknown value \"radd\""),
        ("sampling = \"rad\"", "sampling = \"rad\"\nrad_exponent = -1", "pde.rad_exponent: must be in [0, 16], got -1"),
        ("sampling = \"rad\"", "sampling = \"rad\"\nrad_constant = \"one\"", "pde.rad_constant: expected a number"),
        ("sampling = \"rad\"", "sampling = \"rad\"\ncandidates = 10", "pde.candidates: must be between the point count 50"),
        ("sampling = \"rad\"", "rad_constant = 2", "pde.rad_constant: applies only with sampling = \"rad\""),
        ("sampling = \"rad\"", "sampling = \"uniform\"\ncandidates = 900", "pde.candidates: applies only with sampling = \"rad\""),
        ("sampling = \"rad\"", "sampling = \"rad\"\nresample_until = 5", "pde.resample_until: must be ≥ resample_every (10), got 5"),
        ("resample_every = 10\nsampling = \"rad\"", "sampling = \"rad\"", "pde.sampling: \"rad\" needs resample_every"),
        ("resample_every = 10\nsampling = \"rad\"", "resample_until = 50", "pde.resample_until: needs resample_every"),
    ])
    func mistakesNameTheField(_ old: String, _ new: String, _ message: String) throws {
        let e = try #require(error(Self.rad.replacingOccurrences(of: old, with: new)))
        #expect(e.description.contains(message), "got: \(e.description)")
        #expect(e.description.hasPrefix("h.toml:") && !e.description.contains("\n"))
    }
}
