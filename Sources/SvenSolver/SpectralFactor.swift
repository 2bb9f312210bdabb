import LinearAlgebra
import SeededRandom

/// The spectral data of J = U Σ Vᵀ that every Sven step control needs: the
/// singular values σ₁ ≥ σ₂ ≥ …, the coefficients g = Uᵀ r, and the map c ↦ V c.
/// Five routes give it (ARCHITECTURE.md, "How the Sven step is computed"):
///
/// - **SVD**: LAPACK `dgesdd` of the taller of J and Jᵀ (Jᵀ = V Σ Uᵀ is the same SVD).
/// - **QR, then SVD of R** (`QRThinSVD`): the taller of J and Jᵀ = Q R with Q kept as
///   Householder reflectors, R = W Σ Zᵀ. Tall J: U = Q W, V = Z, g = Wᵀ(Qᵀ r).
///   Wide J (Jᵀ = Q R): U = Z, V = Q W, g = Zᵀ r and V c = Q (W c) — one pass over the
///   reflectors per step direction. As accurate as the SVD route (both backward
///   stable) and ≈ 4·max(B,P)·min(B,P)² flops cheaper, since Q and Q W are never formed.
/// - **Gram, B ≤ P**: G = J Jᵀ = U Λ Uᵀ (`dsyrk`, then MRRR `dsyevr` for the
///   m = min(k, B) leading pairs only, so the route needs one J, B² and B·m), σ = √λ,
///   and V c = Jᵀ U Σ⁻¹ c — J is never factored; cost B²P + O(B³).
/// - **Gram, P < B**: H = Jᵀ J = V Λ Vᵀ, σ = √λ, g = Uᵀ r = Σ⁻¹ Vᵀ (Jᵀ r).
///   Both Gram routes square the condition number: singular values below about
///   1e-8·σ₁ are lost to round-off, so they suit rtol ≥ 1e-7.
/// - **Randomized** (Halko, Martinsson & Tropp, SIAM Review 53(2), 2011, Alg. 4.4
///   and 5.1): Y = J Ω with a Gaussian Ω (P × ℓ, ℓ = k + oversampling), q power
///   iterations Y ← J (Jᵀ Y) with re-orthonormalisation, Q = orth(Y), then the thin
///   SVD Jᵀ Q = Ũ Σ W̃ᵀ gives J ≈ (Q W̃) Σ Ũᵀ. Matrix-free when the system offers
///   J·v and Jᵀ·w: then J is never formed.
/// - **Tracked** (`TrackedSubspace`): the SVD of J on a subspace carried from step to
///   step, of width ≈ 1.5× the kept rank, checked each step against the cutoff and
///   replaced by an exact route (SVD, or QR first when far from square) when the check
///   fails — the exact route's pairs at a fraction of its cost when the kept rank is well
///   below min(B, P).
final class SpectralFactor {
    enum Route: Equatable { case svdOfJ, svdOfJt, qrOfJ, qrOfJt, gramLeft, gramRight, randomized(Int, Int, Bool), tracked }

    let route: Route
    let p: Int, b: Int
    /// σ₁ ≥ … (only the first `count` are meaningful).
    private(set) var sigma: [Double]
    /// g = Uᵀ r.
    private(set) var g: [Double]
    var count: Int { sigma.count }

    private var svd: ThinSVD?
    private var qrSVD: QRThinSVD?
    private var j: Matrix?
    private var eig: SymmetricEigen?
    private var gram: Matrix?
    private var qr: ThinQR?, qrP: ThinQR?
    /// The tracked route's state (its basis is saved in checkpoints).
    private(set) var tracked: TrackedSubspace?
    private var omega = Matrix(rows: 0, cols: 0), y = Matrix(rows: 0, cols: 0), z = Matrix(rows: 0, cols: 0)
    private var bufB: [Double], bufP: [Double], bufK: [Double]
    /// Flops of the last `factor` by the model of `Self.flops` (SvenLM weighs a Sven step
    /// against an LM step with it: a model, not a clock, so runs stay reproducible).
    private(set) var lastFlops = 0.0
    /// Draws the randomized route's Ω; carried between steps (saved in checkpoints).
    var generator: SeededGenerator

