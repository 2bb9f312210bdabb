import LinearAlgebra
import Residuals
import SvenSolver

/// A problem's conditions evaluated on a network: the `ResidualSystem` that
/// SvenSolver drives to zero. Residual rows follow the problem's terms in
/// order: one per point, or one per pair of points for a paired term
/// (``PeriodicTerm``), which must come after all unpaired terms.
///
/// **Paired rows.** Residual i of a paired term reads the jets at two points,
/// so its Jacobian row is the sum of two per-point rows
/// ∂r_i/∂θ = Σ_c (∂r_i/∂jet_c(a_i) ∂jet_c(a_i)/∂θ + ∂r_i/∂jet_c(b_i) ∂jet_c(b_i)/∂θ).
/// The paired points get their own jet evaluator whose per-point rows go to a
/// small scratch Jᵀ (P × 2N) and are added pairwise into the caller's Jᵀ.
public final class PINNSystem: ResidualSystem {
    public private(set) var problem: Problem
    public let network: MLP
    /// Hard constraints u_f = g + d·N_f applied to the network's outputs (none by default).
    public let constraints: [HardConstraint]
    let layout: JetLayout
    /// [unpaired block, paired block (if any)].
    var blocks: [Block]
    /// Per term: (block, first point in that block's evaluator).
    let place: [(block: Int, point: Int)]
    /// Per term and channel: (layout channel, field).
    let channelIndex: [[(channel: Int, field: Int)]]
    let offsets: [Int]
    var termJet: [[Double]], termResiduals: [[Double]], termPartials: [[Double]]
    var scratchResiduals: [Double]
    var pairJacobian: Matrix?
    var pairGradient: [Double]

    /// One jet evaluator over a group of terms' points, with its seeds and constraint transform.
    struct Block {
        let evaluator: JetEvaluator
        var seeds: [Double]
        var transform: ConstraintTransform?
        var constrainedOutput: [Double] = []
    }

    public init(problem: Problem, network: MLP, constraints: [HardConstraint] = []) {
        precondition(network.inputCount == problem.domain.dimension,
                     "PINNSystem: network has \(network.inputCount) inputs, domain is \(problem.domain.dimension)D")
        precondition(network.outputCount == problem.fields.count,
                     "PINNSystem: network has \(network.outputCount) outputs for \(problem.fields.count) fields \(problem.fields)")
        precondition(constraints.allSatisfy { $0.field < network.outputCount } && Set(constraints.map(\.field)).count == constraints.count,
                     "PINNSystem: constraints must name distinct fields below \(network.outputCount)")
        let paired = problem.terms.map(\.pairedRows)
        precondition(paired.firstIndex(of: true).map { first in !paired[first...].contains(false) } ?? true,
                     "PINNSystem: paired (periodic) terms must come after all other terms")
        self.problem = problem
        self.network = network
        self.constraints = constraints
        layout = JetLayout(dimension: problem.domain.dimension, requested: problem.channels)
        precondition(constraints.isEmpty || !layout.hasHigherOrder,
                     "PINNSystem: hard constraints support derivatives up to order 2; the problem needs \(layout.higher.count) of order 3 or 4")
        var place: [(block: Int, point: Int)] = [], next = [0, 0]
        for t in problem.terms {
            let b = t.pairedRows ? 1 : 0
            place.append((b, next[b]))
            next[b] += t.points.count
        }
        self.place = place
        blocks = []
        channelIndex = problem.terms.map { [layout] t in t.channels.map { (layout.index(of: $0.channel)!, $0.field) } }
        offsets = problem.termOffsets
        termJet = problem.terms.map { [Double](repeating: 0, count: $0.channels.count * $0.points.count) }
        termPartials = termJet
        termResiduals = problem.terms.map { [Double](repeating: 0, count: $0.rowCount) }
        scratchResiduals = [Double](repeating: 0, count: problem.residualCount)
        pairGradient = next[1] > 0 ? [Double](repeating: 0, count: network.parameterCount) : []
        pairJacobian = next[1] > 0 ? Matrix(rows: network.parameterCount, cols: next[1]) : nil
        for b in 0..<(next[1] > 0 ? 2 : 1) {
            let points = blockPoints(b)
            let evaluator = JetEvaluator(network: network, layout: layout, pointCount: points.count)
            evaluator.setPoints(points)
            blocks.append(Block(evaluator: evaluator,
                                seeds: [Double](repeating: 0, count: network.outputCount * layout.count * points.count),
                                transform: transform(for: points)))
        }
    }

