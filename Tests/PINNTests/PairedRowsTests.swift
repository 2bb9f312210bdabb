import Testing
import Foundation
import LinearAlgebra
import PINN
import Residuals
import SvenSolver

/// A space × time problem with every kind of term, including periodic pairs.
func everyTermProblem() throws -> Problem {
    let box = try Box(lower: [0, 0], upper: [2, 1], variables: ["x", "t"], time: "t")
    let pde = try Equation("u_t + u*u_x - 0.1*u_xx + v = sin(x)", variables: ["x", "t"], fields: ["u", "v"], time: 1)
    let second = try Equation("v - u_x*u = 0", variables: ["x", "t"], fields: ["u", "v"], time: 1)
    let inner = Collocation.interior(box, rule: .sobol, counts: [9], seed: 0)
    let initial = Collocation.faces(box, [Face(dimension: 1, upper: false)], rule: .grid, count: 4, seed: 0)
    let lowerX = Collocation.faces(box, [Face(dimension: 0, upper: false)], rule: .grid, count: 3, seed: 0)
    let right = Collocation.faces(box, [Face(dimension: 0, upper: true)], rule: .halton, count: 3, seed: 0)
    return Problem(name: "every-term", domain: box, terms: [
        EquationTerm(equation: pde, points: inner),
        EquationTerm(name: "pde[1]", equation: second, points: inner),
        ChannelTerm(name: "initial", points: initial, channel: FieldChannel(.value), target: [0.1, 0.2, 0.3, 0.4]),
        ChannelTerm(name: "rate", points: initial, channel: FieldChannel(field: 1, .first(1)), target: [0, 0, 0, 0]),
        RobinTerm(name: "robin", points: right, faces: Array(repeating: Face(dimension: 0, upper: true), count: 3),
                  alpha: 1, beta: 0.5, target: [0, 0, 1]),
        PeriodicTerm(name: "periodic", lowerPoints: lowerX, directions: [0, 0, 0], box: box, order: 0),
        PeriodicTerm(name: "periodic'", lowerPoints: lowerX, directions: [0, 0, 0], box: box, order: 1, field: 1),
    ], fields: ["u", "v"])
}

@Suite("PINN systems with every kind of term")
struct PairedRowsTests {
    @Test func rowsFollowTheTermsWithOneRowPerPair() throws {
        let problem = try everyTermProblem()
        #expect(problem.residualCount == 9 + 9 + 4 + 4 + 3 + 3 + 3)
        #expect(problem.termOffsets == [0, 9, 18, 22, 26, 29, 32])
    }

    @Test func jacobianAndProductsMatchFiniteDifferencesAndEachOther() throws {
        let system = PINNSystem(problem: try everyTermProblem(), network: MLP(widths: [2, 5, 4, 2]))
        let theta = system.network.initialParameters(seed: 3)
        #expect(jacobianError(system, theta) < 1e-7)
        let (jv, jtw) = productErrors(system, theta, seed: 4)
        #expect(jv < 1e-12 && jtw < 1e-12)
    }

    @Test func periodicResidualIsTheDifferenceAcrossTheDomain() throws {
        let problem = try everyTermProblem()
        let system = PINNSystem(problem: problem, network: MLP(widths: [2, 5, 2]))
        let theta = system.network.initialParameters(seed: 1)
        var r = [Double](repeating: 0, count: system.residualCount)
        system.fillResiduals(at: theta, into: &r)
        let term = problem.terms[5]
        let u = system.network.evaluate(theta, at: term.points)
        let w = 1 / Double(3).squareRoot()
        for i in 0..<3 { #expect(abs(r[29 + i] - w * (u[i] - u[3 + i])) < 1e-14) }
    }

    @Test func replacingTermsMovesThePoints() throws {
        let box = try Box(lower: [0, 0], upper: [1, 1])
        let eq = try Equation("-lap(u) = 1", variables: ["x", "y"], fields: ["u"])
        func terms(_ seed: UInt64) -> [any ResidualTerm] {
            [EquationTerm(equation: eq, points: Collocation.interior(box, rule: .random, counts: [20], seed: seed)),
             DirichletTerm(points: Collocation.perimeter(box, count: 8), target: Array(repeating: 0, count: 8))]
        }
        let system = PINNSystem(problem: Problem(name: "r", domain: box, terms: terms(1)), network: MLP(widths: [2, 4, 1]))
        let theta = system.network.initialParameters(seed: 0)
        var before = [Double](repeating: 0, count: 28), after = before, fresh = before
        system.fillResiduals(at: theta, into: &before)
        system.replaceTerms(terms(2))
        system.fillResiduals(at: theta, into: &after)
        PINNSystem(problem: Problem(name: "r", domain: box, terms: terms(2)), network: system.network).fillResiduals(at: theta, into: &fresh)
        #expect(after != before && after == fresh)
    }
}
