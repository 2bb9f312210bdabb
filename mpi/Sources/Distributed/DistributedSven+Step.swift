import LinearAlgebra
import SvenSolver

// MARK: - The distributed Sven step (the step controls of Sven+StepControl.swift)

extension DistributedSven {
    public mutating func step(
        system: any ResidualSystem, parameters: inout [Double],
        residuals: inout [Double], cost: inout Double
    ) throws(StepFailure) -> StepOutcome {
        guard let w = workspace else { preconditionFailure("DistributedSven.step before prepare(for:)") }
        try factor(w, at: parameters)
        let s = w.sigma, g = w.g
        let k = rank(s)
        guard k > 0 else { throw .noDecrease }
        let baseCost = cost
        var outcome = StepOutcome(rank: k, sigmaMax: s[0], sigmaMinKept: s[k - 1])
        // The step control (shared with `Sven`) picks θ + η·δ(λ), evaluated and in place.
        var damping = DampingState(mu: mu, nu: nu)
        defer { mu = damping.mu; nu = damping.nu }
        let chosen = try options.stepControl.choose(
            sigma: s, g: g, rank: k, baseCost: baseCost, damping: &damping,
            setDirection: { setDirection(w, k: k, lambda: $0) },
            trialCost: { trialCost(w, eta: $0, parameters: parameters) })
        swap(&parameters, &w.trial)
        w.system.rows.gatherTrial(into: &residuals)
        cost = chosen.cost
        outcome.eta = chosen.eta
        outcome.lambda = chosen.lambda
        outcome.stepNorm = chosen.eta * norm(w.delta)
        return outcome
    }

    // MARK: - Spectral data

    /// σ, g = Uᵀr and the factor that maps coefficients to δ, by the workspace's route.
    private func factor(_ w: Workspace, at parameters: [Double]) throws(StepFailure) {
        let rows = w.system.rows, p = w.p
        do throws(LinearAlgebraError) {
            switch w.route {
            case .tsqr:
                guard let r = rows.factor(at: parameters) else { preconditionFailure("TSQR: rank 0 holds no factor") }
                guard r.isFinite else { throw LinearAlgebraError.nonFiniteInput(routine: "TSQR") }
                let n = p + 1
                var rj = Matrix(rows: p, cols: p), c = [Double](repeating: 0, count: p)
                for j in 0..<p { for i in 0...j { rj.storage[j * p + i] = r.storage[j * n + i] } }
                for i in 0..<p { c[i] = r.storage[p * n + i] }
                try w.svd.factor(rj)                                    // R_J = U_R Σ Vᵀ
                w.sigma = w.svd.singularValues
                w.g = Array(repeating: 0, count: w.sigma.count)
                Matrix.gemv(.transpose, w.svd.u, c, into: &w.g)         // g = U_Rᵀ c
            case .randomized(let l, let q):
                var omega = Matrix(rows: p, cols: l)
                for i in omega.storage.indices { omega.storage[i] = w.generator.nextNormal() }
                rows.formLocalJacobian(at: parameters)
                rows.multiplyJ(omega)
                let qrP = ThinQR(rows: p, cols: l)
                for _ in 0..<q {
                    try rows.orthonormalizeY()
                    let z = rows.multiplyJt()
                    try qrP.orthonormalize(z)
                    rows.multiplyJ(qrP.q)
                }
                try rows.orthonormalizeY()
                let z = rows.multiplyJt()                               // Jᵀ Q = Ũ Σ W̃ᵀ
                let qtr = rows.projectResiduals()                       // Qᵀ r
                try w.svd.factor(z)
                w.sigma = w.svd.singularValues
                w.g = Array(repeating: 0, count: w.sigma.count)
                Matrix.gemv(.none, w.svd.vt, qtr, into: &w.g)           // g = W̃ᵀ Qᵀ r
            }
        } catch {
            if case .nonFiniteInput = error { throw .nonFinite }
            throw .linearAlgebra(error.description)
        }
        if w.coeff.count != w.sigma.count { w.coeff = Array(repeating: 0, count: w.sigma.count) }
    }

    /// Number of σ_i > rtol·σ₁, at most `maxRank`.
    private func rank(_ s: [Double]) -> Int {
        guard let s1 = s.first, s1 > 0 else { return 0 }
        var k = 0
        while k < s.count && k < options.maxRank && s[k] > options.rtol * s1 { k += 1 }
        return k
    }

    /// δ = −Σ_{i<k} σ_i/(σ_i² + λ) g_i v_i; returns Σ c_i g_i² (c_i = σ_i²/(σ_i² + λ)).
    @discardableResult
    private func setDirection(_ w: Workspace, k: Int, lambda: Double) -> Double {
        let s = w.sigma, g = w.g
        var slope = 0.0
        for i in 0..<w.coeff.count {
            if i < k {
                let s2 = s[i] * s[i]
                let c = s2 / (s2 + lambda)
                w.coeff[i] = -c * g[i] / s[i]
                slope += c * g[i] * g[i]
            } else {
                w.coeff[i] = 0
            }
        }
        switch w.route {
        case .tsqr: Matrix.gemv(.transpose, w.svd.vt, w.coeff, into: &w.delta)   // V c
        case .randomized: Matrix.gemv(.none, w.svd.u, w.coeff, into: &w.delta)   // Ũ c
        }
        return slope
    }

    /// ½‖r(θ + η·δ)‖², summed over ranks; the trial point stays in the workspace.
    private func trialCost(_ w: Workspace, eta: Double, parameters: [Double]) -> Double {
        for i in parameters.indices { w.trial[i] = parameters[i] + eta * w.delta[i] }
        return w.system.rows.cost(at: w.trial)
    }
}

@inline(__always) func norm(_ v: [Double]) -> Double {
    var s = 0.0
    for x in v { s += x * x }
    return s.squareRoot()
}
