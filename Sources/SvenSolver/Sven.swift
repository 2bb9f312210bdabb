import LinearAlgebra

/// Sven — Singular Value dEsceNt (arXiv 2604.01279): drive every residual to zero
/// at once with the minimum-norm step of the linearised system J δ = −r.
///
/// With the thin SVD J = U Σ Vᵀ and g = Uᵀ r, every step control below is a
/// spectral filter f(σ) on the same factorisation:
///
///     δ = −Σ_{i ≤ k} f(σ_i) g_i v_i,   k = #{σ_i > rtol·σ₁}, k ≤ maxRank.
///
/// - `.fixed(η)` and `.backtracking`: f(σ) = η/σ — the truncated pseudo-inverse
///   step −η J_k⁺ r of the paper. Backtracking halves η from 1 until the Armijo
///   condition ½‖r(θ+ηδ)‖² ≤ ½‖r‖² − c·η·Σ g_i² holds (the directional derivative
///   of ½‖r‖² along δ is −Σ_{i≤k} g_i²).
/// - `.damped` (the default): f(σ) = σ/(σ² + λ), a Levenberg–Marquardt filter on
///   the same SVD. λ = μ·σ₁² adapts to the ratio ρ of actual to predicted decrease
///   with Nielsen's rule (μ ← μ·max(1/3, 1 − (2ρ − 1)³) on success, μ ← ν·μ,
///   ν ← 2ν on failure). The linear model predicts the decrease exactly from the
///   factorisation: ½ Σ g_i² (1 − (1 − σ_i f_i)²). A rejected trial reuses the
///   SVD, so it costs one residual evaluation. No fixed cutoff is needed: small
///   σ are suppressed by λ where the model is poor and restored where it is good.
///
/// With P ≤ B and no truncation, the undamped step is Gauss–Newton (= ENGD for
/// PINNs); with P > B it is the minimum-norm solution of the under-determined
/// system. References: Nocedal & Wright, *Numerical Optimization*, §10.3;
/// H. B. Nielsen, "Damping parameter in Marquardt's method", IMM-REP-1999-05.
public struct Sven: Optimizer {
    public var options: Options
    public var name: String { "sven" }

    /// Damping state, exposed for checkpoints and reports: λ = mu·σ₁².
    public internal(set) var mu: Double
    var nu = 2.0
    var workspace: Workspace?

    public init(_ options: Options = Options()) {
        self.options = options
        if case .damped(let mu0, _) = options.stepControl { mu = mu0 } else { mu = 0 }
    }

    // MARK: - Options

    /// How the step length is controlled.
    public enum StepControl: Sendable, Equatable {
        /// δ = −η J_k⁺ r, taken as it is.
        case fixed(eta: Double)
        /// δ = −η J_k⁺ r with η halved from 1 until the Armijo condition holds.
        case backtracking(armijo: Double, maxHalvings: Int)
        /// σ/(σ² + λ) filter, λ = μ·σ₁² adapted by the gain ratio; μ never drops below `muMin`.
        case damped(mu0: Double, muMin: Double)
    }

    public struct Options: Sendable, Equatable {
        /// Keep σ_i > rtol·σ₁. Default 1e-13: only numerical noise is cut; damping does the rest.
        public var rtol: Double = 1e-13
        /// Keep at most this many singular values (the paper's k). Default: all.
        public var maxRank: Int = .max
        /// Default: adaptive damping, which worked on every problem we measured.
        public var stepControl: StepControl = .damped(mu0: 1e-3, muMin: 1e-16)

        public init(rtol: Double = 1e-13, maxRank: Int = .max,
                    stepControl: StepControl = .damped(mu0: 1e-3, muMin: 1e-16)) {
            self.rtol = rtol; self.maxRank = maxRank; self.stepControl = stepControl
        }

        /// Throws an `OptionError` naming the first bad field.
        public func validate() throws(OptionError) {
            try OptionError.require(rtol.isFinite && rtol >= 0 && rtol < 1, "sven.rtol", rtol,
                                    "must be finite and in [0, 1)")
            try OptionError.require(maxRank >= 1, "sven.k", maxRank, "must be at least 1")
            switch stepControl {
            case .fixed(let eta):
                try OptionError.require(eta.isFinite && eta > 0, "sven.eta", eta, "must be finite and > 0")
            case .backtracking(let c, let n):
                try OptionError.require(c > 0 && c < 1, "sven.armijo", c, "must be in (0, 1)")
                try OptionError.require(n >= 1 && n <= 60, "sven.max_halvings", n, "must be in 1...60")
            case .damped(let mu0, let muMin):
                try OptionError.require(mu0.isFinite && mu0 > 0, "sven.mu0", mu0, "must be finite and > 0")
                try OptionError.require(muMin.isFinite && muMin >= 0 && muMin <= mu0, "sven.mu_min", muMin,
                                        "must be finite and in [0, mu0]")
            }
        }
    }

    // MARK: - Workspace (made once per system size)

    final class Workspace {
        var jt: Matrix
        let svd: ThinSVD
        var g: [Double], coeff: [Double], delta: [Double], trial: [Double], trialResiduals: [Double]
        init(p: Int, b: Int) {
            jt = Matrix(rows: p, cols: b)
            svd = ThinSVD(rows: p, cols: b)
            let r = min(p, b)
            g = Array(repeating: 0, count: r); coeff = g
            delta = Array(repeating: 0, count: p); trial = delta
            trialResiduals = Array(repeating: 0, count: b)
        }
    }

    public mutating func prepare(for system: any ResidualSystem) throws(OptionError) {
        try options.validate()
        let (p, b) = (system.parameterCount, system.residualCount)
        if let w = workspace, w.jt.rows == p, w.jt.cols == b { return }
        workspace = Workspace(p: p, b: b)
    }
}
