import ArgumentParser
import SvenSolver

/// The optimizers `solve` and `fit` offer. Every one starts from the same
/// initial parameters for a given seed, so runs compare like with like.
enum Method: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// Singular Value dEsceNt (the default).
    case sven
    /// Levenberg–Marquardt (MINPACK-style trust region).
    case lm
    /// Gauss–Newton, minimum-norm SVD step with Armijo backtracking.
    case gaussNewton = "gauss-newton"
    /// Adam, learning rate 1e-3.
    case adam
    /// L-BFGS with a strong-Wolfe line search.
    case lbfgs
    /// SGD with heavy-ball momentum 0.9, learning rate 1e-2.
    case sgd

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Runs the driver with the chosen optimizer; Sven with the given options.
func runOptimizer(_ method: Method, sven: Sven, system: any ResidualSystem, from theta: [Double],
                  stopping: StoppingCriteria,
                  observer: @escaping (StepRecord, [Double]) -> ObserverDecision) throws(OptionError)
    -> (parameters: [Double], summary: Summary, name: String) {
    func go<O: Optimizer>(_ o: O) throws(OptionError) -> (parameters: [Double], summary: Summary, name: String) {
        var o = o
        let (t, s) = try LeastSquaresDriver.solve(system, from: theta, optimizer: &o, stopping: stopping, observer: observer)
        return (t, s, o.name)
    }
    switch method {
    case .sven: return try go(sven)
    case .lm: return try go(LevenbergMarquardt())
    case .gaussNewton: return try go(GaussNewton())
    case .adam: return try go(Adam())
    case .lbfgs: return try go(LBFGS())
    case .sgd: return try go(SGD())
    }
}
