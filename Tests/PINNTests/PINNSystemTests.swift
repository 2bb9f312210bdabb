import Testing
import Foundation
import LinearAlgebra
import PINN
import Residuals
import SvenSolver
import TestSupport

func poissonProblem(interior: Int, boundary: Int) throws -> Problem {
    let box = try Box(lower: [0, 0], upper: [1, 1])
    let inner = Collocation.interiorGrid(box, counts: [interior, interior])
    let edge = Collocation.perimeter(box, count: boundary)
    let f: ([Double]) -> Double = { x in 2 * Double.pi * Double.pi * sin(Double.pi * x[0]) * sin(Double.pi * x[1]) }
    return Problem(
        name: "poisson-test", domain: box,
        terms: [PoissonTerm(points: inner, source: (0..<inner.count).map { f(Array(inner.point($0))) }),
                DirichletTerm(points: edge, target: Array(repeating: 0, count: edge.count))],
        exact: { x in sin(Double.pi * x[0]) * sin(Double.pi * x[1]) })
}

/// ‖J − J_fd‖_max / max(1, ‖J‖_max), J_fd by central differences of r.
func jacobianError(_ system: any ResidualSystem, _ theta: [Double]) -> Double {
    let (p, b) = (system.parameterCount, system.residualCount)
    var jt = Matrix(rows: p, cols: b)
    var r = [Double](repeating: 0, count: b)
    system.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt)
    var worst = 0.0, scale = 1.0
    var rp = r, rm = r
    for k in 0..<p {
        let h = 1e-6 * max(1, abs(theta[k]))
        var tp = theta, tm = theta
        tp[k] += h; tm[k] -= h
        system.fillResiduals(at: tp, into: &rp)
        system.fillResiduals(at: tm, into: &rm)
        for i in 0..<b {
            let fd = (rp[i] - rm[i]) / (2 * h)
            worst = max(worst, abs(jt[k, i] - fd))
            scale = max(scale, abs(jt[k, i]))
        }
    }
    return worst / scale
}

/// max |J·v − (J·v)_dense| and max |Jᵀ·w − (Jᵀ·w)_dense| for seeded v and w.
func productErrors(_ system: any ResidualSystem, _ theta: [Double], seed: UInt64) -> (jv: Double, jtw: Double) {
    let (p, b) = (system.parameterCount, system.residualCount)
    var jt = Matrix(rows: p, cols: b), r = [Double](repeating: 0, count: b)
    system.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt)
    let v = TestData.gaussian(p, seed: seed), w = TestData.gaussian(b, seed: seed &+ 1)
    var jv = [Double](repeating: 0, count: b), jtw = [Double](repeating: 0, count: p)
    system.applyJacobian(at: theta, v, into: &jv)
    system.applyJacobianTranspose(at: theta, w, into: &jtw)
    return (maxAbsDifference(jv, jt.times(v, .transpose)), maxAbsDifference(jtw, jt.times(w)))
}

@Suite("PINN residual system")
struct PINNSystemTests {
    @Test func poissonJacobianMatchesCentralDifferences() throws {
        let system = PINNSystem(problem: try poissonProblem(interior: 4, boundary: 8), network: MLP(widths: [2, 6, 5, 1]))
        #expect(jacobianError(system, system.network.initialParameters(seed: 1)) < 1e-7)
    }

    @Test(arguments: [(1, [1, 5, 4, 1]), (2, [2, 6, 5, 1]), (3, [3, 5, 1])])
    func nonlinearTermJacobianMatchesCentralDifferences(dim: Int, widths: [Int]) throws {
        let box = try Box(lower: Array(repeating: -1, count: dim), upper: Array(repeating: 1, count: dim))
        let pts = Collocation.randomBoundary(box, count: 6, seed: 3)
        let problem = Problem(name: "mixed", domain: box, terms: [MixedTestTerm(points: pts)])
        for act in Activation.allCases {
            let system = PINNSystem(problem: problem, network: MLP(widths: widths, activation: act))
            #expect(jacobianError(system, system.network.initialParameters(seed: 2)) < 1e-6)
        }
    }

