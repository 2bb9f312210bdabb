import Foundation
import Residuals
import SpectralReference

// MARK: - Periodic 1D references (issue 20)

extension ReferenceChooser {
    /// Whether u is periodic in space variable x over the domain: the network's
    /// periodic embedding with period = extent and no [[boundary]] on x, or
    /// `kind = "periodic"` tables covering both faces of x and no other boundary.
    static func isPeriodic(_ file: ProblemFile, box: Box, x: Int) -> Bool {
        let embedded = file.network.periodic.contains {
            $0.dimension == x && abs($0.period - box.length(x)) <= 1e-12 * box.length(x)
        }
        if embedded && file.boundaries.isEmpty { return true }
        let faces = Set(file.boundaries.flatMap(\.faces))
        return !file.boundaries.isEmpty && file.boundaries.allSatisfy { $0.kind == "periodic" }
            && faces == [Face(dimension: x, upper: false), Face(dimension: x, upper: true)]
    }

    /// u_t + a·u·u_x + δ·u_xxx = ε·u_xx + R(u), periodic in x → `FourierPeriodic1D`
    /// when the equation is Burgers (a = 1, ε = ν), reaction–diffusion (ε, R) or
    /// KdV (a, δ). Resolution: N = 512 with dt ≤ 1e-4 for KdV (solitons of width
    /// ~0.1 at δ = 0.0025), N = 2048 with dt ≤ 1e-4 otherwise (fronts of width
    /// ~√(2ε/γ) ≈ 0.006 for Allen–Cahn ε = 1e-4, γ = 5); output every ≤ 2.5e-3
    /// (1e-3 for KdV). The step is capped in absolute terms, so short horizons are cheap.
    static func choosePeriodic(_ file: ProblemFile, box: Box, x: Int, time: Int, equation: Equation,
                               u0: @escaping @Sendable (Double) -> Double,
                               reorder: @escaping ([Double]) -> [Double]) throws -> Choice {
        let horizon = box.length(time), t0 = box.lower[time]
        var (a, eps, delta) = (0.0, 0.0, 0.0)
        var reaction: (@Sendable (Double) -> Double)?
        let v = box.variables
        if Set(equation.jetInputs) == ["u", "u_\(v[x])", "u_\(v[time])", "u_\(v[x])\(v[x])"],
           let nu = burgersViscosity(equation, box: box, x: x, time: time) {
            (a, eps) = (1, nu)
        } else if let (e, r) = reactionDiffusion(equation, box: box, x: x, time: time) {
            (eps, reaction) = (e, polynomial(r) ?? r)
        } else if let (adv, disp) = kdvCoefficients(equation, box: box, x: x, time: time) {
            (a, delta) = (adv, disp)
        } else {
            return .none(reason: "no periodic reference for this equation (Burgers, u_t = εu_xx + R(u) and KdV are supported)")
        }
        let (n, dtMax, outputMax) = delta != 0 ? (512, 1e-4, 1e-3) : (2048, 1e-4, 2.5e-3)
        let intervals = max(1, Int((horizon / outputMax).rounded(.up)))
        let steps = max(1, Int((horizon / Double(intervals) / dtMax).rounded(.up)))
        let dt = horizon / Double(intervals * steps)
        let (lower, period) = (box.lower[x], box.length(x))
        // Initial data with a kink across the period (x² cos πx: u_x(±1) = ∓2) is a truncated
        // series at t = 0; diffusion removes the truncation by t* = 28/(εκ_max²) (e^{−28} ≈ 7e-13).
        let probe = 1e-6 * period
        let jump = abs((u0(lower + probe) - u0(lower)) - (u0(lower + period) - u0(lower + period - probe))) / probe
        let kappaMax = Double.pi * Double(n) / period
        let tStar = jump > 1e-6 && eps > 0 ? 28 / (eps * kappaMax * kappaMax) : 0
        let first = min(intervals, Int((tStar / (horizon / Double(intervals))).rounded(.up)))
        let solver = try FourierPeriodic1D(lower: lower, period: period, advection: a, diffusion: eps, dispersion: delta,
                                           reaction: reaction, initial: u0, points: n, timeStep: dt, horizon: horizon,
                                           outputIntervals: intervals)
        let reference = try solver.solve(estimateFrom: first)
        let terms = [a != 0 ? "a = \(a)" : nil, eps != 0 ? "ε = \(eps)" : nil, delta != 0 ? "δ = \(delta)" : nil,
                     reaction != nil ? "R(u)" : nil].compactMap { $0 }.joined(separator: ", ")
        let from = first > 0 ? String(format: " (from t = %.3g: the initial data has a kink across the period)", reference.times[first]) : ""
        // At t = t0 the initial data itself, exactly.
        func values(_ points: [Double]) -> [Double] {
            var out = reference.values(at: reorder(points))
            let D = box.dimension
            for p in out.indices where points[p * D + time] == t0 { out[p] = u0(points[p * D + x]) }
            return out
        }
        return .reference(Reference(
            description: "periodic Fourier ETDRK4 (\(terms); N = \(n), dt = \(dt)); estimated time error \(String(format: "%.1e", reference.estimatedTimeError)), space \(String(format: "%.1e", reference.estimatedSpaceError))\(from)",
            method: "periodic-etdrk4", resolution: "Fourier N = \(n), dt = \(dt)",
            estimatedError: reference.estimatedError, values: values))
    }

