import LinearAlgebra
import Residuals
import SvenSolver

/// An inverse problem: a ``PINNSystem`` whose equations contain unknown
/// constants λ (``Unknown``), learned together with the network θ from data.
///
/// The parameter vector is (θ, z): the network's P weights followed by one
/// parameter z_k per unknown, λ_k = λ_k(z_k) (``Unknown/value(_:)``: scaled,
/// and mapped into the bounds). The Jacobian's last columns are
///
///     ∂r_i/∂z_k = ∂r_i/∂λ_k · dλ_k/dz_k,
///
/// with ∂r_i/∂λ_k from the dual numbers of the terms that read the unknowns
/// (``UnknownReadingTerm/unknownPartials(jet:into:)``: equations, and boundary or
/// initial conditions whose α, β or g are formulas in λ) — exact, no
/// differences — and zero for the rows of the other terms (data, conditions
/// with fixed data). The solver sees one more column per unknown and treats it
/// like any weight; its column scaling (Sven's Moré scaling) and z = O(1) keep
/// either kind from dominating the step.
public final class InverseSystem: ResidualSystem {
    public let network: PINNSystem
    public let unknowns: [Unknown]
    /// The values the terms read; set before every evaluation.
    public let values: UnknownValues
    private let networkCount: Int
    private var scratch: Matrix
    private var partials: [[Double]]

    /// - Parameters:
    ///   - system: the network and the conditions; its terms that read unknowns read `values`.
    ///   - unknowns: in the order of `values.names`.
    public init(system: PINNSystem, unknowns: [Unknown], values: UnknownValues) {
        precondition(unknowns.map(\.name) == values.names,
                     "InverseSystem: unknowns \(unknowns.map(\.name)), values for \(values.names)")
        precondition(unknowns.allSatisfy { $0.problem == nil }, "InverseSystem: \(unknowns.compactMap(\.problem))")
        network = system
        self.unknowns = unknowns
        self.values = values
        networkCount = system.parameterCount
        scratch = Matrix(rows: system.parameterCount, cols: system.residualCount)
        partials = system.problem.terms.map { t in
            guard let r = t as? any UnknownReadingTerm, !r.unknownNames.isEmpty else { return [] }
            return [Double](repeating: 0, count: r.unknownNames.count * t.rowCount)
        }
    }

    public var parameterCount: Int { networkCount + unknowns.count }
    public var residualCount: Int { network.residualCount }

    /// (θ, z₀): the network's weights followed by the unknowns' starting parameters.
    public func initialParameters(network theta: [Double]) -> [Double] {
        precondition(theta.count == networkCount, "InverseSystem: \(theta.count) network weights, need \(networkCount)")
        return theta + unknowns.map(\.initialParameter)
    }

    /// λ_k(z_k) from the full parameter vector.
    public func unknownValues(_ parameters: [Double]) -> [Double] {
        unknowns.indices.map { unknowns[$0].value(parameters[networkCount + $0]) }
    }

    /// The network's weights from the full parameter vector.
    public func networkParameters(_ parameters: [Double]) -> [Double] { Array(parameters[0..<networkCount]) }

    public func fillResiduals(at parameters: [Double], into residuals: inout [Double]) {
        check(parameters)
        values.set(unknownValues(parameters))
        network.fillResiduals(at: networkParameters(parameters), into: &residuals)
    }

    public func fillJacobian(at parameters: [Double], residuals: inout [Double], jacobianTranspose: inout Matrix) {
        check(parameters)
        precondition(jacobianTranspose.rows == parameterCount && jacobianTranspose.cols == residualCount,
                     "InverseSystem: Jᵀ is \(jacobianTranspose.rows) × \(jacobianTranspose.cols), need \(parameterCount) × \(residualCount)")
        values.set(unknownValues(parameters))
        network.fillJacobian(at: networkParameters(parameters), residuals: &residuals, jacobianTranspose: &scratch)
        let (P, Q, U) = (networkCount, parameterCount, unknowns.count)
        let slopes = unknowns.indices.map { unknowns[$0].slope(parameters[P + $0]) }
        scratch.storage.withUnsafeBufferPointer { s in
            jacobianTranspose.storage.withUnsafeMutableBufferPointer { jt in
                for i in 0..<residualCount {
                    (jt.baseAddress! + i * Q).update(from: s.baseAddress! + i * P, count: P)
                    for k in 0..<U { jt[i * Q + P + k] = 0 }
                }
            }
        }
        let offsets = network.problem.termOffsets
        for (t, term) in network.problem.terms.enumerated() {
            guard let e = term as? any UnknownReadingTerm, !e.unknownNames.isEmpty else { continue }
            let n = term.rowCount
            network.termJet[t].withUnsafeBufferPointer { jet in
                partials[t].withUnsafeMutableBufferPointer { e.unknownPartials(jet: jet, into: $0) }
            }
            // The term's unknowns may be a subset, in another order: map by name.
            for (local, name) in e.unknownNames.enumerated() {
                guard let k = unknowns.firstIndex(where: { $0.name == name }) else { continue }
                for i in 0..<n { jacobianTranspose.storage[(offsets[t] + i) * Q + P + k] = partials[t][local * n + i] * slopes[k] }
            }
        }
    }

    private func check(_ parameters: [Double]) {
        precondition(parameters.count == parameterCount,
                     "InverseSystem: \(parameters.count) parameters, need \(parameterCount) (\(networkCount) weights + \(unknowns.count) unknowns)")
    }
}
