// MARK: - Choosing the step from the spectral filters

/// The damping state a step control carries between steps: λ = mu·σ₁², and ν, the
/// factor of the next rise after a rejected damped trial (Nielsen).
public struct DampingState: Sendable, Equatable {
    public var mu: Double
    public var nu: Double
    public init(mu: Double, nu: Double) { self.mu = mu; self.nu = nu }
}

extension Sven.StepControl {
    /// Chooses the step among δ(λ, η) = −η Σ_{i<k} σ_i/(σ_i² + λ) g_i v_i, the rules of
    /// each control as documented on `Sven` (Armijo backtracking, the ENGD grid, the
    /// adaptive damping, Nielsen's damped control). Shared by `Sven` and every other
    /// optimizer that has Sven's spectral data (the distributed one).
    ///
    /// - `setDirection(λ)` makes δ(λ, 1) the current direction and returns the slope
    ///   Σ c_i g_i² (c_i = σ_i²/(σ_i² + λ)) of ½‖r‖² along it;
    /// - `trialCost(η)` evaluates ½‖r(θ + ηδ)‖² for the current direction and keeps the
    ///   trial point, so the one returned is in place when this returns.
    ///
    /// Returns the accepted trial's cost, η and λ; `damping` is updated as the control
    /// says, also when it throws.
    public func choose(sigma s: [Double], g: [Double], rank k: Int, baseCost: Double, damping: inout DampingState,
                       setDirection: (Double) -> Double, trialCost: (Double) -> Double)
        throws(StepFailure) -> (cost: Double, eta: Double, lambda: Double) {
        let s1sq = s[0] * s[0]
        switch self {
        case .fixed(let eta):
            _ = setDirection(0)
            let c = trialCost(eta)
            guard c.isFinite else { throw .nonFinite }
            return (c, eta, 0)

        case .backtracking(let armijo, let maxHalvings):
            let slope = setDirection(0)
            var eta = 1.0
            for _ in 0..<maxHalvings {
                let c = trialCost(eta)
                if c <= baseCost - armijo * eta * slope { return (c, eta, 0) }
                eta *= 0.5
            }
            throw .noDecrease

        case .grid(let levels):
            _ = setDirection(0)
            var best = (cost: Double.infinity, eta: 0.0)
            var eta = 1.0, last = 1.0
            for _ in 0..<levels {
                let c = trialCost(eta)
                if c < best.cost { best = (c, eta) }
                last = eta
                eta *= 0.5
            }
            guard best.cost < baseCost else { throw .noDecrease }
            if best.eta != last { _ = trialCost(best.eta) }        // re-place the winner
            return (best.cost, best.eta, 0)

        case .adaptive(let armijo, let maxHalvings):
            for _ in 0..<12 {
                let lambda = damping.mu * s1sq
                let slope = setDirection(lambda)
                var eta = 1.0
                for _ in 0...maxHalvings {
                    let c = trialCost(eta)
                    if c <= baseCost - armijo * eta * slope {
                        damping.mu = damping.mu < 1e-11 ? 0 : damping.mu / 10
                        return (c, eta, lambda)
                    }
                    eta *= 0.5
                }
                damping.mu = damping.mu == 0 ? 1e-8 : damping.mu * 100
                if damping.mu > 1e8 { break }
            }
            throw .noDecrease

        case .damped(_, let muMin):
            for _ in 0..<60 {
                let lambda = damping.mu * s1sq
                // Predicted decrease of the linear model: ½ Σ g_i² (1 − (λ/(σ_i² + λ))²).
                var predicted = 0.0
                for i in 0..<k {
                    let t: Double = lambda / (s[i] * s[i] + lambda)
                    predicted += 0.5 * g[i] * g[i] * (1 - t * t)
                }
                _ = setDirection(lambda)
                let c = trialCost(1)
                let rho = predicted > 0 ? (baseCost - c) / predicted : -1
                if rho > 1e-4 && c < baseCost {
                    if rho > 0.75 { damping.mu = max(muMin, damping.mu / 10) } else if rho < 0.25 { damping.mu *= 2 }
                    damping.nu = 2
                    return (c, 1, lambda)
                }
                if !(predicted > 1e-300) { break }
                damping.mu *= damping.nu
                damping.nu *= 2
                if !damping.mu.isFinite || damping.mu > 1e16 { break }
            }
            throw .noDecrease
        }
    }
}
