import Residuals
import SvenSolver

/// The network a problem file's `[network]` table asks for, checked: activation,
/// initialisation scheme, input embedding (the `periodic` inputs, or random Fourier
/// features) and the layer widths, with the parameter count proven to fit an Int.
/// One reading for every front end (the CLI's `solve`, `svenpde-mpi`), so a key
/// added here holds everywhere.
public struct NetworkDesign: Sendable {
    public let activation: Activation
    public let scheme: MLP.Initialization
    public let embedding: FourierFeatures?
    /// Input (after the embedding), hidden and output widths.
    public let widths: [Int]
    public let parameterCount: Int

    /// Throws a `ProblemFileError` at `network.activation`, `network.init` or
    /// `network.hidden` (more parameters than an Int can count).
    public init(_ file: ProblemFile) throws(ProblemFileError) {
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
        (self.activation, self.scheme, self.embedding, self.widths, self.parameterCount)
            = (activation, scheme, embedding, widths, parameterCount)
    }

    /// The network (no weights: those are θ).
    public func network() -> MLP { MLP(widths: widths, activation: activation, embedding: embedding) }
}

extension ProblemFile {
    /// Sven's options from `[solver]` (`rtol`, `k`, `seed`, `batch_size`, `scaled`,
    /// `step_control`, `eta`), each bad one reported at its key.
    public func svenOptions() throws(ProblemFileError) -> Sven.Options {
        let s = solver
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
            guard let eta = s.eta else { throw error(at: "solver.eta", "step_control = \"fixed\" needs eta") }
            options.stepControl = .fixed(eta: eta)
        case let other?:
            throw error(at: "solver.step_control",
                        "unknown step control \"\(other)\"; expected one of: adaptive, backtracking, damped, fixed")
        }
        if s.eta != nil, s.stepControl != "fixed" {
            throw error(at: "solver.eta", "eta is used only with step_control = \"fixed\"")
        }
        do {
            try options.validate()
        } catch let e {
            let field = e.field.replacingOccurrences(of: "sven.", with: "")
                .replacingOccurrences(of: "max_halvings", with: "step_control")
            throw error(at: "solver.\(field)", "\(e.value): \(e.rule)")
        }
        return options
    }
}
