import LinearAlgebra
import SvenSolver

// MARK: - The distributed Sven step (the step controls of Sven+Step.swift)

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
        let s1sq = s[0] * s[0]

        func accept(_ trialCost: Double, eta: Double, lambda: Double) {
            swap(&parameters, &w.trial)
            w.system.rows.gatherTrial(into: &residuals)
            cost = trialCost
            outcome.eta = eta
            outcome.lambda = lambda
            outcome.stepNorm = eta * norm(w.delta)
        }

        switch options.stepControl {
        case .fixed(let eta):
            setDirection(w, k: k, lambda: 0)
            let c = trialCost(w, eta: eta, parameters: parameters)
            guard c.isFinite else { throw .nonFinite }
            accept(c, eta: eta, lambda: 0)
            return outcome

        case .backtracking(let armijo, let maxHalvings):
            let slope = setDirection(w, k: k, lambda: 0)
            var eta = 1.0
            for _ in 0..<maxHalvings {
                let c = trialCost(w, eta: eta, parameters: parameters)
                if c <= baseCost - armijo * eta * slope { accept(c, eta: eta, lambda: 0); return outcome }
                eta *= 0.5
            }
            throw .noDecrease

        case .grid(let levels):
            setDirection(w, k: k, lambda: 0)
            var best = (cost: Double.infinity, eta: 0.0)
            var eta = 1.0, last = 1.0
            for _ in 0..<levels {
                let c = trialCost(w, eta: eta, parameters: parameters)
                if c < best.cost { best = (c, eta) }
                last = eta
                eta *= 0.5
            }
            guard best.cost < baseCost else { throw .noDecrease }
            if best.eta != last { _ = trialCost(w, eta: best.eta, parameters: parameters) }   // re-place the winner
            accept(best.cost, eta: best.eta, lambda: 0)
            return outcome

        case .adaptive(let armijo, let maxHalvings):
            for _ in 0..<12 {
                let lambda = mu * s1sq
                let slope = setDirection(w, k: k, lambda: lambda)
                var eta = 1.0
                for _ in 0...maxHalvings {
                    let c = trialCost(w, eta: eta, parameters: parameters)
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
                var predicted = 0.0
                for i in 0..<k {
                    let t: Double = lambda / (s[i] * s[i] + lambda)
                    predicted += 0.5 * g[i] * g[i] * (1 - t * t)
                }
                setDirection(w, k: k, lambda: lambda)
                let c = trialCost(w, eta: 1, parameters: parameters)
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
