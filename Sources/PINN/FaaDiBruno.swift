import Residuals

/// The activation a = σ(z) on a jet with derivatives up to order 4, as the
/// polynomial that Faà di Bruno's formula gives, and its tangent and adjoint.
///
/// **Formula.** For a multi-index α of order m, written as the list of the m
/// dimensions it differentiates in (∂_x²∂_y = (x, x, y)), the multivariate chain
/// rule for a scalar σ of a scalar z(x) is a sum over the set partitions π of the
/// m positions:
///
///     ∂^α σ(z) = Σ_π σ^(|π|)(z) Π_{B ∈ π} ∂^{α_B} z,
///
/// with |π| the number of blocks and α_B the dimensions at the positions of block
/// B (Hardy 2006, "Combinatorics of partial derivatives", Electron. J. Combin. 13,
/// #R1, eq. (3); Constantine & Savits 1996, Trans. AMS 348, Theorem 2.1, in the
/// form that counts partitions). There are 1, 2, 5, 15 partitions for m = 1 … 4;
/// partitions whose blocks name the same channels are merged into one term with
/// an integer coefficient, e.g. for α = (x, x, x, x) (Bell's 15 partitions):
///
///     a_xxxx = σ′ z_xxxx + 4σ″ z_xxx z_x + 3σ″ z_xx² + 6σ‴ z_xx z_x² + σ⁗ z_x⁴,
///
/// and for α = (x, y) it is the familiar a_xy = σ′ z_xy + σ″ z_x z_y. The Laplacian
/// channel is Δa = σ′ Δz + Σ_d σ″ z_d², in the same form. Every term reads channels
/// of lower or equal order, so the layout must be closed under sub-multi-indices
/// (`JetLayout`).
///
/// **Tangent and adjoint.** Each channel is a sum of terms c·σ^(k)(z₀)·Π_p z_{f_p}
/// (z₀ the value channel, f_p the factor channels). Its derivative along ż is
/// c·(σ^(k+1) ż₀ Π_p z_{f_p} + σ^(k) Σ_p ż_{f_p} Π_{q≠p} z_{f_q}); the adjoint
/// is the transpose, term by term: z̄₀ += ā·c·σ^(k+1) Π_p z_{f_p} and
/// z̄_{f_p} += ā·c·σ^(k) Π_{q≠p} z_{f_q}. So a fourth-order jet needs σ⁗ in the
/// forward pass and σ⁽⁵⁾ in the others (`Activation.higherDerivatives`).
///
/// The kernels work on one block of `count` values of every channel (channel c
/// at `c·stride`); they run in the portable path (`JetEvaluator.kernels`).
struct FaaDiBruno: Sendable {
    /// c·σ^(order)(z₀)·Π factors, added to `channel`.
    struct Term: Sendable, Equatable {
        let channel: Int
        let coefficient: Double
        let order: Int
        /// Channel indices, sorted; `order` of them (at most 4).
        let factors: [Int]
    }

    /// Every term of every derivative channel, in channel order.
    let terms: [Term]
    /// Channel count of the layout.
    let channelCount: Int
    /// The highest σ derivative the forward pass needs (the layout's highest order).
    let order: Int

    init(layout: JetLayout) {
        var terms: [Term] = []
        for (c, channel) in layout.channels.enumerated() where channel != .value {
            guard let alpha = channel.dimensions else {   // the Laplacian
                terms.append(Term(channel: c, coefficient: 1, order: 1, factors: [c]))
                for d in 0..<layout.dimension {
                    let f = layout.index(of: .first(d))!
                    terms.append(Term(channel: c, coefficient: 1, order: 2, factors: [f, f]))
                }
                continue
            }
            var merged: [(factors: [Int], count: Int)] = []
            for partition in Self.partitions(alpha.count) {
                let factors = partition.map { block in
                    guard let f = layout.index(of: .derivative(block.map { alpha[$0] })) else {
                        preconditionFailure("FaaDiBruno: \(channel) needs \(JetChannel.derivative(block.map { alpha[$0] })), not in the layout")
                    }
                    return f
                }.sorted()
                if let k = merged.firstIndex(where: { $0.factors == factors }) { merged[k].count += 1 } else { merged.append((factors, 1)) }
            }
            terms += merged.map { Term(channel: c, coefficient: Double($0.count), order: $0.factors.count, factors: $0.factors) }
        }
        self.terms = terms
        channelCount = layout.count
        order = layout.maximumOrder
    }

