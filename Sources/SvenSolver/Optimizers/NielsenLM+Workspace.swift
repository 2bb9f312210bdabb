import LinearAlgebra

/// The buffers of `NielsenLM`, made once for a system size (internal). m = min(B, P);
/// "tall" when B ≥ P (the P × P system JᵀJ + λD), else "wide" (the B × B system
/// J Jᵀ + λI, δ = −Jᵀ y).
final class NielsenWorkspace {
    let p: Int, b: Int, m: Int
    let tall: Bool
    /// Jᵀ (P × B), filled by the system.
    var jt: Matrix
    /// JᵀJ (tall) or J Jᵀ (wide), both triangles.
    var gram: Matrix
    let cholesky: Cholesky
    /// g = Jᵀ r (P).
    var g: [Double]
    /// The velocity v = δ (P); `step` is what is taken, v or v + ½a.
    var delta: [Double], step: [Double]
    /// Small-side right-hand side and solution (m).
    var small: [Double]
    /// J·(step) (B), the acceleration's buffers.
    var jd: [Double], rvv: [Double], acceleration: [Double], jtrvv: [Double]
    var trial: [Double], trialResiduals: [Double]

    init(parameters p: Int, residuals b: Int) {
        self.p = p; self.b = b
        m = min(p, b)
        tall = b >= p
        jt = Matrix(rows: p, cols: b)
        gram = Matrix(rows: m, cols: m)
        cholesky = Cholesky(size: m)
        g = Array(repeating: 0, count: p)
        delta = g; step = g; acceleration = g; trial = g; jtrvv = g
        small = Array(repeating: 0, count: m)
        jd = Array(repeating: 0, count: b); rvv = jd; trialResiduals = jd
    }

    func fits(_ system: any ResidualSystem) -> Bool { p == system.parameterCount && b == system.residualCount }

    var largestDiagonal: Double { (0..<m).reduce(0) { max($0, gram[$1, $1]) } }

    /// The Gram matrix of the smaller side and g = Jᵀ r.
    func formNormalEquations(residuals r: [Double]) {
        if tall { Matrix.syrk(.none, jt, into: &gram) } else { Matrix.syrk(.transpose, jt, into: &gram) }
        Matrix.gemv(.none, jt, r, into: &g)
    }

    /// Solves the damped system for v = δ (step = δ); false when the shifted matrix is
    /// not positive definite.
    func solveStep(lambda: Double, scaling: [Double]?, residuals r: [Double]) throws(LinearAlgebraError) -> Bool {
        guard try cholesky.factor(gram, shift: lambda, diagonal: scaling) else { return false }
        solve(rhsResiduals: r, rhsGradient: g, into: &delta)
        for i in 0..<p { step[i] = delta[i] }
        return delta.allSatisfy(\.isFinite)
    }

    /// x = −(JᵀJ + λD)⁻¹ Jᵀ v (tall, from the gradient-side Jᵀ v) or −Jᵀ (J Jᵀ + λI)⁻¹ v
    /// (wide, from v itself), with the current factorisation.
    private func solve(rhsResiduals v: [Double], rhsGradient jtv: [Double], into x: inout [Double]) {
        if tall {
            for i in 0..<p { x[i] = -jtv[i] }
            cholesky.solve(&x)
        } else {
            for i in 0..<b { small[i] = v[i] }
            cholesky.solve(&small)
            Matrix.gemv(.none, jt, small, alpha: -1, into: &x)
        }
    }

    /// L(0) − L(δ) = ½ δᵀ(λDδ − g) for the velocity δ.
    func predictedDecrease(lambda: Double, scaling: [Double]?) -> Double {
        var damping = 0.0, slope = 0.0
        for i in 0..<p {
            damping += (scaling?[i] ?? 1) * delta[i] * delta[i]
            slope += delta[i] * g[i]
        }
        return 0.5 * (lambda * damping - slope)
    }

    /// Predicted decrease of the linear model along `step`: −stepᵀg − ½‖J step‖².
    func linearModelDecrease(residuals r: [Double]) -> Double {
        Matrix.gemv(.transpose, jt, step, into: &jd)
        var slope = 0.0, curvature = 0.0
        for i in 0..<p { slope += step[i] * g[i] }
        for i in 0..<b { curvature += jd[i] * jd[i] }
        return -slope - 0.5 * curvature
    }

    /// Geodesic acceleration: step = v + ½a; false when 2‖a‖/‖v‖ > ratio (or not finite).
    func accelerate(system: any ResidualSystem, parameters: [Double], residuals r: [Double],
                    lambda: Double, scaling: [Double]?, h: Double, ratio: Double) -> Bool {
        for i in 0..<p { trial[i] = parameters[i] + h * delta[i] }
        system.fillResiduals(at: trial, into: &trialResiduals)
        Matrix.gemv(.transpose, jt, delta, into: &jd)                         // J v
        for i in 0..<b { rvv[i] = (2 / h) * ((trialResiduals[i] - r[i]) / h - jd[i]) }
        guard rvv.allSatisfy(\.isFinite) else { return false }
        if tall { Matrix.gemv(.none, jt, rvv, into: &jtrvv) }
        solve(rhsResiduals: rvv, rhsGradient: jtrvv, into: &acceleration)
        let vn = norm(delta), an = norm(acceleration)
        guard an.isFinite, 2 * an <= ratio * vn else { return false }
        for i in 0..<p { step[i] = delta[i] + 0.5 * acceleration[i] }
        return true
    }

    /// ½‖r(θ + step)‖² (+∞ for NaN); the trial point and residuals stay here.
    func evaluateTrial(system: any ResidualSystem, parameters: [Double]) -> Double {
        for i in 0..<p { trial[i] = parameters[i] + step[i] }
        system.fillResiduals(at: trial, into: &trialResiduals)
        let cost = type(of: system).cost(of: trialResiduals)
        return cost.isNaN ? .infinity : cost
    }

    func commit(cost: inout Double, trialCost: Double, parameters: inout [Double], residuals: inout [Double]) {
        swap(&parameters, &trial)
        swap(&residuals, &trialResiduals)
        cost = trialCost
    }
}
