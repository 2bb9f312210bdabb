import LinearAlgebra
import Residuals
import SvenSolver

/// Fitting a network to data: r_i = w·(u_θ(x_i) − y_i), i = 1 … N — regression as
/// a residual system. The default weight w = 1/√N makes ½‖r‖² half the mean
/// squared error.
///
/// Row subsets (mini-batches) are evaluated on their own points only, with a
/// second evaluator sized for the batch, so a step on 32 rows costs 32 rows.
public final class DataFitSystem: ResidualSystem {
    public let network: MLP
    public let inputs: PointSet
    public let targets: [Double]
    public let weight: Double
    private let full: JetEvaluator
    private var batch: JetEvaluator?
    private var batchCoordinates: [Double] = []
    private var seeds: [Double], jacobianSeeds: [Double] = [], batchSeeds: [Double] = []

    public init(network: MLP, inputs: PointSet, targets: [Double], weight: Double? = nil) {
        precondition(inputs.dimension == network.inputCount && network.outputCount == 1,
                     "DataFitSystem: \(inputs.dimension)D inputs for a network with \(network.inputCount) inputs and \(network.outputCount) outputs (need 1)")
        precondition(targets.count == inputs.count, "DataFitSystem: \(targets.count) targets for \(inputs.count) inputs")
        self.network = network
        self.inputs = inputs
        self.targets = targets
        self.weight = weight ?? 1 / Double(max(inputs.count, 1)).squareRoot()
        full = JetEvaluator(network: network, layout: JetLayout(dimension: inputs.dimension, requested: [.value]),
                            pointCount: inputs.count)
        full.setPoints(inputs)
        seeds = []
    }

    public var parameterCount: Int { network.parameterCount }
    public var residualCount: Int { inputs.count }

    public func fillResiduals(at parameters: [Double], into residuals: inout [Double]) {
        full.forward(parameters)
        let u = full.output
        for i in 0..<inputs.count { residuals[i] = weight * (u[i] - targets[i]) }
    }

    public func fillJacobian(at parameters: [Double], residuals: inout [Double], jacobianTranspose: inout Matrix) {
        fillResiduals(at: parameters, into: &residuals)
        if jacobianSeeds.count != inputs.count { jacobianSeeds = Array(repeating: weight, count: inputs.count) }
        full.backward(parameters, seeds: jacobianSeeds, into: &jacobianTranspose)
    }

    // MARK: - Matrix-free products

    public var isMatrixFree: Bool { true }

    public func applyJacobian(at parameters: [Double], _ v: [Double], into out: inout [Double]) {
        full.forward(parameters)
        let t = full.tangent(parameters, direction: v)
        for i in 0..<inputs.count { out[i] = weight * t[i] }
    }

    public func applyJacobianTranspose(at parameters: [Double], _ w: [Double], into out: inout [Double]) {
        full.forward(parameters)
        if seeds.count != inputs.count { seeds = Array(repeating: 0, count: inputs.count) }
        for i in 0..<inputs.count { seeds[i] = weight * w[i] }
        full.vectorJacobianProduct(parameters, seeds: seeds, into: &out)
    }

    // MARK: - Mini-batches

    private func evaluateBatch(_ parameters: [Double], rows: [Int]) -> JetEvaluator {
        let d = inputs.dimension
        if batch?.pointCount != rows.count {
            batch = JetEvaluator(network: network, layout: JetLayout(dimension: d, requested: [.value]), pointCount: rows.count)
            batchCoordinates = Array(repeating: 0, count: rows.count * d)
            batchSeeds = Array(repeating: weight, count: rows.count)
        }
        for (k, i) in rows.enumerated() {
            for c in 0..<d { batchCoordinates[k * d + c] = inputs.coordinates[i * d + c] }
        }
        let e = batch!
        e.setPoints(PointSet(dimension: d, coordinates: batchCoordinates))
        e.forward(parameters)
        return e
    }

    public func fillResiduals(at parameters: [Double], rows: [Int], into residuals: inout [Double]) {
        let u = evaluateBatch(parameters, rows: rows).output
        for (k, i) in rows.enumerated() { residuals[k] = weight * (u[k] - targets[i]) }
    }

    public func fillJacobian(at parameters: [Double], rows: [Int], residuals: inout [Double],
                             jacobianTranspose: inout Matrix) {
        let e = evaluateBatch(parameters, rows: rows)
        let u = e.output
        for (k, i) in rows.enumerated() { residuals[k] = weight * (u[k] - targets[i]) }
        e.backward(parameters, seeds: batchSeeds, into: &jacobianTranspose)
    }
}
