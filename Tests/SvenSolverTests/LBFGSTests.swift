import Testing
import LinearAlgebra
import SvenSolver
import TestSupport

/// r = θ² − 1: from θ = 0.1 the cost ½(θ² − 1)² is concave (|θ| < 1/√3), so a
/// step that meets only the Armijo condition there has yᵀs < 0.
final class ConcaveStart: ResidualSystem {
    var parameterCount: Int { 1 }
    var residualCount: Int { 1 }
    func fillResiduals(at p: [Double], into r: inout [Double]) { r[0] = p[0] * p[0] - 1 }
    func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
        fillResiduals(at: p, into: &r)
        jt[0, 0] = 2 * p[0]
    }
}

@Suite("L-BFGS")
struct LBFGSTests {
    func gradient(_ system: any ResidualSystem, _ theta: [Double]) -> (cost: Double, g: [Double]) {
        var r = Array(repeating: 0.0, count: system.residualCount), g = theta
        system.fillResiduals(at: theta, into: &r)
        system.applyJacobianTranspose(at: theta, r, into: &g)
        return (0.5 * r.reduce(0) { $0 + $1 * $1 }, g)
    }

    /// Every accepted step meets the strong Wolfe conditions, checked from outside:
    /// d = (θ₊ − θ)/α, φ'(0) = gᵀd, φ'(α) = g₊ᵀd.
    @Test(arguments: ["rosenbrock", "mlp"])
    func everyStepMeetsTheStrongWolfeConditions(problem: String) throws {
        let (system, start): (any ResidualSystem, [Double]) =
            problem == "rosenbrock" ? (Rosenbrock(), [-1.2, 1]) : (MLPFit(), MLPFit.initialParameters())
        var lbfgs = LBFGS()
        var path = [start]
        let (_, summary) = try LeastSquaresDriver.solve(system, from: start, optimizer: &lbfgs,
                                                        stopping: .init(maxSteps: 60, costThreshold: 1e-20)) { _, theta in
            path.append(theta)
            return .proceed
        }
        #expect(summary.steps >= 30)
        var checked = 0
        for (k, record) in summary.history.enumerated() {
            let alpha = record.eta
            let d = zip(path[k + 1], path[k]).map { ($0 - $1) / alpha }
            let (phi0, g0) = gradient(system, path[k]), (phi, g) = gradient(system, path[k + 1])
            let (slope0, slope) = (zip(g0, d).map(*).reduce(0, +), zip(g, d).map(*).reduce(0, +))
            if abs(slope0) < 1e-12 { continue }   // d recovered from θ₊ − θ is round-off by now
            #expect(slope0 < 0, "step \(k + 1): not a descent direction")
            #expect(phi <= phi0 + 1e-4 * alpha * slope0 + 1e-15 * phi0, "step \(k + 1): Armijo fails")
            #expect(abs(slope) <= 0.9 * abs(slope0) * (1 + 1e-6), "step \(k + 1): curvature fails")
            checked += 1
        }
        #expect(checked >= 30)
        #expect(lbfgs.state.skippedUpdates == 0 && lbfgs.state.resets == 0)
    }

    @Test func aFailedCurvatureConditionSkipsTheUpdate() throws {
        // With one trial allowed, the line search accepts the first Armijo point, in
        // the concave region: yᵀs < 0, so the pair is not stored.
        var starved = LBFGS(.init(maxLineSearchEvaluations: 1))
        let (_, s1) = try LeastSquaresDriver.solve(ConcaveStart(), from: [0.1], optimizer: &starved,
                                                   stopping: .init(maxSteps: 1))
        #expect(s1.finalCost < s1.initialCost)
        #expect(starved.state.skippedUpdates == 1 && starved.state.count == 0)
        // With the default budget it extrapolates to where curvature holds and keeps the pair.
        var normal = LBFGS()
        _ = try LeastSquaresDriver.solve(ConcaveStart(), from: [0.1], optimizer: &normal, stopping: .init(maxSteps: 1))
        #expect(normal.state.skippedUpdates == 0 && normal.state.count == 1)
    }