    /// The set partitions of {0, …, m−1}, each a list of blocks of positions
    /// (Bell(m) of them: 1, 1, 2, 5, 15 for m = 0 … 4): element i joins each
    /// existing block of a partition of {0, …, i−1} in turn, or opens a new one.
    static func partitions(_ m: Int) -> [[[Int]]] {
        var result: [[[Int]]] = [[]]
        for i in 0..<m {
            result = result.flatMap { p in
                p.indices.map { b -> [[Int]] in var q = p; q[b].append(i); return q } + [p + [[i]]]
            }
        }
        return result
    }

    // MARK: - Block kernels

    /// σ^(0) … σ^(n) of `count` values z into `sigma` (σ^(k) at `k·count`), n ≤ 5.
    static func derivatives(_ activation: Activation, of z: UnsafePointer<Double>, count: Int, through n: Int,
                            into sigma: UnsafeMutablePointer<Double>) {
        precondition(n <= 5, "FaaDiBruno: σ derivatives through order \(n) > 5")
        for k in 0..<count {
            let (v0, v1, v2, v3) = activation.derivatives(z[k])
            sigma[k] = v0; sigma[count + k] = v1; sigma[2 * count + k] = v2; sigma[3 * count + k] = v3
            if n >= 4 {
                let (v4, v5) = activation.higherDerivatives(z[k])
                sigma[4 * count + k] = v4
                if n >= 5 { sigma[5 * count + k] = v5 }
            }
        }
    }

    /// Scratch doubles the kernels need for a block of `count` values: σ^(0) … σ^(order+1) and a row of ones.
    func scratchCount(_ count: Int) -> Int { (order + 3) * count }

