import Testing
import LinearAlgebra
import SvenSolver
import TestSupport

/// `LinearSystem` that says it is matrix-free and answers J·v and Jᵀ·w itself.
final class MatrixFreeLinearSystem: ResidualSystem {
    let a: Matrix, b: [Double]
    var products = 0
    init(_ a: Matrix, _ b: [Double]) { self.a = a; self.b = b }
    var parameterCount: Int { a.cols }
    var residualCount: Int { a.rows }
    var isMatrixFree: Bool { true }
    func fillResiduals(at p: [Double], into r: inout [Double]) {
        r = b.map { -$0 }
        Matrix.gemv(.none, a, p, beta: 1, into: &r)
    }
    func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
        Issue.record("a matrix-free route must not ask for the dense Jacobian")
        fillResiduals(at: p, into: &r)
        jt = a.transposed
    }
    func applyJacobian(at p: [Double], _ v: [Double], into out: inout [Double]) { products += 1; Matrix.gemv(.none, a, v, into: &out) }
    func applyJacobianTranspose(at p: [Double], _ w: [Double], into out: inout [Double]) { products += 1; Matrix.gemv(.transpose, a, w, into: &out) }
}

/// Per-sample squared errors ℓ_i = (a_iᵀθ − b_i)² as "losses".
final class SquaredErrorLosses: PerSampleLosses {
    let a: Matrix, b: [Double]
    init(_ a: Matrix, _ b: [Double]) { self.a = a; self.b = b }
    var parameterCount: Int { a.cols }
    var sampleCount: Int { a.rows }
    func fillLosses(at p: [Double], into l: inout [Double]) {
        let e = a.times(p)
        for i in l.indices { l[i] = (e[i] - b[i]) * (e[i] - b[i]) }
    }
    func fillLossGradients(at p: [Double], losses l: inout [Double], gradientsTranspose gt: inout Matrix) {
        let e = a.times(p)
        for i in l.indices {
            l[i] = (e[i] - b[i]) * (e[i] - b[i])
            for q in 0..<a.cols { gt[q, i] = 2 * (e[i] - b[i]) * a[i, q] }
        }
    }
}

private func oneStep(_ system: any ResidualSystem, _ options: Sven.Options) throws -> [Double] {
    var sven = Sven(options)
    return try LeastSquaresDriver.solve(system, from: Array(repeating: 0, count: system.parameterCount),
                                       optimizer: &sven, stopping: .init(maxSteps: 1)).parameters
}

@Suite("Sven routes and memory options")
struct SvenOptionsTests {
    @Test(arguments: [(30, 8), (8, 30)])
    func everyRouteTakesTheSameStep(b: Int, p: Int) throws {
        let a = TestData.gaussian(b, p, seed: 41), rhs = TestData.gaussian(b, seed: 42)
        let system = LinearSystem(a, rhs)
        let fixed = Sven.StepControl.fixed(eta: 1)
        let reference = try ThinSVD(a).solve(rhs, rtol: 0)
        for route in [Sven.Route.svd, .qrSVD, .gram, .randomized(oversampling: 0, powerIterations: 1)] {
            let theta = try oneStep(system, .init(rtol: 0, maxRank: min(b, p), stepControl: fixed, route: route))
            #expect(maxAbsDifference(theta, reference) < 1e-9, "route \(route)")
        }
    }

    @Test func randomizedRouteIsExactOnALowRankMatrixAndCanBeMatrixFree() throws {
        let a = TestData.lowRank(40, 25, rank: 5, seed: 43), rhs = TestData.gaussian(40, seed: 44)
        let reference = try ThinSVD(a).solve(rhs, rtol: 1e-10)
        var options = Sven.Options(rtol: 1e-10, maxRank: 5, stepControl: .fixed(eta: 1))   // automatic → randomized
        #expect(maxAbsDifference(try oneStep(LinearSystem(a, rhs), options), reference) < 1e-10)
        let free = MatrixFreeLinearSystem(a, rhs)
        options.jacobianMemoryLimit = 0     // J "does not fit": never formed
        #expect(maxAbsDifference(try oneStep(free, options), reference) < 1e-10)
        // ℓ = k + 10 = 15 columns: 1 + 2·2 sketch passes of J and Jᵀ, plus one Jᵀ·Q pass: 6·15 products.
        #expect(free.products == 6 * 15)
    }

    @Test func gridLineSearchSolvesRosenbrock() throws {
        var sven = Sven(.init(stepControl: .grid(levels: 20)))
        let (theta, summary) = try LeastSquaresDriver.solve(Rosenbrock(), from: [-1.2, 1], optimizer: &sven,
                                                            stopping: .init(maxSteps: 100, costThreshold: 1e-28))
        #expect(summary.termination == .costThreshold)
        #expect(abs(theta[0] - 1) < 1e-12)
    }

