import Foundation
import PINN
import Residuals
import Testing

/// A hard constraint whose d is a shape's approximate distance function (no formula).
@Suite("Hard constraints on shapes")
struct ShapeConstraintTests {
    private func constrained(_ shape: Geometry) throws -> PINNSystem {
        let inner = try shape.interiorPoints(rule: .halton, counts: [12], seed: 0)
        let edge = try shape.boundaryPoints(rule: .grid, count: 10, seed: 0).points
        let problem = Problem(name: "shape", domain: try shape.boundingBox(),
                              terms: [PoissonTerm(points: inner, source: Array(repeating: 1, count: inner.count)),
                                      DirichletTerm(points: edge, target: Array(repeating: 0, count: edge.count))],
                              geometry: shape)
        let g = try MathExpression("0.5*x + y^2", variables: ["x", "y"])
        return PINNSystem(problem: problem, network: MLP(widths: [2, 6, 5, 1], activation: .tanh),
                          constraints: [HardConstraint(g: g, d: try DistanceFunction(shape))])
    }

    static let shapes = [try! Geometry.disk(center: [0.2, 0.1], radius: 0.8),
                         try! Geometry.polygon([[-1, -1], [0, -1], [0, 0], [1, 0], [1, 1], [-1, 1]]),
                         try! Geometry.box(lower: [-1, -1], upper: [1, 1]).subtracting(try! .disk(center: [0, 0], radius: 0.4))]

    @Test(arguments: shapes)
    func boundaryValuesAreMetAndTheJacobianIsRight(shape: Geometry) throws {
        let system = try constrained(shape)
        let theta = system.network.initialParameters(seed: 4)
        var r = [Double](repeating: 0, count: system.residualCount)
        system.fillResiduals(at: theta, into: &r)
        let edge = system.problem.terms[1].points, offset = system.problem.termOffsets[1]
        for i in 0..<edge.count {
            let p = Array(edge.point(i))
            // u = g on the boundary whatever the network: the Dirichlet residual is g/√N.
            #expect(abs(r[offset + i] - (0.5 * p[0] + p[1] * p[1]) / 10.0.squareRoot()) < 1e-12)
        }
        #expect(jacobianError(system, theta) < 1e-7)
        let errors = productErrors(system, theta, seed: 5)
        #expect(errors.jv < 1e-11 && errors.jtw < 1e-11)
    }
}
