import Foundation
import LinearAlgebra
import PINN
import Residuals
import SvenSolver

struct Oscillator: PointwiseCondition {               // u″ + u = 0 on (0, 3), u* = sin x
    let channels = [FieldChannel(.second(0, 0)), FieldChannel(.value)]
    func residual<S: ExpressionScalar>(x: [Double], jet: [S]) -> S { jet[0] + jet[1] }
}
BLAS.threads = 1                                      // one BLAS thread: the same result on every run
let line = try Box(lower: [0], upper: [3])
let origin = PointSet(dimension: 1, coordinates: [0])  // one point, x = 0
let problem = Problem(name: "oscillator", domain: line, terms: [
    CustomTerm(condition: Oscillator(), points: Collocation.interiorGrid(line, counts: [60])),
    ChannelTerm(name: "u(0) = 0", points: origin, channel: FieldChannel(.value), target: [0]),
    ChannelTerm(name: "u'(0) = 1", points: origin, channel: FieldChannel(.first(0)), target: [1])])
let network = MLP(widths: [1, 16, 1], activation: .tanh)
var sven = Sven()
let (theta, summary) = try LeastSquaresDriver.solve(PINNSystem(problem: problem, network: network),
    from: network.initialParameters(seed: 0), optimizer: &sven, stopping: .init(maxSteps: 300))
let xs = (0...300).map { Double($0) / 100 }
let u = network.evaluate(theta, at: PointSet(dimension: 1, coordinates: xs))
print("terms: \(problem.terms.map(\.name).joined(separator: ", "))")
print(summary)
print("max error \(zip(u, xs).map { abs($0 - sin($1)) }.max()!)")