    @Test(arguments: [
        Sven.Options(stepControl: .fixed(eta: 1), batchSize: 7),
        Sven.Options(stepControl: .fixed(eta: 1), microBatch: 3),
        Sven.Options(stepControl: .fixed(eta: 1), parameterFraction: 0.5),
        Sven.Options(batchSize: 10, microBatch: 2, parameterFraction: 0.75),
    ])
    func memoryMitigationsStillSolveAConsistentSystem(options: Sven.Options) throws {
        // b = A θ*: every batch, micro-batch and parameter block is consistent with θ*.
        let a = TestData.gaussian(40, 12, seed: 45), star = TestData.gaussian(12, seed: 46)
        let system = LinearSystem(a, a.times(star))
        var sven = Sven(options)
        let (theta, summary) = try LeastSquaresDriver.solve(system, from: Array(repeating: 0, count: 12), optimizer: &sven,
                                                            stopping: .init(maxSteps: 3000, costThreshold: 1e-24))
        #expect(summary.termination == .costThreshold, "\(summary.termination) after \(summary.steps) steps")
        #expect(maxAbsDifference(theta, star) < 1e-9)
    }

    @Test func miniBatchesAreSeededAndReproducible() throws {
        let a = TestData.gaussian(40, 12, seed: 47), rhs = TestData.gaussian(40, seed: 48)
        func run(_ seed: UInt64) throws -> [Double] {
            var sven = Sven(.init(stepControl: .fixed(eta: 0.5), batchSize: 5, seed: seed))
            return try LeastSquaresDriver.solve(LinearSystem(a, rhs), from: Array(repeating: 0, count: 12),
                                                optimizer: &sven, stopping: .init(maxSteps: 20)).parameters
        }
        #expect(try run(1) == run(1))
        #expect(try run(1) != run(2))
    }

    @Test func kappaOneTurnsSquaredErrorsIntoAbsoluteResiduals() throws {
        let a = TestData.gaussian(20, 4, seed: 49), star = TestData.gaussian(4, seed: 50)
        let system = try LossPowerSystem(SquaredErrorLosses(a, a.times(star)), kappa: 1)
        // r_i = |a_iᵀθ − b_i| with Jacobian sign(e_i) a_i: check against central differences.
        let theta = TestData.gaussian(4, seed: 51)
        var jt = Matrix(rows: 4, cols: 20), r = [Double](repeating: 0, count: 20)
        system.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt)
        let e = zip(a.times(theta), a.times(star)).map { $0 - $1 }
        #expect(maxAbsDifference(r, e.map { abs($0) }) < 1e-12)
        for i in 0..<20 { for q in 0..<4 { #expect(abs(jt[q, i] - (e[i] > 0 ? 1 : -1) * a[i, q]) < 1e-10) } }
        var sven = Sven()
        let (fit, summary) = try LeastSquaresDriver.solve(system, from: [0, 0, 0, 0], optimizer: &sven,
                                                          stopping: .init(maxSteps: 200, costThreshold: 1e-24))
        #expect(summary.termination == .costThreshold)
        #expect(maxAbsDifference(fit, star) < 1e-10)
        #expect(throws: OptionError(field: "sven.kappa", value: "0.0", rule: "must be finite and > 0")) {
            try LossPowerSystem(SquaredErrorLosses(a, a.times(star)), kappa: 0)
        }
    }

    @Test func newOptionsAreValidated() {
        #expect(throws: OptionError(field: "sven.k", value: "unset", rule: "the randomized route needs k")) {
            try Sven.Options(route: .randomized(oversampling: 5, powerIterations: 1)).validate()
        }
        #expect(throws: OptionError(field: "sven.batch_size", value: "0", rule: "must be at least 1")) {
            try Sven.Options(batchSize: 0).validate()
        }
        #expect(throws: OptionError(field: "sven.micro_batch", value: "0", rule: "must be at least 1")) {
            try Sven.Options(microBatch: 0).validate()
        }
        #expect(throws: OptionError(field: "sven.parameter_fraction", value: "1.5", rule: "must be in (0, 1]")) {
            try Sven.Options(parameterFraction: 1.5).validate()
        }
        #expect(throws: OptionError(field: "sven.grid_levels", value: "0", rule: "must be in 1...60")) {
            try Sven.Options(stepControl: .grid(levels: 0)).validate()
        }
    }
}

@Suite("Row subsets")
struct RowSubsetTests {
    @Test func viewShowsExactlyTheChosenRows() {
        let a = TestData.gaussian(10, 3, seed: 61), rhs = TestData.gaussian(10, seed: 62)
        let base = LinearSystem(a, rhs)
        let view = RowSubsetSystem(base, rows: [7, 2, 2])
        let theta = [0.5, -1, 2.0]
        var all = [Double](repeating: 0, count: 10), r = [Double](repeating: 0, count: 3)
        base.fillResiduals(at: theta, into: &all)
        view.fillResiduals(at: theta, into: &r)
        #expect(r == [all[7], all[2], all[2]])
        var jt = Matrix(rows: 3, cols: 3)
        view.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt)
        for (k, i) in [7, 2, 2].enumerated() { for q in 0..<3 { #expect(jt[q, k] == a[i, q]) } }
        view.rows = [0, 1, 9]
        view.fillResiduals(at: theta, into: &r)
        #expect(r == [all[0], all[1], all[9]])
    }
}
