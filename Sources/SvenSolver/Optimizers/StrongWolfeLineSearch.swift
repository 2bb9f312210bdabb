/// A line search for the strong Wolfe conditions on φ(α) = ½‖r(θ + αd)‖²
/// (Nocedal & Wright, *Numerical Optimization*, 2nd ed., Alg. 3.5 and 3.6):
///
///     φ(α) ≤ φ(0) + c₁ α φ'(0)        (sufficient decrease, Armijo)
///     |φ'(α)| ≤ c₂ |φ'(0)|             (curvature)
///
/// with φ'(α) = ∇(½‖r‖²)ᵀd = (Jᵀr)ᵀd at θ + αd, and φ(α) < φ(0) strictly (at
/// float64 round-off the Armijo bound rounds to φ(0) and would accept standing still). Each trial costs one
/// `fillResiduals` and one `applyJacobianTranspose`.
///
/// Bracketing (Alg. 3.5) doubles α while the cost keeps falling steeply; zoom
/// (Alg. 3.6) shrinks the bracket [lo, hi] with the minimiser of the cubic that
/// interpolates φ and φ' at both ends (N&W eq. 3.59), or, when that is not real or
/// falls within 10 % of an end, of the quadratic through φ(lo), φ'(lo), φ(hi), or
/// else bisects. A trial with NaN/Inf residuals or gradient counts as φ = +∞ and
/// shrinks the bracket.
///
/// When the evaluation budget runs out, the best trial that met the Armijo
/// condition (which lowered the cost) is accepted with `wolfe == false`; its
/// curvature pair may then fail yᵀs > 0 and the caller should skip it. When no
/// trial met the Armijo condition, `search` returns nil.
final class StrongWolfeLineSearch {
    let c1: Double, c2: Double, maxEvaluations: Int
    /// The current trial: θ + αd, its residuals and gradient. After a successful
    /// `search` they hold the accepted point.
    var x: [Double], r: [Double], g: [Double]
    /// The best trial so far that met the Armijo condition (the bracket's low end).
    private var xLo: [Double], rLo: [Double], gLo: [Double]
    /// Trials in the last search.
    private(set) var evaluations = 0

    struct Trial { var alpha: Double, phi: Double, dphi: Double }
    struct Result { var alpha: Double, cost: Double, wolfe: Bool }

    init(parameterCount p: Int, residualCount b: Int, c1: Double, c2: Double, maxEvaluations: Int) {
        self.c1 = c1; self.c2 = c2; self.maxEvaluations = maxEvaluations
        x = Array(repeating: 0, count: p); g = x; xLo = x; gLo = x
        r = Array(repeating: 0, count: b); rLo = r
    }

    /// Search along the descent direction `d` (φ'(0) = `dphi0` < 0) from θ = `x0`
    /// with cost `phi0`, starting with the step `initialStep`.
    func search(system: any ResidualSystem, from x0: [Double], cost phi0: Double, slope dphi0: Double,
                direction d: [Double], initialStep: Double) -> Result? {
        precondition(dphi0 < 0, "StrongWolfeLineSearch: φ'(0) = \(dphi0) is not a descent slope")
        evaluations = 0
        func evaluate(_ alpha: Double) -> Trial {
            evaluations += 1
            pointAlong(x0, alpha, d, into: &x)
            system.fillResiduals(at: x, into: &r)
            let phi = type(of: system).cost(of: r)
            guard phi.isFinite else { return Trial(alpha: alpha, phi: .infinity, dphi: .nan) }
            system.applyJacobianTranspose(at: x, r, into: &g)
            let dphi = dot(g, d)
            return dphi.isFinite ? Trial(alpha: alpha, phi: phi, dphi: dphi) : Trial(alpha: alpha, phi: .infinity, dphi: .nan)
        }
        // In floating point φ₀ + c₁αφ'₀ can round to φ₀; a step must still lower the cost.
        func armijo(_ t: Trial) -> Bool { t.phi <= phi0 + c1 * t.alpha * dphi0 && t.phi < phi0 }
        func curvature(_ t: Trial) -> Bool { abs(t.dphi) <= -c2 * dphi0 }
        func keepAsLow() { swap(&x, &xLo); swap(&r, &rLo); swap(&g, &gLo) }
        func acceptLow(_ lo: Trial) -> Result? {
            guard lo.alpha > 0 else { return nil }
            keepAsLow()
            return Result(alpha: lo.alpha, cost: lo.phi, wolfe: false)
        }

        // Zoom (Alg. 3.6): lo met Armijo and is the lowest so far; φ'(lo)(hi − lo) < 0.
        func zoom(_ lo0: Trial, _ hi0: Trial) -> Result? {
            var lo = lo0, hi = hi0
            while evaluations < maxEvaluations {
                if abs(hi.alpha - lo.alpha) <= 1e-15 * max(abs(lo.alpha), abs(hi.alpha)) { break }
                let t = evaluate(Self.interpolate(lo, hi))
                if !armijo(t) || t.phi >= lo.phi {
                    hi = t
                } else {
                    if curvature(t) { return Result(alpha: t.alpha, cost: t.phi, wolfe: true) }
                    if t.dphi * (hi.alpha - lo.alpha) >= 0 { hi = lo }
                    keepAsLow()
                    lo = t
                }
            }
            return acceptLow(lo)
        }

        // Bracketing (Alg. 3.5).
        var previous = Trial(alpha: 0, phi: phi0, dphi: dphi0)
        var alpha = initialStep
        while evaluations < maxEvaluations {
            let t = evaluate(alpha)
            if !armijo(t) || (previous.alpha > 0 && t.phi >= previous.phi) { return zoom(previous, t) }
            if curvature(t) { return Result(alpha: t.alpha, cost: t.phi, wolfe: true) }
            keepAsLow()
            if t.dphi >= 0 { return zoom(t, previous) }
            previous = t
            alpha *= 2
        }
        return acceptLow(previous)
    }

    /// A trial step inside the bracket: the cubic minimiser (N&W eq. 3.59), else the
    /// quadratic one, each only when at least 10 % of the bracket from both ends;
    /// else the midpoint.
    static func interpolate(_ lo: Trial, _ hi: Trial) -> Double {
        let (a, b) = (lo.alpha, hi.alpha), delta = b - a
        let (left, right) = (min(a, b) + 0.1 * abs(delta), max(a, b) - 0.1 * abs(delta))
        if lo.phi.isFinite && hi.phi.isFinite && lo.dphi.isFinite && hi.dphi.isFinite {
            let d1 = lo.dphi + hi.dphi - 3 * (lo.phi - hi.phi) / (a - b)
            let disc = d1 * d1 - lo.dphi * hi.dphi
            if disc >= 0 {
                let d2 = (delta > 0 ? 1.0 : -1.0) * disc.squareRoot()
                let c = b - delta * (hi.dphi + d2 - d1) / (hi.dphi - lo.dphi + 2 * d2)
                if c.isFinite && c >= left && c <= right { return c }
            }
        }
        if lo.phi.isFinite && hi.phi.isFinite && lo.dphi.isFinite {
            // q(α) = φ_lo + φ'_lo (α − a) + C (α − a)², C = (φ_hi − φ_lo − φ'_lo δ)/δ².
            let denominator = 2 * (hi.phi - lo.phi - lo.dphi * delta)
            if denominator > 0 {
                let q = a - lo.dphi * delta * delta / denominator
                if q.isFinite && q >= left && q <= right { return q }
            }
        }
        return a + 0.5 * delta
    }
}