    /// `maxRank` bounds the pairs the Gram routes compute; `rtol` is the cutoff the
    /// tracked route must resolve.
    init(route: Route, p: Int, b: Int, maxRank: Int = .max, rtol: Double = 1e-10, seed: UInt64) {
        self.route = route
        self.p = p; self.b = b
        generator = SeededGenerator(seed: seed)
        bufB = Array(repeating: 0, count: b); bufP = Array(repeating: 0, count: p)
        let m: Int
        switch route {
        case .svdOfJ:
            m = min(b, p); svd = ThinSVD(rows: b, cols: p); j = Matrix(rows: b, cols: p)
        case .svdOfJt:
            m = min(b, p); svd = ThinSVD(rows: p, cols: b)
        case .qrOfJ:
            m = p; qrSVD = QRThinSVD(rows: b, cols: p)
        case .qrOfJt:
            m = b; qrSVD = QRThinSVD(rows: p, cols: b)
        case .gramLeft:
            m = min(maxRank, b); eig = SymmetricEigen(size: b, method: .top(m)); gram = Matrix(rows: b, cols: b)
        case .gramRight:
            m = min(maxRank, p); eig = SymmetricEigen(size: p, method: .top(m)); gram = Matrix(rows: p, cols: p)
        case .randomized(let l, _, _):
            m = l
            omega = Matrix(rows: p, cols: l); y = Matrix(rows: b, cols: l); z = Matrix(rows: p, cols: l)
            qr = ThinQR(rows: b, cols: l); qrP = ThinQR(rows: p, cols: l); svd = ThinSVD(rows: p, cols: l)
        case .tracked:
            let exact: Route = Double(max(b, p)) >= Sven.qrAspectRatio * Double(min(b, p))
                ? (b >= p ? .qrOfJ : .qrOfJt) : (b >= p ? .svdOfJ : .svdOfJt)
            m = min(b, p); tracked = TrackedSubspace(p: p, b: b, rtol: rtol, exactRoute: exact)
        }
        sigma = Array(repeating: 0, count: m)
        g = Array(repeating: 0, count: m)
        bufK = Array(repeating: 0, count: m)
    }

    /// Factor J (given as Jᵀ, P × B; ignored by the matrix-free randomized route)
    /// and project r. `system`/`parameters` serve the matrix-free route.
    func factor(jt: Matrix, residuals r: [Double], system: any ResidualSystem, parameters: [Double]) throws(LinearAlgebraError) {
        defer { lastFlops = route == .tracked ? tracked!.lastFlops : Self.flops(route, b: b, p: p) }
        switch route {
        case .svdOfJ:
            Matrix.transpose(jt, into: &j!)
            try svd!.factor(j!)
            copySigma(svd!.singularValues)
            Matrix.gemv(.transpose, svd!.u, r, into: &g)
        case .svdOfJt:
            try svd!.factor(jt)
            copySigma(svd!.singularValues)
            Matrix.gemv(.none, svd!.vt, r, into: &g)
        case .qrOfJ:
            try qrSVD!.factor(transposeOf: jt)                   // J = Q W Σ Zᵀ
            copySigma(qrSVD!.singularValues)
            qrSVD!.projectLeft(r, into: &g)                      // g = Wᵀ Qᵀ r
        case .qrOfJt:
            try qrSVD!.factor(jt)                                // Jᵀ = Q W Σ Zᵀ, so J = Z Σ (Q W)ᵀ
            copySigma(qrSVD!.singularValues)
            Matrix.gemv(.none, qrSVD!.zt, r, into: &g)           // g = Zᵀ r
        case .gramLeft:
            Matrix.syrk(.transpose, jt, into: &gram!)            // J Jᵀ = (Jᵀ)ᵀ Jᵀ
            try eig!.factorInPlace(&gram!)                       // the m leading pairs, ascending
            let m = count
            for i in 0..<m { sigma[i] = max(eig!.values[m - 1 - i], 0).squareRoot() }
            Matrix.gemv(.transpose, eig!.vectors, r, into: &bufK)
            for i in 0..<m { g[i] = bufK[m - 1 - i] }             // eigenvalues ascend; σ descend
        case .gramRight:
            Matrix.syrk(.none, jt, into: &gram!)                 // Jᵀ J
            try eig!.factorInPlace(&gram!)                       // the m leading pairs, ascending
            Matrix.gemv(.none, jt, r, into: &bufP)               // Jᵀ r
            Matrix.gemv(.transpose, eig!.vectors, bufP, into: &bufK)
            let m = count
            for i in 0..<m {
                let s = max(eig!.values[m - 1 - i], 0).squareRoot()
                sigma[i] = s
                g[i] = s > 0 ? bufK[m - 1 - i] / s : 0
            }
        case .randomized(_, let powerIterations, let matrixFree):
            for k in omega.storage.indices { omega.storage[k] = generator.nextNormal() }
            multiplyJ(omega, into: &y, jt: jt, matrixFree: matrixFree, system: system, parameters: parameters)
            for _ in 0..<powerIterations {
                try qr!.orthonormalize(y)
                multiplyJt(qr!.q, into: &z, jt: jt, matrixFree: matrixFree, system: system, parameters: parameters)
                try qrP!.orthonormalize(z)
                multiplyJ(qrP!.q, into: &y, jt: jt, matrixFree: matrixFree, system: system, parameters: parameters)
            }
            try qr!.orthonormalize(y)
            multiplyJt(qr!.q, into: &z, jt: jt, matrixFree: matrixFree, system: system, parameters: parameters)
            try svd!.factor(z)                                   // Jᵀ Q = Ũ Σ W̃ᵀ
            copySigma(svd!.singularValues)
            Matrix.gemv(.transpose, qr!.q, r, into: &bufK)       // Qᵀ r
            Matrix.gemv(.none, svd!.vt, bufK, into: &g)          // W̃ᵀ Qᵀ r
        case .tracked:
            try tracked!.factor(jt: jt, residuals: r, system: system, parameters: parameters, generator: &generator)
            copySigma(tracked!.sigma)
            for i in 0..<count { g[i] = tracked!.g[i] }
        }
    }

