// MARK: - The L-BFGS step

extension LBFGS {
    public mutating func step(
        system: any ResidualSystem, parameters: inout [Double],
        residuals: inout [Double], cost: inout Double
    ) throws(StepFailure) -> StepOutcome {
        guard let ls = lineSearch, g.count == parameters.count else {
            preconditionFailure("LBFGS.step: prepared for \(g.count) parameters, given \(parameters.count) (call prepare(for:) first)")
        }
        // The gradient at θ is usually left over from the last line search.
        if !(gValid && gAt == parameters) {
            try system.gradient(at: parameters, residuals: residuals, into: &g)
        }
        gValid = false
        let gNorm = dot(g, g).squareRoot()
        guard gNorm > 0 else { throw .noDecrease }

        var slope = twoLoopDirection()
        if !(slope < 0) { resetToSteepestDescent(); slope = -gNorm * gNorm }
        var found = ls.search(system: system, from: parameters, cost: cost, slope: slope, direction: d,
                              initialStep: state.count > 0 ? 1 : min(1, 1 / gNorm))
        if found == nil && state.count > 0 {
            resetToSteepestDescent()
            found = ls.search(system: system, from: parameters, cost: cost, slope: -gNorm * gNorm, direction: d,
                              initialStep: min(1, 1 / gNorm))
        }
        guard let accepted = found else { throw .noDecrease }

        // The curvature pair, stored only when yᵀs > ε·‖y‖‖s‖.
        for i in 0..<s.count { s[i] = ls.x[i] - parameters[i]; y[i] = ls.g[i] - g[i] }
        let (ys, ss, yy) = (dot(y, s), dot(s, s), dot(y, y))
        if ys > Double.ulpOfOne * (ss * yy).squareRoot() {
            let slot = (state.newest + 1) % state.memory
            swap(&state.s[slot], &s); swap(&state.y[slot], &y)
            state.rho[slot] = 1 / ys
            state.newest = slot
            state.count = min(state.count + 1, state.memory)
        } else {
            state.skippedUpdates += 1
        }

        swap(&parameters, &ls.x); swap(&residuals, &ls.r); swap(&g, &ls.g)
        cost = accepted.cost
        for i in 0..<gAt.count { gAt[i] = parameters[i] }
        gValid = true
        return StepOutcome(eta: accepted.alpha, stepNorm: ss.squareRoot())
    }

    // MARK: - Pieces

    /// d = −H g by the two-loop recursion (N&W Alg. 7.4); returns gᵀd.
    mutating func twoLoopDirection() -> Double {
        let m = state.memory
        for i in 0..<d.count { d[i] = g[i] }
        for k in 0..<state.count {
            let slot = (state.newest - k + m) % m
            a[slot] = state.rho[slot] * dot(state.s[slot], d)
            axpy(-a[slot], state.y[slot], &d)
        }
        if state.count > 0 {
            let newest = state.newest
            let gamma = dot(state.s[newest], state.y[newest]) / dot(state.y[newest], state.y[newest])
            for i in 0..<d.count { d[i] *= gamma }
        }
        for k in stride(from: state.count - 1, through: 0, by: -1) {
            let slot = (state.newest - k + m) % m
            let b = state.rho[slot] * dot(state.y[slot], d)
            axpy(a[slot] - b, state.s[slot], &d)
        }
        for i in 0..<d.count { d[i] = -d[i] }
        return dot(g, d)
    }

    /// Clear the memory and set d = −g.
    mutating func resetToSteepestDescent() {
        state.count = 0
        state.resets += 1
        for i in 0..<d.count { d[i] = -g[i] }
    }
}
