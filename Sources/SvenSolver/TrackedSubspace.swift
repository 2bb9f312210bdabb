import LinearAlgebra
import SeededRandom

/// The `tracked` route of `SpectralFactor`: the SVD of J restricted to a subspace that
/// follows J from step to step, checked each step and replaced by the full SVD when the
/// check fails.
///
/// Sven keeps only σ_i > rtol·σ₁, and on PINN Jacobians the spectrum falls fast past that
/// rank k: on poisson2d 2-32-32-1 (1 020 × 1 185, k ≈ 230–280 at rtol 1e-10) σ at 1.25k is
/// ~2e-12·σ₁ and at 1.5k ~1e-13·σ₁ along a whole run (`step-cost 1 spectrum`,
/// bench/results/step-cost.md). A factorisation of width ℓ ≈ 1.5k therefore gives every
/// kept pair to the accuracy of the full one at a fraction of its cost. Measured
/// (bench/results/step-cost.md §5): P1 at 129 against 389 ms a step, rel L2 1e-6 at 3.3
/// against 9.4 s (`svenpde bench --suite targets --methods sven --threads 1`, before and
/// after side by side; at 2 threads idle 2.2 against 4.7–7.9 s); a 2 000 × 2 000 J with
/// k = 250 at 0.28 against 3.3 s for dgesdd (`bench/step-cost-sizes.sh`).
///
/// Each step (a subspace iteration with Rayleigh–Ritz, started from the last step's
/// right singular vectors, plus a Gaussian block — Halko, Martinsson & Tropp, SIAM Review
/// 53(2), 2011, Alg. 4.4/5.1 and §4.3):
///
///     Ω = [V_prev | G]  (P × ℓ),  Y = J Ω,  Q = orth(Y),  Z = Jᵀ Q = Ṽ Σ W̃ᵀ,
///     J ≈ Q Qᵀ J = (Q W̃) Σ Ṽᵀ,  so  σ = Σ,  g = Uᵀ r = W̃ᵀ Qᵀ r,  V c = Ṽ c.
///
/// The sketch is accepted when it resolves the spectrum below the cutoff — its own
/// smallest σ_ℓ ≤ `resolution`·rtol·σ₁ — and when the part of J it misses is negligible
/// there: ‖(I − QQᵀ) J ω‖ ≤ `resolution`·rtol·σ₁ for two fresh Gaussian ω (E‖Eω‖² =
/// ‖E‖_F², Halko et al. §4.3). Otherwise ℓ grows by half (the Ritz vectors found so far
/// start the next sketch); beyond `widthCap`·min(B, P) the exact route answers instead
/// (`dgesdd` of the taller of J, Jᵀ, or QR first when far from square), and when it holds
/// V explicitly its leading right singular vectors start the next step. Cost of a sketch:
/// two products with J (4BPℓ flops), a QR of B × ℓ and an SVD of P × ℓ, against
/// O(BP·min(B, P)) for the exact route.
final class TrackedSubspace {
    let p: Int, b: Int
    /// min(B, P): the full rank.
    let m: Int
    /// The cutoff the sketch must resolve (Sven's rtol).
    let rtol: Double
    /// How far below rtol·σ₁ the sketch must reach (one decade).
    static let resolution = 1e-1
    /// Widest sketch, as a share of min(B, P). By the flop models (`SpectralFactor.flops`:
    /// a sketch 4BPℓ + 4(B + P)ℓ² + 10ℓ³ against 2TN² + 10N³) a sketch is cheaper up to
    /// ℓ ≈ 0.7N on a square J; half of N leaves room for a rejected attempt.
    static let widthCap = 0.5

