import Testing
import Foundation
@testable import Residuals

/// ∂r/∂jet of a term by central differences of its residuals in each jet entry.
func finiteDifferencePartials(_ term: any ResidualTerm, jet: [Double], h: Double = 1e-6) -> [Double] {
    let n = term.points.count
    var out = [Double](repeating: 0, count: jet.count)
    func residuals(_ j: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: term.rowCount)
        j.withUnsafeBufferPointer { jp in r.withUnsafeMutableBufferPointer { term.evaluate(jet: jp, residuals: $0, partials: nil) } }
        return r
    }
    for k in jet.indices {
        var a = jet, b = jet
        a[k] += h; b[k] -= h
        let (ra, rb) = (residuals(a), residuals(b))
        let row = term.pairedRows ? (k % n) % term.rowCount : k % n
        out[k] = (ra[row] - rb[row]) / (2 * h)
    }
    return out
}

func analyticPartials(_ term: any ResidualTerm, jet: [Double]) -> (residuals: [Double], partials: [Double]) {
    var r = [Double](repeating: 0, count: term.rowCount), p = [Double](repeating: .nan, count: jet.count)
    jet.withUnsafeBufferPointer { j in
        r.withUnsafeMutableBufferPointer { rp in p.withUnsafeMutableBufferPointer { term.evaluate(jet: j, residuals: rp, partials: $0) } }
    }
    return (r, p)
}

private func randomJet(_ term: any ResidualTerm, seed: Int) -> [Double] {
    let count = term.channels.count * term.points.count
    return (0..<count).map { (k: Int) -> Double in 1.3 * Foundation.sin(0.37 * Double(k * 7 + seed)) }
}

@Suite("Equations as text")
struct EquationTests {
    let box = try! Box(lower: [-1, 0], upper: [1, 1], variables: ["x", "t"], time: "t")

    @Test func derivativeNamesMapToChannels() throws {
        let e = try Equation("u_t + u*u_x - nu*u_xx = 0", variables: ["x", "t"], fields: ["u"], constants: ["nu": 0.01], time: 1)
        #expect(e.jetInputs == ["u", "u_x", "u_t", "u_xx"])
        #expect(e.channels == [FieldChannel(.value), FieldChannel(.first(0)), FieldChannel(.first(1)), FieldChannel(.second(0, 0))])
        // F = u_t + u u_x − ν u_xx at x = 0.3, t = 0.5, with the inputs in jetInputs order.
        let f: Double = e.residual.evaluate([0.3, 0.5, 2, 3, 5, 7])
        let expected: Double = 5 + 2 * 3 - 0.01 * 7
        #expect(abs(f - expected) < 1e-15)
    }

    @Test func mixedAndSymmetricNames() throws {
        let e = try Equation("u_xy + u_yx + v_yy = x", variables: ["x", "y"], fields: ["u", "v"])
        #expect(e.channels == [FieldChannel(field: 0, .second(0, 1)), FieldChannel(field: 1, .second(1, 1))])
    }

    @Test func laplacianIsOneChannelInSpaceAndASumInSpaceTime() throws {
        let steady = try Equation("-lap(u) = 1", variables: ["x", "y"], fields: ["u"])
        #expect(steady.channels == [FieldChannel(.laplacian)])
        let heat = try Equation("u_t = lap(u)", variables: ["x", "y", "t"], fields: ["u"], time: 2)
        #expect(heat.jetChannels[1] == [FieldChannel(.second(0, 0)), FieldChannel(.second(1, 1))])
    }