    /// δ = V c (c has `count` entries, zero beyond the kept rank).
    func applyV(_ c: [Double], jt: Matrix, into delta: inout [Double]) {
        switch route {
        case .svdOfJ:
            Matrix.gemv(.transpose, svd!.vt, c, into: &delta)
        case .svdOfJt, .randomized:
            Matrix.gemv(.none, svd!.u, c, into: &delta)
        case .qrOfJ:
            Matrix.gemv(.transpose, qrSVD!.zt, c, into: &delta)  // V c = Z c
        case .qrOfJt:
            qrSVD!.combineLeft(c, into: &delta)                  // V c = Q W c
        case .gramLeft:
            // V c = Jᵀ U Σ⁻¹ c.
            let m = count
            for i in 0..<m { bufK[m - 1 - i] = sigma[i] > 0 ? c[i] / sigma[i] : 0 }
            Matrix.gemv(.none, eig!.vectors, bufK, into: &bufB)
            Matrix.gemv(.none, jt, bufB, into: &delta)
        case .gramRight:
            let m = count
            for i in 0..<m { bufK[m - 1 - i] = c[i] }
            Matrix.gemv(.none, eig!.vectors, bufK, into: &delta)
        case .tracked:
            tracked!.applyV(c, jt: jt, into: &delta)
        }
    }

    /// Flop model of one factorisation (T = max(B, P), N = min(B, P)): an SVD, with or
    /// without QR first, 2TN² + 10N³; the Gram route TN² + 4N³; a randomized sketch of
    /// width ℓ with q power iterations (1 + q)(4BPℓ + 4(B + P)ℓ²) + 10ℓ³ (Golub & Van Loan,
    /// *Matrix Computations*, 4th ed., §8.6.3 for the SVD counts).
    static func flops(_ route: Route, b: Int, p: Int) -> Double {
        let (t, n) = (Double(max(b, p)), Double(min(b, p)))
        switch route {
        case .svdOfJ, .svdOfJt, .qrOfJ, .qrOfJt, .tracked: return 2 * t * n * n + 10 * n * n * n
        case .gramLeft, .gramRight: return t * n * n + 4 * n * n * n
        case .randomized(let l, let q, _): return Double(1 + q) * sketchFlops(b: b, p: p, width: l)
        }
    }

    /// One sketch of width ℓ: J Ω and Jᵀ Q (4BPℓ), the QR of B × ℓ and the SVD of P × ℓ
    /// (4(B + P)ℓ² + 10ℓ³).
    static func sketchFlops(b: Int, p: Int, width l: Int) -> Double {
        let (bb, pp, ll) = (Double(b), Double(p), Double(l))
        return 4 * bb * pp * ll + 4 * (bb + pp) * ll * ll + 10 * ll * ll * ll
    }

    /// The first `c` right singular vectors of J (P × c) when this route holds them
    /// explicitly (the SVD routes), else nil.
    func leadingRightVectors(_ c: Int) -> Matrix? {
        let c = min(c, count)
        switch route {
        case .svdOfJt:
            return Matrix(rows: p, cols: c, columnMajor: Array(svd!.u.storage[0..<(p * c)]))
        case .svdOfJ:
            var v = Matrix(rows: p, cols: c)
            let vt = svd!.vt
            for j in 0..<c { for i in 0..<p { v.storage[j * p + i] = vt[j, i] } }
            return v
        default:
            return nil
        }
    }

    private func copySigma(_ s: [Double]) {
        for i in 0..<sigma.count { sigma[i] = s[i] }
    }

    /// out = J·X (B × ℓ), column by column when matrix-free.
    private func multiplyJ(_ x: Matrix, into out: inout Matrix, jt: Matrix, matrixFree: Bool,
                           system: any ResidualSystem, parameters: [Double]) {
        guard matrixFree else { return Matrix.gemm(.transpose, jt, .none, x, into: &out) }
        for c in 0..<x.cols {
            for i in 0..<p { bufP[i] = x.storage[c * p + i] }
            system.applyJacobian(at: parameters, bufP, into: &bufB)
            for i in 0..<b { out.storage[c * b + i] = bufB[i] }
        }
    }

    /// out = Jᵀ·X (P × ℓ).
    private func multiplyJt(_ x: Matrix, into out: inout Matrix, jt: Matrix, matrixFree: Bool,
                            system: any ResidualSystem, parameters: [Double]) {
        guard matrixFree else { return Matrix.gemm(.none, jt, .none, x, into: &out) }
        for c in 0..<x.cols {
            for i in 0..<b { bufB[i] = x.storage[c * b + i] }
            system.applyJacobianTranspose(at: parameters, bufB, into: &bufP)
            for i in 0..<p { out.storage[c * p + i] = bufP[i] }
        }
    }
}
