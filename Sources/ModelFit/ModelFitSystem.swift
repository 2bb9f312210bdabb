import LinearAlgebra
import Residuals
import SvenSolver

/// Fitting a `RegressionModel` to data as a residual system: one residual per
/// observation,
///
///     r_i(b) = f(x_i; b) − g(y_i),
///
/// so ½‖r‖² is half the residual sum of squares NIST certifies. g(y_i) (y_i, or
/// log y_i for Nelson) is computed once, at construction.
///
/// **Jacobian.** Row i, ∇_b r_i = ∇_b f(x_i; b), comes from forward-mode dual
/// numbers (`MathExpression.gradient(at:withRespectTo:)`), seeding only the P
/// parameters: exact to rounding, no step size to choose. It is written straight
/// into column i of Jᵀ.
///
/// **Allocation.** The input buffer (b, x_i) is made once; residual evaluation
/// allocates nothing. The dual numbers allocate one small array (P partials) per
/// operation of the formula — the Dual type's design, fine at NIST sizes (≤ 250
/// observations × ≤ 9 parameters: a Jacobian in tens of microseconds), not meant for
/// a training loop with millions of rows.
public final class ModelFitSystem: ResidualSystem {
    public let model: RegressionModel
    public let parameterCount: Int
    public let residualCount: Int
    /// g(y_i), the transformed responses the prediction is fitted to.
    public let targets: [Double]
    private let predictorCount: Int
    /// Point-major predictors: x_i = predictors[i·d ..< (i+1)·d].
    private let predictors: [Double]
    /// (b, x_i), reused for every observation.
    private var inputs: [Double]

    /// - Parameters:
    ///   - responses: y_i, one per observation.
    ///   - predictors: one array per predictor of `model` (in its order), each as long as `responses`.
    public init(model: RegressionModel, responses: [Double], predictors: [[Double]]) {
        precondition(predictors.count == model.predictorNames.count,
                     "ModelFitSystem: \(predictors.count) predictor columns for the predictors \(model.predictorNames)")
        for (k, column) in predictors.enumerated() {
            precondition(column.count == responses.count,
                         "ModelFitSystem: predictor \(model.predictorNames[k]) has \(column.count) values, y has \(responses.count)")
        }
        self.model = model
        parameterCount = model.parameterNames.count
        residualCount = responses.count
        predictorCount = predictors.count
        targets = responses.map { model.response.evaluate([$0]) }
        var pointMajor = [Double](repeating: 0, count: responses.count * predictors.count)
        for (k, column) in predictors.enumerated() {
            for i in column.indices { pointMajor[i * predictors.count + k] = column[i] }
        }
        self.predictors = pointMajor
        inputs = Array(repeating: 0, count: parameterCount + predictorCount)
    }

    /// The system of a NIST data set, its model translated from the file's text.
    public convenience init(_ dataset: NISTDataset) throws(NISTDatasetError) {
        self.init(model: try dataset.model(), responses: dataset.responses, predictors: dataset.predictors)
    }

    // MARK: - ResidualSystem

    public func fillResiduals(at parameters: [Double], into residuals: inout [Double]) {
        checkSizes(parameters.count, residuals.count)
        for j in 0..<parameterCount { inputs[j] = parameters[j] }
        for i in 0..<residualCount {
            loadPredictors(of: i)
            residuals[i] = model.prediction.evaluate(inputs) - targets[i]
        }
    }

    public func fillJacobian(at parameters: [Double], residuals: inout [Double], jacobianTranspose: inout Matrix) {
        checkSizes(parameters.count, residuals.count)
        precondition(jacobianTranspose.rows == parameterCount && jacobianTranspose.cols == residualCount,
                     "ModelFitSystem.fillJacobian: Jᵀ is \(jacobianTranspose.rows) × \(jacobianTranspose.cols), "
                     + "need \(parameterCount) × \(residualCount)")
        for j in 0..<parameterCount { inputs[j] = parameters[j] }
        let p = parameterCount
        for i in 0..<residualCount {
            loadPredictors(of: i)
            let (value, gradient) = model.prediction.gradient(at: inputs, withRespectTo: 0..<p)
            residuals[i] = value - targets[i]
            jacobianTranspose.storage.withUnsafeMutableBufferPointer { jt in
                for j in 0..<p { jt[j + i * p] = gradient[j] }
            }
        }
    }

    // MARK: - Helpers

    @inline(__always) private func loadPredictors(of i: Int) {
        for k in 0..<predictorCount { inputs[parameterCount + k] = predictors[i * predictorCount + k] }
    }

    private func checkSizes(_ p: Int, _ b: Int) {
        precondition(p == parameterCount && b == residualCount,
                     "ModelFitSystem: \(p) parameters and \(b) residuals given, the system has \(parameterCount) and \(residualCount)")
    }
}