    /// σ₁ ≥ … (m entries, zero past the width of the last factorisation).
    private(set) var sigma: [Double]
    /// g = Uᵀ r (m entries, zero past the width).
    private(set) var g: [Double]
    /// The last step's leading right singular vectors (P × c, c = 0 before the first step).
    /// Carried between steps and saved in checkpoints.
    var basis: Matrix
    /// The kept rank (σ_i > rtol·σ₁) of the last step; sizes the next sketch. Checkpointed.
    var rankHint = 0
    /// Width of the last factorisation (m when the full SVD answered) and how many
    /// sketches it took; for diagnostics and the bench.
    private(set) var width = 0, attempts = 0
    private(set) var usedFullSVD = false
    /// Flops of the last `factor`: its sketches and, when it answered, the exact route
    /// (`SpectralFactor.flops`).
    private(set) var lastFlops = 0.0

    private var ritz = Matrix(rows: 0, cols: 0)         // Ṽ (P × ℓ), or the full SVD's U of Jᵀ
    /// The exact route that answers when no sketch is accepted (an SVD route, or QR first
    /// when max(B, P) ≥ `Sven.qrAspectRatio`·min(B, P)).
    let exactRoute: SpectralFactor.Route
    private var exact: SpectralFactor?
    private var qr: ThinQR?, small: ThinSVD?
    private var bufB: [Double], bufP: [Double], bufL: [Double] = []

    init(p: Int, b: Int, rtol: Double, exactRoute: SpectralFactor.Route) {
        self.p = p; self.b = b; m = min(p, b); self.rtol = rtol; self.exactRoute = exactRoute
        sigma = Array(repeating: 0, count: m); g = sigma
        basis = Matrix(rows: p, cols: 0)
        bufB = Array(repeating: 0, count: b); bufP = Array(repeating: 0, count: p)
    }

    /// Widest sketch tried before the full SVD answers.
    var maxWidth: Int { Int(Self.widthCap * Double(m)) }

    /// Columns of `basis` to carry and the sketch width for a kept rank k.
    static func width(forRank k: Int) -> (carried: Int, width: Int) {
        let extra = max(16, k / 2)
        return (k + extra / 2, k + extra)
    }

    func factor(jt: Matrix, residuals r: [Double], system: any ResidualSystem, parameters: [Double],
                generator: inout SeededGenerator) throws(LinearAlgebraError) {
        attempts = 0
        lastFlops = 0
        // Start: the carried basis plus a Gaussian block, as wide as the last rank asks
        // (twice that without a basis); with no rank yet, half the cap.
        var start = basis
        var l = rankHint == 0 ? maxWidth / 2
            : max(Self.width(forRank: rankHint).width + (basis.cols == 0 ? rankHint / 2 : 0), basis.cols + 8)
        while l <= maxWidth && l >= 8 {
            attempts += 1
            if try sketch(jt: jt, residuals: r, start: start, width: l, generator: &generator) { return }
            start = ritz
            l = l == maxWidth ? maxWidth + 1 : min(maxWidth, l + l / 2)
        }
        try exactFactor(jt: jt, residuals: r, system: system, parameters: parameters)
    }

    /// One sketch of width `l`; true when accepted (then σ, g, Ṽ and the basis are set).
    private func sketch(jt: Matrix, residuals r: [Double], start: Matrix, width l: Int,
                        generator: inout SeededGenerator) throws(LinearAlgebraError) -> Bool {
        lastFlops += SpectralFactor.sketchFlops(b: b, p: p, width: l)
        var omega = Matrix(rows: p, cols: l)
        let c = min(start.cols, l)
        for i in 0..<(p * c) { omega.storage[i] = start.storage[i] }
        for i in (p * c)..<(p * l) { omega.storage[i] = generator.nextNormal() }
        var y = Matrix(rows: b, cols: l)
        Matrix.gemm(.transpose, jt, .none, omega, into: &y)          // Y = J Ω
        if qr?.cols != l { qr = ThinQR(rows: b, cols: l) }
        try qr!.orthonormalize(y)
        let q = qr!.q
        var z = Matrix(rows: p, cols: l)
        Matrix.gemm(.none, jt, .none, q, into: &z)                   // Z = Jᵀ Q
        if small?.cols != l { small = ThinSVD(rows: p, cols: l) }
        try small!.factor(z)                                         // Z = Ṽ Σ W̃ᵀ
        ritz = small!.u
        if bufL.count != l { bufL = Array(repeating: 0, count: l) }
        let s = small!.singularValues
        let floor = Self.resolution * rtol * s[0]
        guard s[l - 1] <= floor, missedPart(jt: jt, q: q, generator: &generator) <= floor else { return false }
        width = l
        for i in 0..<m { sigma[i] = i < l ? s[i] : 0 }
        var qtr = [Double](repeating: 0, count: l), gl = qtr
        Matrix.gemv(.transpose, q, r, into: &qtr)                    // Qᵀ r
        Matrix.gemv(.none, small!.vt, qtr, into: &gl)                // W̃ᵀ Qᵀ r
        for i in 0..<m { g[i] = i < l ? gl[i] : 0 }
        carry(rank: s.prefix(while: { $0 > rtol * s[0] }).count)
        return true
    }