    /// `body(k0, count, scratch)` over the values of `points` (width n: values
    /// points.lowerBound·n ..< points.upperBound·n) in blocks of at most `step`,
    /// with a stack scratch of `scratchCount(step)` doubles.
    func blocks(of points: Range<Int>, width n: Int, step: Int,
                _ body: (Int, Int, UnsafeMutablePointer<Double>) -> Void) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: scratchCount(step)) { scratch in
            var k0 = points.lowerBound * n
            let end = points.upperBound * n
            while k0 < end {
                let count = min(step, end - k0)
                body(k0, count, scratch.baseAddress!)
                k0 += count
            }
        }
    }

    /// The four factor rows of a term (missing factors point at `ones`, so that every
    /// product has four factors and multiplying by them is exact).
    @inline(__always)
    private func rows(_ t: Term, _ base: UnsafePointer<Double>, stride: Int, ones: UnsafePointer<Double>)
        -> (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>) {
        let f = t.factors
        func row(_ p: Int) -> UnsafePointer<Double> { p < f.count ? base + f[p] * stride : ones }
        return (row(0), row(1), row(2), row(3))
    }

    /// σ^(0) … σ^(order + extra) of the block and a row of ones, in `scratch`.
    private func prepare(_ activation: Activation, z: UnsafePointer<Double>, count: Int, extra: Int,
                         scratch: UnsafeMutablePointer<Double>) -> (sigma: UnsafePointer<Double>, ones: UnsafePointer<Double>) {
        let n = order + extra
        Self.derivatives(activation, of: z, count: count, through: max(n, 3), into: scratch)
        let ones = scratch + (order + 2) * count
        for k in 0..<count { ones[k] = 1 }
        return (UnsafePointer(scratch), UnsafePointer(ones))
    }

    /// a = σ(z) on the block: every channel of `a` from the channels of `z`
    /// (z's value channel holds the pre-activation with its bias). Writes σ′ of
    /// the block to `d1`. `scratch`: `scratchCount(count)` doubles.
    func forward(_ activation: Activation, z: UnsafePointer<Double>, a: UnsafeMutablePointer<Double>, stride: Int,
                 count: Int, d1: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) {
        let (sigma, ones) = prepare(activation, z: z, count: count, extra: 0, scratch: scratch)
        for k in 0..<count { a[k] = sigma[k]; d1[k] = sigma[count + k] }
        for c in 1..<channelCount { (a + c * stride).update(repeating: 0, count: count) }
        for t in terms {
            let (z0, z1, z2, z3) = rows(t, z, stride: stride, ones: ones)
            let s = sigma + t.order * count, out = a + t.channel * stride, w = t.coefficient
            for k in 0..<count { out[k] += w * s[k] * ((z0[k] * z1[k]) * (z2[k] * z3[k])) }
        }
    }

    /// ȧ from ż on the block (the tangent of `forward` at z).
    func tangent(_ activation: Activation, z: UnsafePointer<Double>, zdot: UnsafePointer<Double>,
                 adot: UnsafeMutablePointer<Double>, stride: Int, count: Int, scratch: UnsafeMutablePointer<Double>) {
        let (sigma, ones) = prepare(activation, z: z, count: count, extra: 1, scratch: scratch)
        for k in 0..<count { adot[k] = sigma[count + k] * zdot[k] }
        for c in 1..<channelCount { (adot + c * stride).update(repeating: 0, count: count) }
        for t in terms {
            let (z0, z1, z2, z3) = rows(t, z, stride: stride, ones: ones)
            let (y0, y1, y2, y3) = rows(t, zdot, stride: stride, ones: ones)
            let m = t.factors.count
            let s = sigma + t.order * count, s1 = s + count, out = adot + t.channel * stride, w = t.coefficient
            for k in 0..<count {
                let p01 = z0[k] * z1[k], p23 = z2[k] * z3[k]
                // Σ_p ż_{f_p} Π_{q≠p} z_{f_q}, over the real factors only (a padded one has ż = 0).
                var inner = y0[k] * z1[k] * p23
                if m > 1 { inner += z0[k] * y1[k] * p23 }
                if m > 2 { inner += p01 * y2[k] * z3[k] }
                if m > 3 { inner += p01 * z2[k] * y3[k] }
                out[k] += w * (s1[k] * zdot[k] * (p01 * p23) + s[k] * inner)
            }
        }
    }

    /// z̄ from ā on the block (the transpose of `tangent`): every channel of `zbar` is written.
    func adjoint(_ activation: Activation, z: UnsafePointer<Double>, abar: UnsafePointer<Double>,
                 zbar: UnsafeMutablePointer<Double>, stride: Int, count: Int, scratch: UnsafeMutablePointer<Double>) {
        let (sigma, ones) = prepare(activation, z: z, count: count, extra: 1, scratch: scratch)
        for k in 0..<count { zbar[k] = abar[k] * sigma[count + k] }
        for c in 1..<channelCount { (zbar + c * stride).update(repeating: 0, count: count) }
        for t in terms {
            let (z0, z1, z2, z3) = rows(t, z, stride: stride, ones: ones)
            let f = t.factors, m = f.count
            let s = sigma + t.order * count, s1 = s + count, g = abar + t.channel * stride, w = t.coefficient
            for k in 0..<count { zbar[k] += g[k] * w * s1[k] * ((z0[k] * z1[k]) * (z2[k] * z3[k])) }
            // Factor by factor: with repeats (z_x²) each occurrence adds its share.
            let b0 = zbar + f[0] * stride
            for k in 0..<count { b0[k] += g[k] * w * s[k] * (z1[k] * (z2[k] * z3[k])) }
            if m > 1 {
                let b1 = zbar + f[1] * stride
                for k in 0..<count { b1[k] += g[k] * w * s[k] * (z0[k] * (z2[k] * z3[k])) }
            }
            if m > 2 {
                let b2 = zbar + f[2] * stride
                for k in 0..<count { b2[k] += g[k] * w * s[k] * ((z0[k] * z1[k]) * z3[k]) }
            }
            if m > 3 {
                let b3 = zbar + f[3] * stride
                for k in 0..<count { b3[k] += g[k] * w * s[k] * ((z0[k] * z1[k]) * z2[k]) }
            }
        }
    }
}
