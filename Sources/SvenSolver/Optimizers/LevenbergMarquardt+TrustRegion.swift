// MARK: - λ for a trust radius (Moré 1978 §5, MINPACK lmpar)

extension LevenbergMarquardt {
    /// The λ ≥ 0 whose step z(λ) = −Σ_{i<k} σ_i g_i/(σ_i² + λ) v_i has ‖z(λ)‖ within
    /// 10 % of the trust radius Δ, or 0 when the Gauss–Newton step ‖z(0)‖ ≤ 1.1 Δ.
    ///
    /// With q(λ) = ‖z(λ)‖ and φ(λ) = q(λ) − Δ, Moré's iteration is Newton's method on
    /// 1/q(λ) − 1/Δ, which is nearly linear in λ:
    ///
    ///     λ⁺ = λ + (φ/Δ) · q² / S(λ),   S(λ) = Σ_{i<k} σ_i² g_i² / (σ_i² + λ)³ = −q q′,
    ///
    /// safeguarded in [l, u]: u = ‖Ĵᵀ r‖/Δ (since q(λ) ≤ ‖Ĵᵀ r‖/λ); l is the Newton step
    /// from λ = 0 when Ĵ has full column rank (φ is then convex and decreasing, so the
    /// step undershoots), else 0. Every iterate costs O(k): this is where the SVD pays.
    ///
    /// - Parameters:
    ///   - s, g: the singular values of Ĵ and g = Uᵀ r.
    ///   - k: singular values kept; `fullColumnRank` when k equals the parameter count.
    ///   - radius: Δ > 0.
    ///   - start: the previous λ, the first guess (as in MINPACK).
    static func solveTrustRegion(s: [Double], g: [Double], rank k: Int, fullColumnRank: Bool,
                                 radius delta: Double, start: Double) -> Double {
        /// q(λ) and S(λ).
        func normAndSlope(_ lam: Double) -> (q: Double, slope: Double) {
            var q2 = 0.0, slope = 0.0
            for i in 0..<k {
                let d = s[i] * s[i] + lam
                let z = s[i] * g[i] / d
                q2 += z * z
                slope += z * z / d
            }
            return (q2.squareRoot(), slope)
        }
        let tiny = Double.leastNormalMagnitude
        let (q0, slope0) = normAndSlope(0)
        var fp = q0 - delta
        if fp <= 0.1 * delta { return 0 }

        var lower = fullColumnRank && slope0 > 0 ? (fp / delta) * q0 * q0 / slope0 : 0
        var gnorm2 = 0.0
        for i in 0..<k { gnorm2 += s[i] * s[i] * g[i] * g[i] }
        let gnorm = gnorm2.squareRoot()
        var upper = gnorm / delta
        if upper == 0 { upper = tiny / min(delta, 0.1) }

        var lam = min(max(start, lower), upper)
        if lam == 0 { lam = gnorm / q0 }
        for iteration in 1...30 {
            if lam == 0 { lam = max(tiny, 0.001 * upper) }
            let (q, slope) = normAndSlope(lam)
            let previous = fp
            fp = q - delta
            if abs(fp) <= 0.1 * delta || (lower == 0 && fp <= previous && previous < 0)
                || iteration == 30 || !(slope > 0) {
                break
            }
            let correction = (fp / delta) * q * q / slope
            if fp > 0 { lower = max(lower, lam) }
            if fp < 0 { upper = min(upper, lam) }
            lam = max(lower, lam + correction)
        }
        return lam
    }
}