    @Test func svenCutsThePoissonErrorByOrdersOfMagnitude() throws {
        let problem = try poissonProblem(interior: 12, boundary: 48)
        let network = MLP(widths: [2, 16, 1])
        let system = PINNSystem(problem: problem, network: network)
        let grid = Collocation.tensor([(0...20).map { Double($0) / 20 }, (0...20).map { Double($0) / 20 }])
        let exact = (0..<grid.count).map { problem.exact!(Array(grid.point($0))) }
        func relL2(_ theta: [Double]) -> Double {
            let u = network.evaluate(theta, at: grid)
            return norm2(zip(u, exact).map { $0 - $1 }) / norm2(exact)
        }
        let theta0 = network.initialParameters(seed: 0)
        var sven = Sven()
        let (theta, summary) = try LeastSquaresDriver.solve(system, from: theta0, optimizer: &sven,
                                                            stopping: .init(maxSteps: 150))
        #expect(summary.finalCost < 1e-6 * summary.initialCost)
        #expect(relL2(theta) < 1e-3 * relL2(theta0))
    }
}

@Suite("Data fitting")
struct DataFitTests {
    @Test func rowSubsetsAgreeWithTheFullSystemAndTheJacobianIsRight() throws {
        let x = (0..<20).map { -1 + 0.1 * Double($0) }
        let net = MLP(widths: [1, 6, 5, 1], activation: .gelu)
        let system = DataFitSystem(network: net, inputs: PointSet(dimension: 1, coordinates: x), targets: x.map { sin(3 * $0) })
        let theta = net.initialParameters(seed: 4)
        #expect(jacobianError(system, theta) < 1e-7)
        var all = [Double](repeating: 0, count: 20), jtAll = Matrix(rows: net.parameterCount, cols: 20)
        system.fillJacobian(at: theta, residuals: &all, jacobianTranspose: &jtAll)
        let rows = [3, 17, 0, 3]
        var r = [Double](repeating: 0, count: 4), jt = Matrix(rows: net.parameterCount, cols: 4)
        system.fillJacobian(at: theta, rows: rows, residuals: &r, jacobianTranspose: &jt)
        for (k, i) in rows.enumerated() {
            #expect(abs(r[k] - all[i]) < 1e-15)
            for q in 0..<net.parameterCount { #expect(abs(jt[q, k] - jtAll[q, i]) < 1e-14) }
        }
    }

    @Test func svenWithMiniBatchesFitsASmoothFunction() throws {
        let x = (0..<200).map { -1 + 0.01 * Double($0) }
        let net = MLP(widths: [1, 10, 10, 1], activation: .gelu)
        let system = DataFitSystem(network: net, inputs: PointSet(dimension: 1, coordinates: x), targets: x.map { sin(3 * $0) })
        var sven = Sven(.init(batchSize: 16))
        let (_, summary) = try LeastSquaresDriver.solve(system, from: net.initialParameters(seed: 0), optimizer: &sven,
                                                        stopping: .init(maxSteps: 300, stallSteps: 0))
        #expect(summary.finalCost < 1e-6 * summary.initialCost)
    }
}

@Suite("Matrix-free products")
struct MatrixFreeTests {
    /// J·v and Jᵀ·w against the dense Jacobian, for a PINN with every channel kind and for data fitting.
    @Test(arguments: [Activation.tanh, .sin, .gelu])
    func productsMatchTheDenseJacobian(act: Activation) throws {
        let box = try Box(lower: [-1, -1], upper: [1, 1])
        let pts = Collocation.randomBoundary(box, count: 9, seed: 5)
        let systems: [any ResidualSystem] = [
            PINNSystem(problem: Problem(name: "m", domain: box, terms: [MixedTestTerm(points: pts)]),
                       network: MLP(widths: [2, 7, 6, 1], activation: act)),
            PINNSystem(problem: try poissonProblem(interior: 3, boundary: 8), network: MLP(widths: [2, 5, 1], activation: act)),
            DataFitSystem(network: MLP(widths: [1, 6, 1], activation: act),
                          inputs: PointSet(dimension: 1, coordinates: [-0.5, 0, 0.3, 0.9]), targets: [1, 2, 3, 4]),
        ]
        for system in systems {
            let (p, b) = (system.parameterCount, system.residualCount)
            let theta = TestData.gaussian(p, seed: 6).map { 0.5 * $0 }
            var jt = Matrix(rows: p, cols: b), r = [Double](repeating: 0, count: b)
            system.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt)
            let scale = max(1, jt.storage.map(abs).max()!)
            let errors = productErrors(system, theta, seed: 7)
            #expect(errors.jv < 1e-12 * scale * Double(p))
            #expect(errors.jtw < 1e-12 * scale * Double(b))
            #expect(system.isMatrixFree)
        }
    }
}

