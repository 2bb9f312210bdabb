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
        guard let activation = Activation(rawValue: spec.activation) else {
            throw file.error(at: "network.activation", "unknown activation \"\(spec.activation)\"; expected one of: "
                             + Activation.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let scheme = MLP.Initialization(rawValue: spec.initialization) else {
            throw file.error(at: "network.init", "unknown initialisation \"\(spec.initialization)\"; expected one of: "
                             + MLP.Initialization.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let dim = file.problem.domain.dimension
        let embedding: FourierFeatures?
        if !spec.periodic.isEmpty {
            embedding = .periodic(inputDimension: dim, periods: spec.periodic.map { ($0.dimension, $0.period) }, harmonics: spec.harmonics)
        } else if spec.fourierFeatures > 0 {
            embedding = FourierFeatures(inputDimension: dim, count: spec.fourierFeatures, scale: spec.fourierScale, seed: spec.seed &+ 1)
        } else {
            embedding = nil
        }
        let widths = [embedding?.outputCount ?? dim] + spec.hidden + [file.problem.fields.count]
        guard let parameterCount = MLP.checkedParameterCount(widths: widths) else {
            throw file.error(at: "network.hidden", "the widths \(widths) give more parameters than an Int can count")
        }

        let s = file.solver
        guard let m = Method(rawValue: s.method) else {
            throw file.error(at: "solver.method", "unknown method \"\(s.method)\"; expected one of: \(Method.names)")
        }
        method = override ?? m
        if file.solver.batchSize != nil && method != .sven {
            throw file.error(at: "solver.batch_size", "mini-batches are Sven's (method \"sven\"); method \"\(method.rawValue)\" uses every row")
        }
        let options = try Self.svenOptions(file)
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
        let plan = MemoryPlan(file: file, widths: widths, parameters: parameterCount, activation: activation, method: method,
                              options: options, jacobianCheck: jacobianCheck)
        try plan.check(budget)
        memory = plan.estimate

        sven = Sven(options)
        network = MLP(widths: widths, activation: activation, embedding: embedding)
        if let path = initFile {
            do { initialParameters = try InitialParameters.load(path, network: network) } catch {
                throw UserError("--init: \(error.description)")
            }
        } else if let path = spec.initFile {
            do { initialParameters = try InitialParameters.load(path, network: network) } catch {
                throw file.error(at: "network.init_file", error.description)
            }
        } else {
            initialParameters = network.initialParameters(seed: spec.seed, scheme: scheme)
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

    /// Sven's options from `[solver]`, each bad one reported at its key.
    static func svenOptions(_ file: ProblemFile) throws -> Sven.Options {
        let s = file.solver
        var options = Sven.Options()
        if let r = s.rtol { options.rtol = r }
        if let k = s.k { options.maxRank = k }
        options.seed = s.seed
        if let b = s.batchSize { options.batchSize = b }
        if let scaled = s.scaled { options.scaled = scaled }
        switch s.stepControl {
        case nil, "adaptive": break
        case "backtracking": options.stepControl = .backtracking(armijo: 1e-4, maxHalvings: 30)
        case "damped": options.stepControl = .damped(mu0: 1e-3, muMin: 1e-20)
        case "fixed":
            guard let eta = s.eta else { throw file.error(at: "solver.eta", "step_control = \"fixed\" needs eta") }
            options.stepControl = .fixed(eta: eta)
        case let other?:
            throw file.error(at: "solver.step_control",
                             "unknown step control \"\(other)\"; expected one of: adaptive, backtracking, damped, fixed")
        }
        if s.eta != nil, s.stepControl != "fixed" {
            throw file.error(at: "solver.eta", "eta is used only with step_control = \"fixed\"")
        }
        do {
            try options.validate()
        } catch {
            let field = error.field.replacingOccurrences(of: "sven.", with: "")
                .replacingOccurrences(of: "max_halvings", with: "step_control")
            throw file.error(at: "solver.\(field)", "\(error.value): \(error.rule)")
        }
        return options
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
