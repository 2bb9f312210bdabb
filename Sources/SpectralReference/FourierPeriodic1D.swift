// FourierPeriodic1D.swift — u_t + a u u_x + δ u_xxx = ε u_xx + R(u), periodic in x, by Fourier ETDRK4.

import Foundation

/// One periodic field in 1D under advection, diffusion, dispersion and reaction:
///
///     u_t + a·u·u_x + δ·u_xxx = ε·u_xx + R(u),   x ∈ [x₀, x₀ + L) periodic, t ∈ [0, T],
///
/// which covers periodic Burgers (a = 1, ε = ν), Allen–Cahn (ε, R(u) = γ(u − u³);
/// the frontier benchmark ε = 1e-4, γ = 5 on [−1, 1], u₀ = x² cos πx) and KdV
/// (a = 1, δ = 0.0025, u₀ = cos πx) — Kassam & Trefethen (SIAM J. Sci. Comput.
/// 26(4), 2005) solve the last two this way.
///
/// **Space.** Fourier Galerkin on N equispaced points, κ_k = 2πk/L:
///
///     v̂_k' = Λ_k v̂_k − ½ a iκ_k (u²)^_k + R(u)^_k,   Λ_k = −εκ_k² + iδκ_k³
///
/// (−δ(iκ)³ = iδκ³: dispersion makes Λ imaginary, so ETDRK4 runs in its complex
/// layout). The nonlinear terms are formed on 2N points (zero padding), which is
/// free of aliasing for u² and u³ (the 3/2 rule for quadratic terms, 2 for cubic
/// ones); the Nyquist mode is kept zero. The initial coefficients are those of
/// u₀ itself (from 64N samples), not of its N-point interpolant.
/// **Time.** ETDRK4 (`ETDRK4`, Cox & Matthews 2002, coefficients by Kassam &
/// Trefethen's contour integral on the full circle when Λ is complex).
///
/// `solve` runs (N, dt), (N, dt/2) and (2N, dt) and reports the max differences
/// on the output grid as the estimated time and space errors of the (N, dt)
/// snapshots. Initial data that is not smooth across the period (x² cos πx has
/// u_x(±1) = ∓2) is represented by its truncated series at t = 0: the error of
/// that snapshot near the kink is O(1/N), and diffusion removes it within
/// t ≈ 1/(εκ_max²); `estimateFrom` leaves such early snapshots out of the estimates.
public struct FourierPeriodic1D: Sendable {
    public let lower: Double, period: Double
    public let advection: Double, diffusion: Double, dispersion: Double
    public let reaction: (@Sendable (Double) -> Double)?
    public let initial: @Sendable (Double) -> Double
    public let points: Int
    public let timeStep: Double
    public let horizon: Double
    public let outputIntervals: Int

    /// - Throws: `invalidGridSize` unless N is a power of two in 16 … 65536 and M ≥ 1;
    ///   `invalidParameter` unless ε ≥ 0, a and δ finite, dt, T, L > 0 finite and dt divides T/M.
    public init(lower: Double = -1, period: Double = 2, advection: Double = 0, diffusion: Double = 0, dispersion: Double = 0,
                reaction: (@Sendable (Double) -> Double)? = nil, initial: @escaping @Sendable (Double) -> Double,
                points: Int = 1024, timeStep: Double = 1e-4, horizon: Double = 1, outputIntervals: Int = 1000) throws {
        guard points >= 16, points <= 65536, points & (points - 1) == 0 else {
            throw SpectralReferenceError.invalidGridSize(field: "points", value: points, rule: "Fourier points must be a power of two, 16 ≤ N ≤ 65536")
        }
        guard outputIntervals >= 1 else {
            throw SpectralReferenceError.invalidGridSize(field: "outputIntervals", value: outputIntervals, rule: "must be ≥ 1")
        }
        for (name, v) in [("period", period), ("timeStep", timeStep), ("horizon", horizon)] where !(v.isFinite && v > 0) {
            throw SpectralReferenceError.invalidParameter(field: name, value: v, rule: "must be finite and > 0")
        }
        for (name, v) in [("lower", lower), ("advection", advection), ("dispersion", dispersion)] where !v.isFinite {
            throw SpectralReferenceError.invalidParameter(field: name, value: v, rule: "must be finite")
        }
        guard diffusion.isFinite, diffusion >= 0 else {
            throw SpectralReferenceError.invalidParameter(field: "diffusion", value: diffusion, rule: "must be finite and ≥ 0")
        }
        _ = try Burgers1D.stepsPerOutput(timeStep: timeStep, horizon: horizon, intervals: outputIntervals)
        (self.lower, self.period, self.advection, self.diffusion, self.dispersion) = (lower, period, advection, diffusion, dispersion)
        (self.reaction, self.initial, self.points, self.timeStep) = (reaction, initial, points, timeStep)
        (self.horizon, self.outputIntervals) = (horizon, outputIntervals)
    }

    /// The (N, dt) run with time and space error estimates: max differences on
    /// `xs` × the output times from index `estimateFrom` on.
    public func solve(estimateOn xs: [Double]? = nil, estimateFrom first: Int = 0) throws -> TimeDependentReference {
        let xs = xs ?? (0...200).map { lower + period * Double($0) / 200 }
        var base = try run(points: points, timeStep: timeStep)
        let halfStep = try run(points: points, timeStep: timeStep / 2)
        let fine = try run(points: 2 * points, timeStep: timeStep)
        let times = Array(base.times[min(first, base.times.count - 1)...])
        let grid = base.values(onGridX: xs, times: times)
        base.estimatedTimeError = ErrorNorms.maxAbs(grid, halfStep.values(onGridX: xs, times: times))
        base.estimatedSpaceError = ErrorNorms.maxAbs(grid, fine.values(onGridX: xs, times: times))
        return base
    }

