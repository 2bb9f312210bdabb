import Foundation
import PINN
import Residuals
import SvenSolver

struct Reaction: PointwiseCondition {                 // −u″ + u³ = f on (0, 1), u* = sin πx
    let channels = [FieldChannel(.second(0, 0)), FieldChannel(.value)]
    func residual<S: ExpressionScalar>(x: [Double], jet: [S]) -> S {
        let s = sin(Double.pi * x[0])
        return -jet[0] + jet[1] * jet[1] * jet[1] - S(Double.pi * Double.pi * s + s * s * s)
    }
}
let line = try Box(lower: [0], upper: [1])
let problem = Problem(name: "reaction", domain: line, terms: [
    CustomTerm(condition: Reaction(), points: Collocation.interiorGrid(line, counts: [40])),
    DirichletTerm(points: Collocation.perimeter(line, count: 2), target: [0, 0])])
let network = MLP(widths: [1, 16, 1], activation: .tanh)
var sven = Sven()
let (theta, summary) = try LeastSquaresDriver.solve(PINNSystem(problem: problem, network: network),
    from: network.initialParameters(seed: 0), optimizer: &sven, stopping: .init(maxSteps: 300))
let u = network.evaluate(theta, at: Collocation.interiorGrid(line, counts: [99]))   // u at x = 0.01…0.99
let error = zip(u, (1...99).map { sin(Double.pi * Double($0) / 100) }).map { abs($0 - $1) }.max()!
print("\(summary.termination.rawValue) after \(summary.steps) steps; max error \(error)")