    @Test func aNonDescentDirectionResetsTheMemory() throws {
        // A restored memory with ρ < 0 (yᵀs = −1) makes the two-loop direction +g.
        var lbfgs = LBFGS(.init(memory: 1))
        var bad = LBFGS.State(parameterCount: 2, memory: 1)
        bad.s = [[1, 0]]; bad.y = [[-1, 0]]; bad.rho = [-1]; bad.count = 1; bad.newest = 0
        lbfgs.state = bad
        let (_, summary) = try LeastSquaresDriver.solve(Rosenbrock(), from: [-1.2, 1], optimizer: &lbfgs,
                                                        stopping: .init(maxSteps: 1))
        #expect(lbfgs.state.resets == 1)
        #expect(summary.steps == 1 && summary.finalCost < summary.initialCost)
    }

    /// Where the gradient is exactly zero there is no direction to search: the first
    /// step reports no decrease and θ is untouched. The data are small integers, so
    /// r = Aθ − b and Jᵀr are computed exactly by every BLAS kernel:
    /// A = diag(1, 2) over a zero row, b = (1, 2, 1), θ* = (1, 1), r = (0, 0, −1), Jᵀr = 0.
    @Test func whereTheGradientVanishesTheStepReportsNoDecrease() throws {
        let a = Matrix([[1, 0], [0, 2], [0, 0]]), b: [Double] = [1, 2, 1]
        var lbfgs = LBFGS()
        let (theta, summary) = try LeastSquaresDriver.solve(LinearSystem(a, b), from: [1, 1], optimizer: &lbfgs)
        #expect(summary.termination == .noDecrease && summary.steps == 0)
        #expect(maxAbsDifference(theta, [1, 1]) == 0 && summary.finalCost == 0.5)
    }

    /// At a computed least-squares optimum the gradient is round-off, ‖Jᵀr‖ ~ ε‖A‖‖r‖,
    /// whose direction depends on the BLAS kernel's rounding: a line search may still
    /// find a decrease in the last bits. What holds on every kernel: the run ends with
    /// no decrease within a few steps, the cost stays at the optimum to round-off and
    /// θ moves by no more than round-off amplified by cond(A) (≈ 2 for this 30 × 5
    /// Gaussian matrix).
    @Test func atAComputedMinimumTheRunEndsWithNoDecreaseAndStaysThere() throws {
        let a = TestData.gaussian(30, 5, seed: 1), b = TestData.gaussian(30, seed: 2)
        let (optimum, optimalCost) = try optimalLinearCost(a, b, rtol: 0)
        var lbfgs = LBFGS()
        let (theta, summary) = try LeastSquaresDriver.solve(LinearSystem(a, b), from: optimum, optimizer: &lbfgs)
        #expect(summary.termination == .noDecrease && summary.steps <= 5)
        #expect(abs(summary.finalCost - optimalCost) <= 1e-13 * optimalCost)
        let scale = optimum.map(abs).max() ?? 1
        #expect(maxAbsDifference(theta, optimum) <= 1e-12 * scale)
    }

    @Test func trialsIntoNaNShrinkTheStepAndEndWithNoDecrease() throws {
        // ½(θ − 3)² is finite only for θ ≤ 1: the line search backs off every NaN
        // trial and walks to the edge of the finite region.
        var lbfgs = LBFGS()
        let (theta, summary) = try LeastSquaresDriver.solve(PoisonedSystem(), from: [0], optimizer: &lbfgs,
                                                            stopping: .init(maxSteps: 200))
        #expect(summary.termination == .noDecrease && summary.parametersUsable)
        #expect(theta[0] <= 1 && theta[0] > 1 - 1e-6)
    }
}