    /// R as a polynomial of degree ≤ 5 in Newton form, when it is one: interpolated
    /// at 6 Chebyshev points of [−2, 2] and checked at 16 others in [−3, 3] (to
    /// 1e-11 relative). Evaluating the formula costs two arrays and an interpreter
    /// walk per point — 1.6·10⁸ calls for Allen–Cahn's N = 2048 (×2 padding) over
    /// 10⁴ steps — so the cubic 5(u − u³) is worth reading off once.
    static func polynomial(_ r: @escaping @Sendable (Double) -> Double) -> (@Sendable (Double) -> Double)? {
        let nodes = (0..<6).map { 2 * cos(Double.pi * (Double($0) + 0.5) / 6) }
        var c = nodes.map(r)
        guard c.allSatisfy(\.isFinite) else { return nil }
        for k in 1..<6 { for i in stride(from: 5, through: k, by: -1) { c[i] = (c[i] - c[i - 1]) / (nodes[i] - nodes[i - k]) } }
        let (coefficients, centers) = (c, nodes)
        let p: @Sendable (Double) -> Double = { u in
            var v = coefficients[5]
            for i in stride(from: 4, through: 0, by: -1) { v = coefficients[i] + (u - centers[i]) * v }
            return v
        }
        for k in 0..<16 {
            let u = -3 + 6 * (Double(k) + 0.37) / 16, want = r(u)
            guard abs(p(u) - want) <= 1e-11 * max(1, abs(want)) else { return nil }
        }
        return p
    }

    /// (a, δ) when F(u, u_x, u_t, u_xxx) = u_t + a·u·u_x + δ·u_xxx at random samples (to 1e-12), δ ≠ 0.
    static func kdvCoefficients(_ e: Equation, box: Box, x: Int, time: Int) -> (Double, Double)? {
        let v = box.variables
        let names = ["u", "u_\(v[x])", "u_\(v[time])", "u_\(v[x])\(v[x])\(v[x])"]
        guard Set(e.jetInputs) == Set(names) else { return nil }
        let index = names.map { e.jetInputs.firstIndex(of: $0)! }
        let x0 = (0..<box.dimension).map { box.lower[$0] + 0.5 * box.length($0) }
        func f(_ u: Double, _ ux: Double, _ ut: Double, _ uxxx: Double) -> Double {
            var j = [Double](repeating: 0, count: 4)
            (j[index[0]], j[index[1]], j[index[2]], j[index[3]]) = (u, ux, ut, uxxx)
            return e.residual.evaluate(x0 + j)
        }
        let base = f(0, 0, 0, 0)
        guard base == 0, abs(f(0, 0, 1, 0) - 1) <= 1e-12 else { return nil }
        let a = f(1, 1, 0, 0), delta = f(0, 0, 0, 1)
        guard a.isFinite, delta.isFinite, delta != 0 else { return nil }
        for (u, ux, ut, uxxx) in [(0.7, -1.3, 0.4, 2.1), (-1.9, 0.6, -0.8, -0.5), (1.1, 1.7, 1.5, -1.2), (2, -2, 0.3, 0.9)] {
            let want = ut + a * u * ux + delta * uxxx
            guard abs(f(u, ux, ut, uxxx) - want) <= 1e-12 * max(1, abs(want)) else { return nil }
        }
        return (a, delta)
    }
}
