import LinearAlgebra
import Residuals
import SvenSolver

/// A problem's conditions evaluated on a network: the `ResidualSystem` that
/// SvenSolver drives to zero. Residual rows follow the problem's terms in order,
/// one per point.
public final class PINNSystem: ResidualSystem {
    public let problem: Problem
    public let network: MLP
    let evaluator: JetEvaluator
    /// Per term and channel: the index in the output jet, (layout channel · B + point)·fields + field
    /// without the point part, i.e. `c·B·F + field`; add `point·F`.
    let channelIndex: [[(channel: Int, field: Int)]]
    let offsets: [Int]
    var termJet: [[Double]], termResiduals: [[Double]], termPartials: [[Double]]
    var seeds: [Double]
    var scratchResiduals: [Double]

    /// Hard constraints u_f = g + d·N_f applied to the network's outputs (none by default).
    public let constraints: [HardConstraint]
    let transform: ConstraintTransform?
    /// The output jet after the constraints.
    var constrainedOutput: [Double] = []

    public init(problem: Problem, network: MLP, constraints: [HardConstraint] = []) {
        precondition(network.inputCount == problem.domain.dimension,
                     "PINNSystem: network has \(network.inputCount) inputs, domain is \(problem.domain.dimension)D")
        precondition(network.outputCount == problem.fields.count,
                     "PINNSystem: network has \(network.outputCount) outputs for \(problem.fields.count) fields \(problem.fields)")
        self.problem = problem
        self.network = network
        let layout = JetLayout(dimension: problem.domain.dimension, requested: problem.channels)
        let points = problem.terms.dropFirst().reduce(problem.terms[0].points) { $0.appending($1.points) }
        evaluator = JetEvaluator(network: network, layout: layout, pointCount: points.count)
        evaluator.setPoints(points)
        channelIndex = problem.terms.map { t in t.channels.map { (layout.index(of: $0.channel)!, $0.field) } }
        offsets = problem.termOffsets
        termJet = problem.terms.map { [Double](repeating: 0, count: $0.channels.count * $0.points.count) }
        termPartials = termJet
        termResiduals = problem.terms.map { [Double](repeating: 0, count: $0.points.count) }
        seeds = [Double](repeating: 0, count: network.outputCount * layout.count * points.count)
        precondition(constraints.allSatisfy { $0.field < network.outputCount } && Set(constraints.map(\.field)).count == constraints.count,
                     "PINNSystem: constraints must name distinct fields below \(network.outputCount)")
        self.constraints = constraints
        transform = constraints.isEmpty ? nil : ConstraintTransform(
            layout: layout, fields: network.outputCount, pointCount: points.count,
            constraints: constraints.map { c in
                let (g, d) = c.jets(at: points, layout: layout)
                return (c.field, g, d)
            })
        scratchResiduals = [Double](repeating: 0, count: points.count)
    }

    public var parameterCount: Int { network.parameterCount }
    public var residualCount: Int { evaluator.pointCount }

    public func fillResiduals(at parameters: [Double], into residuals: inout [Double]) {
        evaluator.forward(parameters)
        evaluateTerms(into: &residuals, withPartials: false)
    }

    public func fillJacobian(at parameters: [Double], residuals: inout [Double], jacobianTranspose: inout Matrix) {
        evaluator.forward(parameters)
        evaluateTerms(into: &residuals, withPartials: true)
        fillSeeds(weights: nil)
        evaluator.backward(parameters, seeds: seeds, into: &jacobianTranspose)
    }

    // MARK: - Matrix-free products

    /// J·v and Jᵀ·w cost one forward pass plus one tangent or adjoint pass.
    public var isMatrixFree: Bool { true }

    public func applyJacobian(at parameters: [Double], _ v: [Double], into out: inout [Double]) {
        evaluator.forward(parameters)
        evaluateTerms(into: &out, withPartials: true)
        var t = evaluator.tangent(parameters, direction: v)
        transform?.apply(&t, affine: false)
        let B = evaluator.pointCount, F = network.outputCount
        for (k, term) in problem.terms.enumerated() {
            let n = term.points.count, o = offsets[k]
            for i in 0..<n { out[o + i] = 0 }
            for (local, ch) in channelIndex[k].enumerated() {
                for i in 0..<n { out[o + i] += termPartials[k][local * n + i] * t[(ch.channel * B + o + i) * F + ch.field] }
            }
        }
    }

    public func applyJacobianTranspose(at parameters: [Double], _ w: [Double], into out: inout [Double]) {
        evaluator.forward(parameters)
        evaluateTerms(into: &scratchResiduals, withPartials: true)   // only the partials are needed
        fillSeeds(weights: w)
        evaluator.vectorJacobianProduct(parameters, seeds: seeds, into: &out)
    }

    /// seeds = w_i·∂r_i/∂jet_c at the output (w = nil: 1), zero for channels a term does not read.
    private func fillSeeds(weights w: [Double]?) {
        let B = evaluator.pointCount, F = network.outputCount
        for k in seeds.indices { seeds[k] = 0 }
        for (t, term) in problem.terms.enumerated() {
            let n = term.points.count, o = offsets[t]
            for (local, ch) in channelIndex[t].enumerated() {
                for i in 0..<n {
                    seeds[(ch.channel * B + o + i) * F + ch.field] += (w?[o + i] ?? 1) * termPartials[t][local * n + i]
                }
            }
        }
        transform?.transpose(&seeds)
    }

    /// The output jet of u: the network's, through the hard constraints if any.
    private func outputJet() -> [Double] {
        guard let transform else { return evaluator.output }
        constrainedOutput = evaluator.output
        transform.apply(&constrainedOutput, affine: true)
        return constrainedOutput
    }

    /// Gather each term's jet from the output, evaluate it, scatter its residuals.
    private func evaluateTerms(into residuals: inout [Double], withPartials: Bool) {
        precondition(residuals.count == residualCount,
                     "PINNSystem: residual buffer has \(residuals.count) entries, need \(residualCount)")
        let out = outputJet(), B = evaluator.pointCount, F = network.outputCount
        for (t, term) in problem.terms.enumerated() {
            let n = term.points.count, o = offsets[t]
            for (local, ch) in channelIndex[t].enumerated() {
                for i in 0..<n { termJet[t][local * n + i] = out[(ch.channel * B + o + i) * F + ch.field] }
            }
            termJet[t].withUnsafeBufferPointer { jet in
                termResiduals[t].withUnsafeMutableBufferPointer { r in
                    if withPartials {
                        termPartials[t].withUnsafeMutableBufferPointer { p in
                            term.evaluate(jet: jet, residuals: r, partials: p)
                        }
                    } else {
                        term.evaluate(jet: jet, residuals: r, partials: nil)
                    }
                }
            }
            for i in 0..<n { residuals[o + i] = termResiduals[t][i] }
        }
    }
}

extension MLP {
    /// Output `field` of u_θ at `points` (the value channel), e.g. on an error grid.
    public func evaluate(_ theta: [Double], at points: PointSet, field: Int = 0) -> [Double] {
        precondition(field >= 0 && field < outputCount, "MLP.evaluate: field \(field) of \(outputCount) outputs")
        let e = JetEvaluator(network: self, layout: JetLayout(dimension: inputCount, requested: [.value]),
                             pointCount: points.count)
        e.setPoints(points)
        e.forward(theta)
        let out = e.output
        return (0..<points.count).map { out[$0 * outputCount + field] }
    }
}