    @Test func termPartialsMatchFiniteDifferences() throws {
        let e = try Equation("u_t + u*u_x - 0.01*u_xx + sin(u)*exp(x) = t^2", variables: ["x", "t"], fields: ["u"], time: 1)
        let points = Collocation.interior(box, rule: .halton, counts: [7], seed: 0)
        let term = EquationTerm(equation: e, points: points, weight: 0.7)
        let jet = randomJet(term, seed: 1)
        let (_, p) = analyticPartials(term, jet: jet)
        let fd = finiteDifferencePartials(term, jet: jet)
        for k in p.indices { #expect(abs(p[k] - fd[k]) < 1e-8, "entry \(k): \(p[k]) vs \(fd[k])") }
    }

    @Test func moreThanEightJetInputsFallsBackToGeneralDuals() throws {
        let e = try Equation("u*v + u_x*v_x + u_y*v_y + u_xx*v_yy + u_xy*v_xy = 1", variables: ["x", "y"], fields: ["u", "v"])
        #expect(e.jetInputs.count == 10)
        let b2 = try Box(lower: [0, 0], upper: [1, 1])
        let term = EquationTerm(equation: e, points: Collocation.interiorGrid(b2, counts: [2, 2]))
        let jet = randomJet(term, seed: 2)
        let (_, p) = analyticPartials(term, jet: jet)
        let fd = finiteDifferencePartials(term, jet: jet)
        for k in p.indices { #expect(abs(p[k] - fd[k]) < 1e-8) }
    }

    @Test func boundaryTermPartialsMatchFiniteDifferences() throws {
        let b2 = try Box(lower: [0, 0], upper: [2, 1])
        let faces = b2.spatialFaces
        let pts = Collocation.faces(b2, faces, rule: .sobol, count: 12, seed: 3)
        let pointFaces = (0..<pts.count).map { i in faces.first { f in pts.point(i)[pts.point(i).startIndex + f.dimension] == (f.upper ? b2.upper[f.dimension] : b2.lower[f.dimension]) }! }
        let terms: [any ResidualTerm] = [
            RobinTerm(name: "robin", points: pts, faces: pointFaces, alpha: 2, beta: -0.5, target: Array(repeating: 0.3, count: pts.count)),
            ChannelTerm(name: "rate", points: pts, channel: FieldChannel(.first(1)), target: Array(repeating: 1, count: pts.count)),
            PeriodicTerm(name: "periodic", lowerPoints: Collocation.faces(b2, [Face(dimension: 0, upper: false)], rule: .grid, count: 5, seed: 0),
                         directions: Array(repeating: 0, count: 5), box: b2, order: 1),
        ]
        for term in terms {
            let jet = randomJet(term, seed: 3)
            let (_, p) = analyticPartials(term, jet: jet)
            let fd = finiteDifferencePartials(term, jet: jet)
            for k in p.indices { #expect(abs(p[k] - fd[k]) < 1e-8, "\(term.name) entry \(k)") }
        }
    }

    @Test func robinUsesTheOutwardNormal() throws {
        let b1 = try Box(lower: [0], upper: [1])
        let pts = Collocation.faces(b1, b1.spatialFaces, rule: .grid, count: 2, seed: 0)
        let term = RobinTerm(name: "n", points: pts, faces: b1.spatialFaces, alpha: 0, beta: 1, target: [0, 0], weight: 1)
        // u_x = 3 at both ends: ∂u/∂n = −3 at x = 0 and +3 at x = 1.
        let (r, _) = analyticPartials(term, jet: [0, 0, 3, 3])
        #expect(r == [-3, 3])
    }

    @Test func periodicPairsMatchOppositeFaces() throws {
        let b2 = try Box(lower: [0, 0], upper: [2, 1])
        let lower = Collocation.faces(b2, [Face(dimension: 0, upper: false)], rule: .grid, count: 4, seed: 0)
        let term = PeriodicTerm(name: "p", lowerPoints: lower, directions: [0, 0, 0, 0], box: b2, order: 0)
        #expect(term.points.count == 8 && term.rowCount == 4)
        for i in 0..<4 {
            #expect(term.points.point(i).first == 0 && term.points.point(4 + i).first == 2)
            #expect(term.points.point(i).last == term.points.point(4 + i).last)
        }
    }

    @Test func thirdAndFourthOrderNamesInAnyOrder() throws {
        let kdv = try Equation("u_t + u*u_x + 0.022^2*u_xxx = 0", variables: ["x", "t"], fields: ["u"], time: 1)
        #expect(kdv.jetInputs == ["u", "u_x", "u_t", "u_xxx"])
        #expect(kdv.channels.last == FieldChannel(.third(0, 0, 0)))
        let mixed = try Equation("u_txx + u_xtx + u_xxxt = 0", variables: ["x", "t"], fields: ["u"], time: 1)
        #expect(mixed.jetChannels == [[FieldChannel(.third(0, 0, 1))], [FieldChannel(.third(0, 0, 1))], [FieldChannel(.fourth(0, 0, 0, 1))]])
        let plate = try Equation("u_xxxx + 2*u_xyxy + u_yyyy + v_xyy = 1", variables: ["x", "y"], fields: ["u", "v"])
        #expect(plate.channels == [FieldChannel(field: 0, .fourth(0, 0, 0, 0)), FieldChannel(field: 0, .fourth(0, 0, 1, 1)),
                                   FieldChannel(field: 0, .fourth(1, 1, 1, 1)), FieldChannel(field: 1, .third(0, 1, 1))])
        // Longer variable names run together, as for u_x1x2.
        let long = try Equation("u_x1x1x2 = 0", variables: ["x1", "x2"], fields: ["u"])
        #expect(long.channels == [FieldChannel(.third(0, 0, 1))])
        #expect(Equation.identifiers(in: "2.5e-3*u_xxy + sin(x1)") == ["u_xxy", "sin", "x1"])   // 5e-3 is one number
    }

    /// bilap(u) = Σ_i Σ_j ∂_i²∂_j² u over the space variables: its value on a jet is
    /// u_xxxx + 2u_xxyy + u_yyyy, and its partials count the mixed channel twice.
    @Test func biharmonicIsASumOfFourthDerivatives() throws {
        let e = try Equation("bilap(u) = 0", variables: ["x", "y", "t"], fields: ["u"], time: 2)
        #expect(e.channels == [FieldChannel(.fourth(0, 0, 0, 0)), FieldChannel(.fourth(0, 0, 1, 1)), FieldChannel(.fourth(1, 1, 1, 1))])
        let pts = PointSet(dimension: 3, coordinates: [0.1, 0.2, 0.3])
        let term = EquationTerm(equation: e, points: pts, weight: 1)
        let (r, p) = analyticPartials(term, jet: [2, 3, 5])
        #expect(r == [2 + 2 * 3 + 5] && p == [1, 2, 1])
    }

    @Test func linearFormsAreRecognised() throws {
        let b2 = try Box(lower: [0, 0], upper: [1, 1])
        let poisson = try Equation("-(u_xx + u_yy) = 2*pi^2*sin(pi*x)*sin(pi*y)", variables: ["x", "y"], fields: ["u"])
        let form = try #require(poisson.linearForm(in: b2))
        #expect(form.coefficient(.second(0, 0)) == -1 && form.coefficient(.second(1, 1)) == -1)
        #expect(abs(form.source([0.5, 0.5]) - 2 * Double.pi * Double.pi) < 1e-12)
        let helmholtz = try Equation("-lap(u) - 16*u = 0", variables: ["x", "y"], fields: ["u"])
        #expect(helmholtz.linearForm(in: b2)?.coefficient(.value) == -16)
        let burgers = try Equation("u_t + u*u_x = 0.01*u_xx", variables: ["x", "t"], fields: ["u"], time: 1)
        #expect(burgers.linearForm(in: b2) == nil)
        let variable = try Equation("-x*u_xx = 1", variables: ["x", "y"], fields: ["u"])
        #expect(variable.linearForm(in: b2) == nil)
    }

    @Test(arguments: [
        ("u_xx + 1", ExpressionError.Kind.notAnEquation, 0, "one '='"),
        ("u_xx = 1 = 2", .notAnEquation, 10, "exactly one '='"),
        ("sin(x) = 1", .notAnEquation, 0, "involves no unknown"),
        ("u_xx = f(x)", .unknownFunction, 8, "unknown function 'f'"),
        ("u_xx + u_zz = 0", .unknownIdentifier, 8, "did you mean 'u_xx'"),
        ("-lap(w) = 1", .unknownIdentifier, 6, "unknown field 'w' in 'lap(w)'"),
        ("u_x = (1 + ", .unexpectedEndOfInput, 12, "unexpected end"),
        ("u_xxxx + u_xxxz = 0", .unknownIdentifier, 10, "unknown identifier 'u_xxxz'"),
        ("u_xxxxx = 0", .unknownIdentifier, 1, "unknown identifier 'u_xxxxx'"),
        ("bilap(w) = 1", .unknownIdentifier, 7, "unknown field 'w' in 'bilap(w)'"),
    ])
    func mistakesAreLocatedInTheWholeEquation(_ text: String, _ kind: ExpressionError.Kind, _ column: Int, _ message: String) {
        #expect {
            _ = try Equation(text, variables: ["x", "y"], fields: ["u"])
        } throws: { error in
            guard let e = error as? ExpressionError else { return false }
            return e.kind == kind && e.column == column && e.message.contains(message)
        }
    }
}