    /// The points of block b: its terms' points in order.
    private func blockPoints(_ b: Int) -> PointSet {
        let ts = problem.terms.indices.filter { place[$0].block == b }.map { problem.terms[$0].points }
        return ts.dropFirst().reduce(ts[0]) { $0.appending($1) }
    }

    private func transform(for points: PointSet) -> ConstraintTransform? {
        constraints.isEmpty ? nil : ConstraintTransform(
            layout: layout, fields: network.outputCount, pointCount: points.count,
            constraints: constraints.map { c in
                let (g, d) = c.jets(at: points, layout: layout)
                return (c.field, g, d)
            })
    }

    public var parameterCount: Int { network.parameterCount }
    public var residualCount: Int { problem.residualCount }

    /// Replaces the terms by ones with the same names, kinds and point counts
    /// at new points (resampling). Buffers are kept; the next evaluation uses the new points.
    public func replaceTerms(_ terms: [any ResidualTerm]) {
        precondition(terms.count == problem.terms.count && zip(terms, problem.terms).allSatisfy {
            $0.points.count == $1.points.count && $0.pairedRows == $1.pairedRows && $0.channels == $1.channels
        }, "PINNSystem.replaceTerms: the new terms must match the old ones in count, points and channels")
        problem.terms = terms
        for b in blocks.indices {
            let points = blockPoints(b)
            blocks[b].evaluator.setPoints(points)
            blocks[b].transform = transform(for: points)
        }
    }

    public func fillResiduals(at parameters: [Double], into residuals: inout [Double]) {
        forward(parameters, retain: false)
        evaluateTerms(into: &residuals, withPartials: false)
    }

    public func fillJacobian(at parameters: [Double], residuals: inout [Double], jacobianTranspose: inout Matrix) {
        forward(parameters)
        evaluateTerms(into: &residuals, withPartials: true)
        fillSeeds(weights: nil)
        blocks[0].evaluator.backward(parameters, seeds: blocks[0].seeds, into: &jacobianTranspose)
        guard blocks.count > 1, var scratch = pairJacobian.take() else { return }
        blocks[1].evaluator.backward(parameters, seeds: blocks[1].seeds, into: &scratch)
        let P = parameterCount
        scratch.storage.withUnsafeBufferPointer { s in
            jacobianTranspose.storage.withUnsafeMutableBufferPointer { jt in
                for (t, term) in problem.terms.enumerated() where term.pairedRows {
                    let n = term.rowCount, p0 = place[t].point
                    for i in 0..<n {
                        let a = (p0 + i) * P, b = (p0 + n + i) * P, r = (offsets[t] + i) * P
                        for k in 0..<P { jt[r + k] = s[a + k] + s[b + k] }
                    }
                }
            }
        }
        pairJacobian = scratch
    }

    // MARK: - Matrix-free products

    /// J·v and Jᵀ·w cost one forward pass plus one tangent or adjoint pass.
    public var isMatrixFree: Bool { true }