@Suite("Several fields")
struct MultiFieldTests {
    @Test func twoFieldJacobianAndProductsAreRight() throws {
        let box = try Box(lower: [-1, -1], upper: [1, 1])
        let pts = Collocation.randomBoundary(box, count: 7, seed: 9)
        let edge = Collocation.perimeter(box, count: 8)
        // A term mixing u and v, plus Dirichlet conditions on each field separately.
        let problem = Problem(name: "uv", domain: box,
                              terms: [MixedTestTerm(points: pts, fields: 2),
                                      DirichletTerm(name: "u", points: edge, target: Array(repeating: 0.5, count: 8), field: 0),
                                      DirichletTerm(name: "v", points: edge, target: Array(repeating: -1, count: 8), field: 1)],
                              fields: ["u", "v"])
        let system = PINNSystem(problem: problem, network: MLP(widths: [2, 6, 5, 2], activation: .tanh))
        let theta = system.network.initialParameters(seed: 3)
        #expect(jacobianError(system, theta) < 1e-7)
        // The v boundary residual reads output 1 only.
        var r = [Double](repeating: 0, count: system.residualCount)
        system.fillResiduals(at: theta, into: &r)
        let v = system.network.evaluate(theta, at: edge, field: 1)
        for i in 0..<8 { #expect(abs(r[15 + i] - (v[i] + 1) / 8.0.squareRoot()) < 1e-14) }
        let errors = productErrors(system, theta, seed: 10)
        #expect(errors.jv < 1e-11 && errors.jtw < 1e-11)
    }
}

@Suite("Hard constraints")
struct HardConstraintTests {
    private func constrained() throws -> PINNSystem {
        let problem = try poissonProblem(interior: 4, boundary: 12)
        let box = ["x", "y"]
        let constraint = HardConstraint(g: try MathExpression("0.5*x + y^2", variables: box),
                                        d: try MathExpression("x*(1-x)*y*(1-y)", variables: box))
        return PINNSystem(problem: problem, network: MLP(widths: [2, 6, 5, 1], activation: .tanh), constraints: [constraint])
    }

    @Test func boundaryValuesAreMetExactly() throws {
        let system = try constrained()
        let theta = system.network.initialParameters(seed: 8)
        var r = [Double](repeating: 0, count: system.residualCount)
        system.fillResiduals(at: theta, into: &r)
        // The Dirichlet term asks u = 0 on the boundary; the constraint makes u = 0.5x + y² there.
        let edge = system.problem.terms[1].points
        for i in 0..<edge.count {
            let p = Array(edge.point(i))
            #expect(abs(r[16 + i] - (0.5 * p[0] + p[1] * p[1]) / 12.0.squareRoot()) < 1e-14)
        }
    }

    @Test func jacobianAndProductsAreRight() throws {
        let system = try constrained()
        let theta = system.network.initialParameters(seed: 8)
        #expect(jacobianError(system, theta) < 1e-7)
        let errors = productErrors(system, theta, seed: 12)
        #expect(errors.jv < 1e-11 && errors.jtw < 1e-11)
    }

    @Test func secondOrderJetsMatchFiniteDifferences() throws {
        let f = try MathExpression("x*y*sin(x) + exp(y)/(1 + x^2) - sqrt(2 + x*y)^3 + tanh(x - y)", variables: ["x", "y"])
        let x0 = [0.3, -0.7]
        let jet = f.evaluate([SecondOrderJet.variable(x0[0], index: 0, count: 2), .variable(x0[1], index: 1, count: 2)])
        #expect(abs(jet.value - f.evaluate(x0)) < 1e-15)
        let h = 1e-4
        func fAt(_ dx: Double, _ dy: Double) -> Double { f.evaluate([x0[0] + dx, x0[1] + dy]) }
        #expect(abs(jet.gradient[0] - (fAt(h, 0) - fAt(-h, 0)) / (2 * h)) < 1e-8)
        #expect(abs(jet.gradient[1] - (fAt(0, h) - fAt(0, -h)) / (2 * h)) < 1e-8)
        #expect(abs(jet.hessian[0] - (fAt(h, 0) - 2 * fAt(0, 0) + fAt(-h, 0)) / (h * h)) < 1e-5)
        #expect(abs(jet.hessian[3] - (fAt(0, h) - 2 * fAt(0, 0) + fAt(0, -h)) / (h * h)) < 1e-5)
        let mixed = (fAt(h, h) - fAt(h, -h) - fAt(-h, h) + fAt(-h, -h)) / (4 * h * h)
        #expect(abs(jet.hessian[1] - mixed) < 1e-5 && jet.hessian[1] == jet.hessian[2])
    }
}
