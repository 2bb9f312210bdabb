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
        // The step control picks θ + η·δ(λ) (evaluated, in place); move there. A mini-batch
        // step the full cost rejects (see `Options.monotone`) is reported with η = 0.
        var damping = DampingState(mu: mu, nu: nu)
        defer { mu = damping.mu; nu = damping.nu }
        let chosen = try options.stepControl.choose(
            sigma: s, g: g, rank: k, baseCost: baseCost, damping: &damping,
            setDirection: { setDirection(w, k: k, lambda: $0) },
            trialCost: { trialCost(w, system: system, eta: $0, parameters: parameters) })
        let moved = commit(w, system: system, trialCost: chosen.cost, parameters: &parameters,
                           residuals: &residuals, cost: &cost)
        outcome.eta = moved ? chosen.eta : 0
        outcome.lambda = chosen.lambda
        outcome.stepNorm = moved ? chosen.eta * norm(w.delta) : 0
        return outcome
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
