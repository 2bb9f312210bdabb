import ArgumentParser
import Foundation
import SolutionIO
import SvenSolver

/// The optimizers `solve` and `fit` offer. Every one starts from the same
/// initial parameters for a given seed, so runs compare like with like.
enum Method: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// Singular Value dEsceNt (the default).
    case sven
    /// Sven while its steps are long, Levenberg–Marquardt (Nielsen) while they are short.
    case svenLM = "sven-lm"
    /// Levenberg–Marquardt (MINPACK-style trust region, Moré scaling).
    case lm
    /// Levenberg–Marquardt with Cholesky in the smaller space and Nielsen's damping.
    case lmNielsen = "lm-nielsen"
    /// Gauss–Newton, minimum-norm SVD step with Armijo backtracking.
    case gaussNewton = "gauss-newton"
    /// Adam, learning rate 1e-3.
    case adam
    /// L-BFGS with a strong-Wolfe line search.
    case lbfgs
    /// SGD with heavy-ball momentum 0.9, learning rate 1e-2.
    case sgd
    /// Adam for `adamSteps` steps, then L-BFGS (the DeepXDE habit).
    case adamLbfgs = "adam-lbfgs"

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
    /// Adam steps before L-BFGS takes over in `adam-lbfgs`.
    static let adamSteps = 1000
}
