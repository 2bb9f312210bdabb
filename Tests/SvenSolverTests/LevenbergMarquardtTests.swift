import Testing
import LinearAlgebra
@testable import SvenSolver
import TestSupport

@Suite("Levenberg–Marquardt")
struct LevenbergMarquardtTests {
    @Test func solvesRosenbrockWithMonotoneCost() throws {
        var lm = LevenbergMarquardt()
        let (theta, summary) = try LeastSquaresDriver.solve(Rosenbrock(), from: [-1.2, 1], optimizer: &lm,
                                                            stopping: .init(maxSteps: 100, costThreshold: 1e-30))
        #expect(abs(theta[0] - 1) < 1e-12 && abs(theta[1] - 1) < 1e-12)
        #expect(summary.termination == .costThreshold)
        let costs = [summary.initialCost] + summary.history.map(\.cost)
        #expect(zip(costs, costs.dropFirst()).allSatisfy { $0 > $1 })
    }

    @Test func linearProblemEndsAtLAPACKsSolution() throws {
        let a = TestData.gaussian(40, 6, seed: 11), b = TestData.gaussian(40, seed: 12)
        var lm = LevenbergMarquardt()
        let (theta, summary) = try LeastSquaresDriver.solve(LinearSystem(a, b), from: Array(repeating: 0, count: 6),
                                                            optimizer: &lm, stopping: .init(maxSteps: 20))
        #expect(maxAbsDifference(theta, try ThinSVD(a).solve(b, rtol: 0)) < 1e-12)
        // The Gauss–Newton step of a linear problem lies inside the first trust region: λ = 0.
        #expect(summary.history[0].lambda == 0)
        #expect(summary.history[0].rank == 6)
    }

    @Test func rankDeficientProblemConvergesToTheMinimumNormSolution() throws {
        let a = TestData.lowRank(15, 7, rank: 3, seed: 13), b = TestData.gaussian(15, seed: 14)
        var lm = LevenbergMarquardt(.init(scaled: false))
        let (theta, summary) = try LeastSquaresDriver.solve(LinearSystem(a, b), from: Array(repeating: 0, count: 7),
                                                            optimizer: &lm, stopping: .init(maxSteps: 20))
        #expect(summary.history[0].rank == 3)
        #expect(maxAbsDifference(theta, try ThinSVD(a).solve(b, rtol: 1e-10)) < 1e-11)
    }

    /// Moré's scaling makes LM invariant to θ = diag(c)·φ: the same costs, step for step.
    @Test func scalingMakesTheIteratesInvariantToParameterUnits() throws {
        let units = [1e6, 1e-4]
        var lm = LevenbergMarquardt()
        let (_, plain) = try LeastSquaresDriver.solve(Rosenbrock(), from: [-1.2, 1], optimizer: &lm,
                                                      stopping: .init(maxSteps: 100, costThreshold: 1e-20))
        let (phi, scaled) = try LeastSquaresDriver.solve(Reparametrized(Rosenbrock(), units: units),
                                                         from: [-1.2 / units[0], 1 / units[1]], optimizer: &lm,
                                                         stopping: .init(maxSteps: 100, costThreshold: 1e-20))
        #expect(plain.steps == scaled.steps)
        for (p, s) in zip(plain.history, scaled.history) {
            #expect(abs(p.cost - s.cost) <= 1e-6 * p.cost, "step \(p.step): \(p.cost) vs \(s.cost)")
        }
        #expect(plain.termination == .costThreshold && abs(phi[0] * units[0] - 1) < 1e-9)
    }

    @Test func avoidsTheNaNRegion() throws {
        var lm = LevenbergMarquardt()
        let (theta, summary) = try LeastSquaresDriver.solve(PoisonedSystem(), from: [0], optimizer: &lm,
                                                            stopping: .init(maxSteps: 100))
        #expect(summary.parametersUsable)
        #expect(theta[0] <= 1 && theta[0] > 0.99)
    }

    /// The λ of `solveTrustRegion` puts ‖z(λ)‖ within 10 % of Δ, or is 0 inside.
    @Test(arguments: [1e-3, 0.1, 1.0, 10.0, 1e3])
    func trustRegionRadiusIsMetWithinTenPercent(radius: Double) {
        let s = [5.0, 2.0, 0.3, 1e-3], g = [1.0, -2.0, 0.5, 0.2]
        for fullRank in [true, false] {
            let lam = LevenbergMarquardt.solveTrustRegion(s: s, g: g, rank: 4, fullColumnRank: fullRank,
                                                          radius: radius, start: 0)
            var q2 = 0.0
            for i in 0..<4 { let z = s[i] * g[i] / (s[i] * s[i] + lam); q2 += z * z }
            if lam == 0 {
                #expect(q2.squareRoot() <= 1.1 * radius)
            } else {
                #expect(abs(q2.squareRoot() - radius) <= 0.1 * radius, "λ = \(lam), ‖z‖ = \(q2.squareRoot())")
            }
        }
    }

    @Test func optionErrorsNameFieldValueAndRule() {
        #expect(throws: OptionError(field: "lm.initial_trust_factor", value: "0.0", rule: "must be finite and > 0")) {
            try LevenbergMarquardt.Options(initialTrustFactor: 0).validate()
        }
        #expect(throws: OptionError(field: "lm.rtol", value: "1.5", rule: "must be finite and in [0, 1)")) {
            try LevenbergMarquardt.Options(rtol: 1.5).validate()
        }
        #expect(throws: OptionError(field: "lm.acceptance_ratio", value: "0.5", rule: "must be in [0, 0.25)")) {
            try LevenbergMarquardt.Options(acceptanceRatio: 0.5).validate()
        }
    }
}

/// r(φ) = inner(diag(units)·φ): the same problem in other parameter units.
final class Reparametrized: ResidualSystem {
    let inner: any ResidualSystem, units: [Double]
    private var theta: [Double]
    init(_ inner: any ResidualSystem, units: [Double]) {
        self.inner = inner; self.units = units; theta = units
    }
    var parameterCount: Int { inner.parameterCount }
    var residualCount: Int { inner.residualCount }
    func fillResiduals(at p: [Double], into r: inout [Double]) {
        for j in p.indices { theta[j] = units[j] * p[j] }
        inner.fillResiduals(at: theta, into: &r)
    }
    func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
        for j in p.indices { theta[j] = units[j] * p[j] }
        inner.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt)
        for i in 0..<residualCount { for j in 0..<parameterCount { jt[j, i] *= units[j] } }
    }
}
