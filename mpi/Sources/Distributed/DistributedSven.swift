import LinearAlgebra
import SeededRandom
import SvenSolver

/// Sven (see `SvenSolver.Sven`) on a `DistributedResidualSystem`: the same step
/// controls, cutoff and damping, with J's spectral data computed without
/// gathering J.
///
/// - **TSQR** (routes `.automatic`, `.svd`, `.qrSVD`, `.tracked`, `.gram`): the R factor of [J | r] up a
///   reduction tree (`RowDistributedSystem.factor`), then the SVD of the P × P
///   R_J = U_R Σ Vᵀ on rank 0: Σ and V are J's, g = Uᵀr = U_Rᵀ c exactly — the
///   one-process `.svd` route's step, up to round-off. (The Gram route is not
///   offered: it squares cond(J), and TSQR costs the same order.)
/// - **Randomized** (`.randomized`, or `.automatic` with a small k as in `Sven`):
///   Halko–Martinsson–Tropp with the products J X and Jᵀ Y as sums over ranks; Ω is
///   drawn on rank 0 from the same seed as `Sven`'s, so the sketch is the same.
///
/// Each trial of a step control costs one broadcast of θ and one reduction of
/// partial sums (`RowDistributedSystem.cost`); the accepted trial's residuals are
/// gathered for the driver. Mini-batches, micro-batches, parameter fractions and
/// Moré scaling are not distributed: `prepare` rejects them, naming the field.
public struct DistributedSven: CheckpointableOptimizer {
    public var options: Sven.Options
    public var name: String { "sven-mpi" }
    /// λ = mu·σ₁², as in `Sven`.
    public internal(set) var mu: Double
    var nu = 2.0
    var workspace: Workspace?

    public init(_ options: Sven.Options = Sven.Options()) {
        self.options = options
        if case .damped(let mu0, _) = options.stepControl { mu = mu0 } else { mu = 0 }
    }

    /// How the spectral data is computed for a system of P parameters and B rows.
    public enum Route: Equatable, Sendable {
        case tsqr
        case randomized(sketch: Int, powerIterations: Int)
    }

    public static func route(for options: Sven.Options, parameters p: Int, rows b: Int) -> Route {
        let m = min(p, b), k = options.maxRank
        switch options.route {
        case .randomized(let o, let q): return .randomized(sketch: min(k + o, m), powerIterations: q)
        case .automatic where k < Int.max && k + 10 <= m / 2: return .randomized(sketch: min(k + 10, m), powerIterations: 2)
        default: return .tsqr
        }
    }

    final class Workspace {
        let system: DistributedResidualSystem
        let options: Sven.Options
        let route: Route
        let p: Int, b: Int
        var sigma: [Double] = [], g: [Double] = []
        var coeff: [Double] = []
        var delta: [Double], trial: [Double]
        var svd: ThinSVD
        /// The randomized route's Ω generator (seed as `Sven`'s `SpectralFactor`).
        var generator: SeededGenerator

        init(system: DistributedResidualSystem, options: Sven.Options, route: Route) {
            self.system = system
            self.options = options
            let seed = options.seed
            self.route = route
            p = system.parameterCount
            b = system.residualCount
            delta = Array(repeating: 0, count: p)
            trial = delta
            switch route {
            case .tsqr: svd = ThinSVD(rows: p, cols: p)
            case .randomized(let l, _): svd = ThinSVD(rows: p, cols: l)
            }
            generator = SeededGenerator(seed: seed &+ 0x5EED)
        }
    }

    public mutating func prepare(for system: any ResidualSystem) throws(OptionError) {
        try options.validate()
        guard let d = system as? DistributedResidualSystem else {
            throw OptionError(field: "system", value: "\(type(of: system))", rule: "DistributedSven steps on a DistributedResidualSystem")
        }
        try require(options.batchSize == nil, "sven.batch_size", options.batchSize ?? 0, "is not distributed (use all rows)")
        try require(options.microBatch == 1, "sven.micro_batch", options.microBatch, "is not distributed (must be 1)")
        try require(options.parameterFraction == 1, "sven.parameter_fraction", options.parameterFraction,
                                "is not distributed (must be 1)")
        try require(!options.scaled, "sven.scaled", options.scaled, "is not distributed (must be false)")
        if let w = workspace, w.system === d, w.options == options { return }
        workspace = Workspace(system: d, options: options,
                              route: Self.route(for: options, parameters: d.parameterCount, rows: d.residualCount))
    }

    // MARK: - Checkpoint

    /// reals `mu`, `nu` (the damping state) and words `sketch_generator` (Ω's
    /// xoshiro256** state) — nothing that depends on the number of ranks, so a
    /// checkpoint written by N ranks resumes on M.
    public func checkpoint() -> OptimizerState {
        guard let w = workspace else { preconditionFailure("DistributedSven.checkpoint before prepare(for:)") }
        return OptimizerState(optimizer: name, parameterCount: w.p, residualCount: w.b,
                              reals: ["mu": [mu], "nu": [nu]], words: ["sketch_generator": w.generator.state])
    }

    public mutating func restore(_ state: OptimizerState, for system: any ResidualSystem) throws(OptionError) {
        try state.check(optimizer: name, system: system, residuals: true)
        let mu = try state.real("mu"), nu = try state.real("nu")
        try require(mu.isFinite && mu >= 0, "checkpoint.sven-mpi.mu", mu, "must be finite and ≥ 0")
        try require(nu.isFinite && nu > 0, "checkpoint.sven-mpi.nu", nu, "must be finite and > 0")
        guard let g = SeededGenerator(state: try state.words("sketch_generator", count: 4)) else {
            throw OptionError(field: "checkpoint.sven-mpi.sketch_generator", value: "0, 0, 0, 0", rule: "is not a xoshiro256** state")
        }
        try prepare(for: system)
        self.mu = mu
        self.nu = nu
        workspace!.generator = g
    }
}

/// Throws an `OptionError` naming `field` when `ok` is false.
func require(_ ok: Bool, _ field: String, _ value: Any, _ rule: String) throws(OptionError) {
    if !ok { throw OptionError(field: field, value: "\(value)", rule: rule) }
}