    /// max over two Gaussian ω (unit-variance entries) of ‖(I − QQᵀ) J ω‖: each square is an
    /// unbiased estimate of ‖(I − QQᵀ)J‖_F², the part of J the sketch misses.
    private func missedPart(jt: Matrix, q: Matrix, generator: inout SeededGenerator) -> Double {
        var worst = 0.0
        var coef = [Double](repeating: 0, count: q.cols), back = bufB
        for _ in 0..<2 {
            for i in 0..<p { bufP[i] = generator.nextNormal() }
            Matrix.gemv(.transpose, jt, bufP, into: &bufB)           // J ω
            Matrix.gemv(.transpose, q, bufB, into: &coef)
            Matrix.gemv(.none, q, coef, into: &back)                 // Q Qᵀ J ω
            var e = 0.0
            for i in 0..<b { let d = bufB[i] - back[i]; e += d * d }
            worst = max(worst, e.squareRoot())
        }
        return worst
    }

    /// The exact route answers: σ, g from it, V c through it; its leading right singular
    /// vectors start the next sketch when the route has them explicitly (the SVD routes;
    /// the QR routes keep V as reflectors, and the next sketch then starts Gaussian).
    private func exactFactor(jt: Matrix, residuals r: [Double], system: any ResidualSystem,
                             parameters: [Double]) throws(LinearAlgebraError) {
        if exact == nil { exact = SpectralFactor(route: exactRoute, p: p, b: b, rtol: rtol, seed: 0) }
        try exact!.factor(jt: jt, residuals: r, system: system, parameters: parameters)
        usedFullSVD = true
        lastFlops += SpectralFactor.flops(exactRoute, b: b, p: p)
        width = m
        let s = exact!.sigma
        for i in 0..<m { sigma[i] = s[i]; g[i] = exact!.g[i] }
        let k = s.prefix(while: { $0 > rtol * s[0] }).count
        rankHint = k
        let c = min(Self.width(forRank: max(k, 1)).carried, maxWidth)
        basis = exact!.leadingRightVectors(c) ?? Matrix(rows: p, cols: 0)
    }

    /// Keep the leading Ritz vectors for the next step.
    private func carry(rank k: Int) {
        usedFullSVD = false
        rankHint = k
        let c = min(Self.width(forRank: max(k, 1)).carried, ritz.cols, maxWidth)
        basis = Matrix(rows: p, cols: c, columnMajor: Array(ritz.storage[0..<(p * c)]))
    }

    /// δ = V c (c has m entries; those past the width are zero).
    func applyV(_ c: [Double], jt: Matrix, into delta: inout [Double]) {
        if usedFullSVD { return exact!.applyV(c, jt: jt, into: &delta) }
        let l = ritz.cols
        if l == c.count { return Matrix.gemv(.none, ritz, c, into: &delta) }
        for i in 0..<l { bufL[i] = c[i] }
        Matrix.gemv(.none, ritz, bufL, into: &delta)
    }
}
