import LinearAlgebra

// MARK: - The Sven step

extension Sven {
    public mutating func step(
        system: any ResidualSystem, parameters: inout [Double],
        residuals: inout [Double], cost: inout Double
    ) throws(StepFailure) -> StepOutcome {
        guard let w = workspace else { preconditionFailure("Sven.step before prepare(for:)") }
        // The rows of this step, their Jacobian, and the cost the step is judged by.
        let baseCost: Double
        if w.batched {
            w.nextBatch()
            system.fillJacobian(at: parameters, rows: w.rows, residuals: &w.rStep, jacobianTranspose: &w.jtStep)
            baseCost = type(of: system).cost(of: w.rStep)
        } else {
            if w.matrixFree {
                for i in residuals.indices { w.rStep[i] = residuals[i] }
            } else {
                system.fillJacobian(at: parameters, residuals: &w.rStep, jacobianTranspose: &w.jtStep)
            }
            baseCost = cost
        }
        guard w.rStep.allSatisfy(\.isFinite) else { throw .nonFinite }
        w.averageMicroBatches()
        w.nextParameterSubset()
        w.gatherParameters()
        w.scaleColumns()
        do throws(LinearAlgebraError) {
            try w.factor.factor(jt: w.factoredJt, residuals: w.factoredResiduals, system: system, parameters: parameters)
        } catch {
            if case .nonFiniteInput = error { throw .nonFinite }
            throw .linearAlgebra(error.description)
        }
        let s = w.factor.sigma, g = w.factor.g
        let k = rank(s)
        guard k > 0 else { throw .noDecrease }
        var outcome = StepOutcome(rank: k, sigmaMax: s[0], sigmaMinKept: s[k - 1])
        let s1sq = s[0] * s[0]

        /// Move to θ + η·δ(λ) (already evaluated) and fill the outcome. A mini-batch step
        /// the full cost rejects (see `Options.monotone`) is reported with η = 0.
        func accept(_ trialCost: Double, eta: Double, lambda: Double) {
            let moved = commit(w, system: system, trialCost: trialCost, parameters: &parameters,
                               residuals: &residuals, cost: &cost)
            outcome.eta = moved ? eta : 0
            outcome.lambda = lambda
            outcome.stepNorm = moved ? eta * norm(w.delta) : 0
        }

        switch options.stepControl {
        case .fixed(let eta):
            setDirection(w, k: k, lambda: 0)
            let c = trialCost(w, system: system, eta: eta, parameters: parameters)
            guard c.isFinite else { throw .nonFinite }
            accept(c, eta: eta, lambda: 0)
            return outcome

        case .backtracking(let armijo, let maxHalvings):
            let slope = setDirection(w, k: k, lambda: 0)
            var eta = 1.0
            for _ in 0..<maxHalvings {
                let c = trialCost(w, system: system, eta: eta, parameters: parameters)
                if c <= baseCost - armijo * eta * slope { accept(c, eta: eta, lambda: 0); return outcome }
                eta *= 0.5
            }
            throw .noDecrease

        case .grid(let levels):
            setDirection(w, k: k, lambda: 0)
            var best = (cost: Double.infinity, eta: 0.0)
            var eta = 1.0, last = 1.0
            for _ in 0..<levels {
                let c = trialCost(w, system: system, eta: eta, parameters: parameters)
                if c < best.cost { best = (c, eta) }
                last = eta
                eta *= 0.5
            }
            guard best.cost < baseCost else { throw .noDecrease }
            if best.eta != last {
                _ = trialCost(w, system: system, eta: best.eta, parameters: parameters)   // re-place the winner
            }
            accept(best.cost, eta: best.eta, lambda: 0)
            return outcome

        case .adaptive(let armijo, let maxHalvings):
            for _ in 0..<12 {
                let lambda = mu * s1sq
                let slope = setDirection(w, k: k, lambda: lambda)
                var eta = 1.0
                for _ in 0...maxHalvings {
                    let c = trialCost(w, system: system, eta: eta, parameters: parameters)
                    if c <= baseCost - armijo * eta * slope {
                        accept(c, eta: eta, lambda: lambda)
                        mu = mu < 1e-11 ? 0 : mu / 10
                        return outcome
                    }
                    eta *= 0.5
                }
                mu = mu == 0 ? 1e-8 : mu * 100
                if mu > 1e8 { break }
            }
            throw .noDecrease

        case .damped(_, let muMin):
            for _ in 0..<60 {
                let lambda = mu * s1sq
                // Predicted decrease of the linear model: ½ Σ g_i² (1 − (λ/(σ_i² + λ))²).
                var predicted = 0.0
                for i in 0..<k {
                    let t: Double = lambda / (s[i] * s[i] + lambda)
                    predicted += 0.5 * g[i] * g[i] * (1 - t * t)
                }
                setDirection(w, k: k, lambda: lambda)
                let c = trialCost(w, system: system, eta: 1, parameters: parameters)
                let rho = predicted > 0 ? (baseCost - c) / predicted : -1
                if rho > 1e-4 && c < baseCost {
                    accept(c, eta: 1, lambda: lambda)
                    if rho > 0.75 { mu = max(muMin, mu / 10) } else if rho < 0.25 { mu *= 2 }
                    nu = 2
                    return outcome
                }
                if !(predicted > 1e-300) { break }
                mu *= nu
                nu *= 2
                if !mu.isFinite || mu > 1e16 { break }
            }
            throw .noDecrease
        }
    }

