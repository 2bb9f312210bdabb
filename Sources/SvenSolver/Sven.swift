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
///   condition ½‖r(θ+ηδ)‖² ≤ ½‖r‖² − c·η·Σ c_i g_i² holds (−Σ c_i g_i² is the
///   directional derivative of ½‖r‖² along δ, c_i = σ_i f_i).
/// - `.damped`: f(σ) = σ/(σ² + λ), Levenberg–Marquardt on the same SVD. λ = μ·σ₁²
///   follows the gain ratio ρ of actual to predicted decrease (predicted exactly
///   from the factorisation: ½ Σ g_i² (1 − (1 − σ_i f_i)²)): μ/10 when ρ > ¾,
///   2μ when ρ < ¼, and ν·μ (ν doubling) on a rejected trial, which reuses the SVD.
/// - `.adaptive` (the default): backtracking on f(σ) = σ/(σ² + λ) with μ = 0 —
///   plain truncated Gauss–Newton — as long as some η ≥ 2^−maxHalvings passes the
///   Armijo test. Only when none does is μ raised (to 1e-8, then ×100), and it
///   falls tenfold after every accepted step, back to 0. Damping thus acts where
///   the tiny-σ directions of the step are not to be trusted and nowhere else.
///   Measured on poisson2d (2-64-1, `bench/PoissonSteps`): pure damping (`.damped`)
///   reached rel L2 2.6e-4 in 10 s, `.adaptive` 1.6e-10.
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
    /// Flops of the last step's factorisation by `SpectralFactor.flops` (0 before a step).
    var lastFactorFlops: Double { workspace?.factor.lastFlops ?? 0 }

    public init(_ options: Options = Options()) {
        self.options = options
        switch options.stepControl {
        case .damped(let mu0, _): mu = mu0
        default: mu = 0
        }
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
        /// ENGD's grid line search: η ∈ {1, ½, …, 2^−(levels−1)}, the best ½‖r‖² wins.
        case grid(levels: Int)
        /// Backtracking on the damped step σ/(σ² + λ), λ = μ·σ₁², μ starting at 0 (pure
        /// truncated Gauss–Newton): damping rises only when no η ≥ 2^−maxHalvings passes
        /// the Armijo test, and falls tenfold after every full step.
        case adaptive(armijo: Double, maxHalvings: Int)
    }
}
