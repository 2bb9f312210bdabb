import LinearAlgebra

// MARK: - The Sven step

extension Sven {
    public mutating func step(
        system: any ResidualSystem, parameters: inout [Double],
        residuals: inout [Double], cost: inout Double
    ) throws(StepFailure) -> StepOutcome {
        guard let w = workspace else { preconditionFailure("Sven.step before prepare(for:)") }
        system.fillJacobian(at: parameters, residuals: &residuals, jacobianTranspose: &w.jt)
        do throws(LinearAlgebraError) {
            if w.factorsJ {
                Matrix.transpose(w.jt, into: &w.j)
                try w.svd.factor(w.j)       // J = U Σ Vᵀ
            } else {
                try w.svd.factor(w.jt)      // Jᵀ = U' Σ V'ᵀ, so J = V' Σ U'ᵀ
            }
        } catch {
            if case .nonFiniteInput = error { throw .nonFinite }
            throw .linearAlgebra(error.description)
        }
        let s = w.svd.singularValues
        let k = w.svd.rank(rtol: options.rtol, maxRank: options.maxRank)
        guard k > 0 else { throw .noDecrease }
        // g = Uᵀ r with U the left singular vectors of J.
        if w.factorsJ {
            Matrix.gemv(.transpose, w.svd.u, residuals, into: &w.g)
        } else {
            Matrix.gemv(.none, w.svd.vt, residuals, into: &w.g)
        }
        var outcome = StepOutcome(rank: k, sigmaMax: s[0], sigmaMinKept: s[k - 1])
        var gk2 = 0.0
        for i in 0..<k { gk2 += w.g[i] * w.g[i] }

        switch options.stepControl {
        case .fixed(let eta):
            setCoefficients(w, k: k) { _ in eta }
            try accept(w, system: system, scale: 1, parameters: &parameters, residuals: &residuals,
                       cost: &cost, requireDecrease: false)
            outcome.eta = eta
        case .backtracking(let armijo, let maxHalvings):
            setCoefficients(w, k: k) { _ in 1 }
            var eta = 1.0
            for _ in 0..<maxHalvings {
                let trialCost = evaluateTrial(w, system: system, scale: eta, parameters: parameters)
                if trialCost <= cost - armijo * eta * gk2 {
                    commit(w, cost: &cost, trialCost: trialCost, parameters: &parameters, residuals: &residuals)
                    outcome.eta = eta
                    outcome.stepNorm = eta * norm(w.delta)
                    return outcome
                }
                eta *= 0.5
            }
            throw .noDecrease
        case .adaptive(let armijo, let maxHalvings):
            let s1sq = s[0] * s[0]
            for _ in 0..<12 {
                let lambda = mu * s1sq
                // c_i = σ_i²/(σ_i² + λ); ∇(½‖r‖²)ᵀδ = −Σ c_i g_i².
                var slope = 0.0
                for i in 0..<k {
                    let gi: Double = w.g[i], s2: Double = s[i] * s[i]
                    slope += gi * gi * s2 / (s2 + lambda)
                }
                setCoefficients(w, k: k) { (i: Int) -> Double in
                    let s2: Double = s[i] * s[i]
                    return s2 / (s2 + lambda)
                }
                var eta = 1.0
                for h in 0...maxHalvings {
                    let trialCost = evaluateTrial(w, system: system, scale: eta, parameters: parameters)
                    if trialCost <= cost - armijo * eta * slope {
                        commit(w, cost: &cost, trialCost: trialCost, parameters: &parameters, residuals: &residuals)
                        mu = mu < 1e-11 ? 0 : mu / 10
                        outcome.eta = eta
                        outcome.lambda = lambda
                        outcome.stepNorm = eta * norm(w.delta)
                        return outcome
                    }
                    eta *= 0.5
                }
                mu = mu == 0 ? 1e-8 : mu * 100
                if mu > 1e8 { break }
            }
            throw .noDecrease
        case .damped(_, let muMin):
            let s1sq = s[0] * s[0]
            for _ in 0..<60 {
                let lambda = mu * s1sq
                // f_i = σ_i / (σ_i² + λ); predicted decrease ½ Σ g_i² (1 − (1 − σ_i f_i)²).
                var predicted = 0.0
                for i in 0..<k {
                    let t: Double = lambda / (s[i] * s[i] + lambda)   // 1 − σ f
                    let gi: Double = w.g[i]
                    predicted += 0.5 * gi * gi * (1 - t * t)
                }
                setCoefficients(w, k: k) { (i: Int) -> Double in
                    let s2: Double = s[i] * s[i]
                    return s2 / (s2 + lambda)
                }
                let trialCost = evaluateTrial(w, system: system, scale: 1, parameters: parameters)
                let rho = predicted > 0 ? (cost - trialCost) / predicted : -1
                if rho > 1e-4 && trialCost < cost {
                    commit(w, cost: &cost, trialCost: trialCost, parameters: &parameters, residuals: &residuals)
                    if rho > 0.75 { mu = max(muMin, mu / 10) } else if rho < 0.25 { mu *= 2 }
                    nu = 2
                    outcome.eta = 1
                    outcome.lambda = lambda
                    outcome.stepNorm = norm(w.delta)
                    return outcome
                }
                if !(predicted > 0) || predicted < 1e-300 { break }
                mu *= nu
                nu *= 2
                if !mu.isFinite || mu > 1e16 { break }
            }
            throw .noDecrease
        }
        outcome.stepNorm = norm(w.delta)
        return outcome
    }