    /// One run with N points and step dt; snapshots at the M + 1 output times.
    public func run(points n: Int, timeStep dt: Double) throws -> TimeDependentReference {
        let s = try Burgers1D.stepsPerOutput(timeStep: dt, horizon: horizon, intervals: outputIntervals)
        let h = horizon / Double(outputIntervals * s)
        let modes = n / 2 + 1, m = 2 * n
        let fftM = try RealFFT(size: m)
        // State: unnormalised r2c spectrum Y of the N samples (interleaved).
        let kappa = (0..<modes).map { 2 * Double.pi * Double($0) / period }
        let lambda = kappa.map { Complex(-diffusion * $0 * $0, dispersion * $0 * $0 * $0) }
        let scheme = ETDRK4(complexLambda: lambda, step: h)
        // v(0) = the first N/2 Fourier coefficients of u₀, from 64N samples: sampling u₀ at
        // the N points instead aliases every mode by Σ_{m≠0} ĉ_{k+mN}, O(1/N²) for data with
        // a kink across the period (x² cos πx), which the reaction then amplifies (measured:
        // N = 2048 against 4096 differed by 3.1e-5 at t ≥ 0.0275 with N-point sampling).
        let over = min(64 * n, 1 << 22)
        let fftOver = try RealFFT(size: over)
        var u0 = (0..<over).map { initial(lower + period * Double($0) / Double(over)) }
        if let bad = u0.firstIndex(where: { !$0.isFinite }) {
            throw SpectralReferenceError.nonFiniteData(field: "initial data", point: [lower + period * Double(bad) / Double(over)], value: u0[bad])
        }
        var full = [Double](repeating: 0, count: over + 2)
        u0.withUnsafeBufferPointer { x in full.withUnsafeMutableBufferPointer { fftOver.forward(x.baseAddress!, into: $0.baseAddress!) } }
        var v = (0..<(2 * modes)).map { full[$0] * Double(n) / Double(over) }
        v[2 * (modes - 1)] = 0; v[2 * (modes - 1) + 1] = 0
        (u0, full) = ([], [])
        var padded = [Double](repeating: 0, count: m + 2), physical = [Double](repeating: 0, count: m)
        var squared = [Double](repeating: 0, count: m), spectrum = [Double](repeating: 0, count: m + 2)
        let toPhysical = 1 / Double(n), toSpectral = Double(n) / Double(m)
        let (a, reaction) = (advection, self.reaction)
        let nonlinear: ([Double], inout [Double]) -> Void = { state, out in
            for i in 0..<(m + 2) { padded[i] = i < 2 * (modes - 1) ? state[i] : 0 }
            padded.withUnsafeBufferPointer { p in physical.withUnsafeMutableBufferPointer { fftM.backward(p.baseAddress!, into: $0.baseAddress!) } }
            for i in 0..<(2 * modes) { out[i] = 0 }
            if a != 0 {
                for j in 0..<m { let u = physical[j] * toPhysical; squared[j] = u * u }
                squared.withUnsafeBufferPointer { p in spectrum.withUnsafeMutableBufferPointer { fftM.forward(p.baseAddress!, into: $0.baseAddress!) } }
                // −½ a iκ Ŵ: (x + iy) ↦ ½aκ (y − ix).
                for k in 0..<(modes - 1) {
                    let c = 0.5 * a * kappa[k] * toSpectral
                    out[2 * k] += c * spectrum[2 * k + 1]
                    out[2 * k + 1] -= c * spectrum[2 * k]
                }
            }
            if let reaction {
                for j in 0..<m { squared[j] = reaction(physical[j] * toPhysical) }
                squared.withUnsafeBufferPointer { p in spectrum.withUnsafeMutableBufferPointer { fftM.forward(p.baseAddress!, into: $0.baseAddress!) } }
                for i in 0..<(2 * (modes - 1)) { out[i] += spectrum[i] * toSpectral }
            }
        }
        var work = ETDRK4.Workspace(count: 2 * modes)
        var snapshots = [normalised(v, n: n)]
        for k in 1...outputIntervals {
            for _ in 0..<s { scheme.step(&v, workspace: &work, nonlinear: nonlinear) }
            if let bad = v.firstIndex(where: { !$0.isFinite }) {
                throw SpectralReferenceError.nonFiniteData(field: "periodic spectrum at t = \(Double(k) * horizon / Double(outputIntervals))",
                                                           point: [Double(bad / 2)], value: v[bad])
            }
            snapshots.append(normalised(v, n: n))
        }
        let times = (0...outputIntervals).map { Double($0) * horizon / Double(outputIntervals) }
        return TimeDependentReference(representation: .fourier(lower: lower, period: period), times: times, snapshots: snapshots)
    }

    /// ĉ_0 = Y_0/N, ĉ_k = 2Y_k/N (0 < k < N/2), Nyquist dropped: u = Re Σ ĉ_k e^{i2πk(x−x₀)/L}.
    private func normalised(_ v: [Double], n: Int) -> [Double] {
        var c = Array(v[0..<n])
        for i in c.indices { c[i] *= (i < 2 ? 1 : 2) / Double(n) }
        return c
    }
}
