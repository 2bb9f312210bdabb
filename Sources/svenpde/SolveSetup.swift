import Foundation
import PINN
import Residuals
import SpectralReference
import SvenSolver

/// The pieces a solve needs, built from a checked problem file. Every setting
/// another module rejects is reported at its place in the file.
struct SolveSetup {
    let network: MLP
    let initialParameters: [Double]
    let sven: Sven
    /// `[solver] method` (the CLI's --method overrides it).
    let method: Method
    let stopping: StoppingCriteria
    let evaluation: EvaluationGrid
    /// The memory the solve is estimated to hold at its peak (checked against the budget).
    let memory: MemoryEstimate
    /// u_θ on the evaluation grid, buffers made once (errors are measured during the solve).
    private let gridEvaluator: JetEvaluator
    /// The hard constraint from `[constraint]`, and g, d on the evaluation grid.
    let constraints: [HardConstraint]
    private let gridConstraint: (g: [Double], d: [Double])?

    /// Checks everything a solve needs short of training — the network, the
    /// method and its options (`method` overrides `[solver] method`), the hard
    /// constraint, the reference and the memory budget — before anything sized by
    /// the input is allocated, then builds the network, the initial weights and
    /// the evaluation grid. `computeReference: false` (for `check`) validates the
    /// reference settings without running the reference solver; `jacobianCheck`
    /// budgets the full Jacobian `check` forms whatever the method.
    /// `initFile` (the CLI's `--init`) overrides `[network] init_file`.
    init(file: ProblemFile, method override: Method? = nil, budget: MemoryBudget,
         computeReference: Bool = true, jacobianCheck: Bool = false, initFile: String? = nil) throws {
        let spec = file.network
        let design = try NetworkDesign(file)
        let dim = file.problem.domain.dimension
        let widths = design.widths, parameterCount = design.parameterCount

        let s = file.solver
        guard let m = Method(rawValue: s.method) else {
            throw file.error(at: "solver.method", "unknown method \"\(s.method)\"; expected one of: \(Method.names)")
        }
        method = override ?? m
        if file.solver.batchSize != nil && method != .sven {
            throw file.error(at: "solver.batch_size", "mini-batches are Sven's (method \"sven\"); method \"\(method.rawValue)\" uses every row")
        }
        let options = try file.svenOptions()
        stopping = StoppingCriteria(maxSteps: s.maxSteps, timeLimit: s.timeLimit, costThreshold: s.targetLoss,
                                    functionTolerance: s.functionTolerance, parameterTolerance: s.parameterTolerance,
                                    gradientTolerance: s.gradientTolerance, stallSteps: s.stallSteps,
                                    stallTolerance: s.stallTolerance)
        do {
            try stopping.validate()
        } catch {
            let key = ["time_limit": "time_limit", "cost_threshold": "target_loss"][error.field] ?? error.field
            throw file.error(at: "solver.\(key)", "\(error.value): \(error.rule)")
        }
        if file.constraint != nil, let high = file.problem.channels.first(where: { $0.order > 2 && $0 != .laplacian }) {
            throw file.error(at: "constraint", "a hard constraint supports derivatives up to order 2; the equations use "
                             + "a derivative of order \(high.order) — impose the boundary conditions as [[boundary]] terms instead")
        }
        try EvaluationGrid.validateReference(file)
        let plan = MemoryPlan(file: file, widths: widths, parameters: parameterCount, activation: design.activation, method: method,
                              options: options, jacobianCheck: jacobianCheck)
        try plan.check(budget)
        memory = plan.estimate

        sven = Sven(options)
        network = design.network()
        if let path = initFile {
            do { initialParameters = try InitialParameters.load(path, network: network) } catch {
                throw UserError("--init: \(error.description)")
            }
        } else if let path = spec.initFile {
            do { initialParameters = try InitialParameters.load(path, network: network) } catch {
                throw file.error(at: "network.init_file", error.description)
            }
        } else {
            initialParameters = network.initialParameters(seed: spec.seed, scheme: design.scheme)
        }
        evaluation = try EvaluationGrid(file: file, computeReference: computeReference)
        if let c = file.constraint {
            constraints = [HardConstraint(g: c.g, d: c.d)]
            let coords = evaluation.points.coordinates
            gridConstraint = (c.g.evaluate(points: coords, dimension: dim), c.d.values(points: coords, dimension: dim))
        } else {
            constraints = []
            gridConstraint = nil
        }
        gridEvaluator = JetEvaluator(network: network, layout: JetLayout(dimension: network.inputCount, requested: [.value]),
                                     pointCount: evaluation.points.count)
        gridEvaluator.setPoints(evaluation.points)
    }

    /// Every field of u_θ on the evaluation grid (the hard constraint applied to its field).
    func fieldValues(_ theta: [Double]) -> [[Double]] {
        gridEvaluator.forward(theta, retain: false)
        let out = gridEvaluator.output, F = network.outputCount, n = evaluation.points.count
        return (0..<F).map { f in
            (0..<n).map { i in
                guard f == 0, let (g, d) = gridConstraint else { return out[i * F + f] }
                return g[i] + d[i] * out[i * F]
            }
        }
    }

    /// Relative L2 errors of u_θ (the first field) on the evaluation grid.
    func errors(of theta: [Double]) -> SolutionErrors {
        evaluation.errors(of: fieldValues(theta)[0])
    }
}