    // MARK: - Pieces

    /// δ = −Σ_{i<k} (c_i/σ_i) g_i v_i with c_i = `filter(i)` (so c = σ f).
    private func setCoefficients(_ w: Workspace, k: Int, filter: (Int) -> Double) {
        let s = w.svd.singularValues
        for i in 0..<w.coeff.count {
            w.coeff[i] = i < k ? -filter(i) * w.g[i] / s[i] : 0
        }
        // δ = V c with V the right singular vectors of J.
        if w.factorsJ {
            Matrix.gemv(.transpose, w.svd.vt, w.coeff, into: &w.delta)
        } else {
            Matrix.gemv(.none, w.svd.u, w.coeff, into: &w.delta)
        }
    }

    /// Cost at θ + scale·δ; the trial point and its residuals stay in the workspace.
    private func evaluateTrial(_ w: Workspace, system: any ResidualSystem, scale: Double,
                               parameters: [Double]) -> Double {
        for i in parameters.indices { w.trial[i] = parameters[i] + scale * w.delta[i] }
        system.fillResiduals(at: w.trial, into: &w.trialResiduals)
        let c = type(of: system).cost(of: w.trialResiduals)
        return c.isNaN ? .infinity : c
    }

    private func commit(_ w: Workspace, cost: inout Double, trialCost: Double,
                        parameters: inout [Double], residuals: inout [Double]) {
        swap(&parameters, &w.trial)
        swap(&residuals, &w.trialResiduals)
        cost = trialCost
    }

    private func accept(_ w: Workspace, system: any ResidualSystem, scale: Double,
                        parameters: inout [Double], residuals: inout [Double], cost: inout Double,
                        requireDecrease: Bool) throws(StepFailure) {
        let trialCost = evaluateTrial(w, system: system, scale: scale, parameters: parameters)
        guard trialCost.isFinite else { throw .nonFinite }
        if requireDecrease && trialCost >= cost { throw .noDecrease }
        commit(w, cost: &cost, trialCost: trialCost, parameters: &parameters, residuals: &residuals)
    }
}

@inline(__always) private func pow3(_ x: Double) -> Double { x * x * x }

@inline(__always) func norm(_ v: [Double]) -> Double {
    var s = 0.0
    for x in v { s += x * x }
    return s.squareRoot()
}
