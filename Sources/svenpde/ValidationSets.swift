import Foundation
import PINN
import Residuals
import SvenSolver

/// The held-out points of the `[[data]]` tables and the fit's error on them —
/// the metric a regression (a problem of `[[data]]` terms alone) is judged by.
///
/// Over all held-out points i (of every table, each with its field f_i):
///
///     MSE = (1/N) Σ_i (u_θ,f_i(x_i) − y_i)²,   rel L2 = ‖u_θ − y‖₂ / ‖y‖₂,
///
/// with the hard constraint u = g + d·N applied to its field.
struct ValidationSets {
    struct Part {
        let field: Int
        let targets: [Double]
        let evaluator: JetEvaluator
        let constraint: (g: [Double], d: [Double])?
    }
    let sets: [Part]
    var pointCount: Int { sets.reduce(0) { $0 + $1.targets.count } }

    /// nil when no `[[data]]` table holds points out.
    init?(file: ProblemFile, network: MLP) {
        let dim = file.problem.domain.dimension
        sets = file.data.compactMap { spec in
            guard let points = spec.validationPoints else { return nil }
            let e = JetEvaluator(network: network, layout: JetLayout(dimension: network.inputCount, requested: [.value]),
                                 pointCount: points.count)
            e.setPoints(points)
            let c = spec.field == 0 ? file.constraint.map { c in
                (c.g.evaluate(points: points.coordinates, dimension: dim), c.d.values(points: points.coordinates, dimension: dim))
            } : nil
            return Part(field: spec.field, targets: spec.validationTargets, evaluator: e, constraint: c)
        }
        if sets.isEmpty { return nil }
    }

    /// Mean squared error and relative L2 error of u_θ on the held-out points.
    func errors(of theta: [Double]) -> (mse: Double, relL2: Double) {
        var squared = 0.0, norm = 0.0
        for s in sets {
            s.evaluator.forward(theta, retain: false)
            let out = s.evaluator.output, F = s.evaluator.network.outputCount
            for (i, y) in s.targets.enumerated() {
                var u = out[i * F + s.field]
                if let (g, d) = s.constraint { u = g[i] + d[i] * u }
                squared += (u - y) * (u - y)
                norm += y * y
            }
        }
        return (squared / Double(pointCount), norm > 0 ? (squared / norm).squareRoot() : .infinity)
    }

    /// The system the optimizer trains on: for a problem of one `[[data]]` term on
    /// a one-field network without a constraint, a `DataFitSystem` over the same
    /// points, targets and weight (residual for residual the `PINNSystem`'s, but its
    /// mini-batches evaluate only their own rows); otherwise `system` itself.
    static func trainingSystem(file: ProblemFile, network: MLP, constraints: [HardConstraint],
                               system: PINNSystem) -> any ResidualSystem {
        guard file.isDataOnly, file.problem.terms.count == 1, network.outputCount == 1, constraints.isEmpty,
              let term = file.problem.terms[0] as? ChannelTerm, term.channel == FieldChannel(field: 0, .value) else {
            return system
        }
        return DataFitSystem(network: network, inputs: term.points, targets: term.target, weight: term.weight)
    }
}