    public func applyJacobian(at parameters: [Double], _ v: [Double], into out: inout [Double]) {
        forward(parameters)
        evaluateTerms(into: &out, withPartials: true)
        let tangents = blocks.map { block -> [Double] in
            var t = block.evaluator.tangent(parameters, direction: v)
            block.transform?.apply(&t, affine: false)
            return t
        }
        let F = network.outputCount
        for (k, term) in problem.terms.enumerated() {
            let (b, p0) = place[k], m = term.points.count, o = offsets[k]
            let B = blocks[b].evaluator.pointCount, t = tangents[b]
            for i in 0..<term.rowCount { out[o + i] = 0 }
            for (local, ch) in channelIndex[k].enumerated() {
                for j in 0..<m {
                    out[o + (term.pairedRows ? j % term.rowCount : j)] += termPartials[k][local * m + j] * t[(ch.channel * B + p0 + j) * F + ch.field]
                }
            }
        }
    }

    public func applyJacobianTranspose(at parameters: [Double], _ w: [Double], into out: inout [Double]) {
        forward(parameters)
        evaluateTerms(into: &scratchResiduals, withPartials: true)   // only the partials are needed
        fillSeeds(weights: w)
        blocks[0].evaluator.vectorJacobianProduct(parameters, seeds: blocks[0].seeds, into: &out)
        guard blocks.count > 1 else { return }
        blocks[1].evaluator.vectorJacobianProduct(parameters, seeds: blocks[1].seeds, into: &pairGradient)
        for k in out.indices { out[k] += pairGradient[k] }
    }

    /// The jets of every block; `retain` false when no backward or tangent pass follows
    /// (`JetEvaluator.forward(_:retain:)`).
    private func forward(_ parameters: [Double], retain: Bool = true) {
        for b in blocks.indices { blocks[b].evaluator.forward(parameters, retain: retain) }
    }

    /// seeds = w_row·∂r_row/∂jet_c at each point (w = nil: 1), zero for channels a term does not read.
    private func fillSeeds(weights w: [Double]?) {
        let F = network.outputCount
        for b in blocks.indices { for k in blocks[b].seeds.indices { blocks[b].seeds[k] = 0 } }
        for (t, term) in problem.terms.enumerated() {
            let (b, p0) = place[t], m = term.points.count, o = offsets[t], B = blocks[b].evaluator.pointCount
            for (local, ch) in channelIndex[t].enumerated() {
                for j in 0..<m {
                    let row = o + (term.pairedRows ? j % term.rowCount : j)
                    blocks[b].seeds[(ch.channel * B + p0 + j) * F + ch.field] += (w?[row] ?? 1) * termPartials[t][local * m + j]
                }
            }
        }
        for b in blocks.indices { blocks[b].transform?.transpose(&blocks[b].seeds) }
    }

    /// The output jet of block b: the network's, through the hard constraints if any.
    private func outputJet(_ b: Int) -> [Double] {
        guard let transform = blocks[b].transform else { return blocks[b].evaluator.output }
        blocks[b].constrainedOutput = blocks[b].evaluator.output
        transform.apply(&blocks[b].constrainedOutput, affine: true)
        return blocks[b].constrainedOutput
    }

    /// Gather each term's jet from the output, evaluate it, scatter its residuals.
    private func evaluateTerms(into residuals: inout [Double], withPartials: Bool) {
        precondition(residuals.count == residualCount,
                     "PINNSystem: residual buffer has \(residuals.count) entries, need \(residualCount)")
        let outputs = blocks.indices.map(outputJet), F = network.outputCount
        for (t, term) in problem.terms.enumerated() {
            let (b, p0) = place[t], m = term.points.count, o = offsets[t], B = blocks[b].evaluator.pointCount
            for (local, ch) in channelIndex[t].enumerated() {
                for j in 0..<m { termJet[t][local * m + j] = outputs[b][(ch.channel * B + p0 + j) * F + ch.field] }
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
            for i in 0..<term.rowCount { residuals[o + i] = termResiduals[t][i] }
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
        e.forward(theta, retain: false)
        let out = e.output
        return (0..<points.count).map { out[$0 * outputCount + field] }
    }
}