    // MARK: - Pieces

    /// Number of σ_i > rtol·σ₁, at most `maxRank`.
    private func rank(_ s: [Double]) -> Int {
        guard let s1 = s.first, s1 > 0 else { return 0 }
        var k = 0
        while k < s.count && k < options.maxRank && s[k] > options.rtol * s1 { k += 1 }
        return k
    }

    /// δ = −Σ_{i<k} σ_i/(σ_i² + λ) g_i v_i on all parameters; returns the slope
    /// magnitude Σ c_i g_i² (c_i = σ_i²/(σ_i² + λ)) of ½‖r‖² along δ.
    @discardableResult
    private func setDirection(_ w: Workspace, k: Int, lambda: Double) -> Double {
        let s = w.factor.sigma, g = w.factor.g
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
        w.factor.applyV(w.coeff, jt: w.factoredJt, into: &w.deltaSub)
        w.scatterDelta()
        return slope
    }

    /// Cost at θ + η·δ on this step's rows; the trial point and residuals stay in the workspace.
    private func trialCost(_ w: Workspace, system: any ResidualSystem, eta: Double, parameters: [Double]) -> Double {
        for i in parameters.indices { w.trial[i] = parameters[i] + eta * w.delta[i] }
        if w.batched {
            system.fillResiduals(at: w.trial, rows: w.rows, into: &w.trialResiduals)
        } else {
            system.fillResiduals(at: w.trial, into: &w.trialResiduals)
        }
        let c = type(of: system).cost(of: w.trialResiduals)
        return c.isNaN ? .infinity : c
    }

    /// Move to the trial point; returns false when the move was undone. With mini-batches
    /// the driver's full residuals and cost are refreshed, and with `monotone` a step
    /// that raises the full cost is undone.
    private func commit(_ w: Workspace, system: any ResidualSystem, trialCost: Double,
                        parameters: inout [Double], residuals: inout [Double], cost: inout Double) -> Bool {
        guard w.batched else {
            swap(&parameters, &w.trial)
            swap(&residuals, &w.trialResiduals)
            cost = trialCost
            return true
        }
        system.fillResiduals(at: w.trial, into: &w.fullResiduals)
        let full = type(of: system).cost(of: w.fullResiduals)
        if options.monotone && !(full <= cost) { return false }
        swap(&parameters, &w.trial)
        swap(&residuals, &w.fullResiduals)
        cost = full
        return true
    }
}

@inline(__always) func norm(_ v: [Double]) -> Double {
    var s = 0.0
    for x in v { s += x * x }
    return s.squareRoot()
}
