import LinearAlgebra
import Residuals

// MARK: - Forward tangents: J·v without forming J

extension JetEvaluator {
    /// The directional derivative of the output jet along θ̇ = `direction`:
    /// Ż_l = Ẇ_l A_{l−1} + W_l Ȧ_{l−1} + ḃ_l (value channel), and through σ
    ///
    ///     ȧ    = σ′ ż
    ///     ȧ_d  = σ″ ż z_d + σ′ ż_d
    ///     ȧ_pq = σ″ ż z_pq + σ′ ż_pq + σ‴ ż z_p z_q + σ″ (ż_p z_q + z_p ż_q)
    ///     Δȧ   = σ″ ż Δz + σ′ Δż + σ‴ ż Σ_d z_d² + 2σ″ Σ_d z_d ż_d.
    ///
    /// Returns the output tangent in the layout of `output`. Must follow
    /// `forward(θ)` with the same θ; the tangent buffers are made on first use.
    public func tangent(_ theta: [Double], direction: [Double]) -> [Double] {
        precondition(direction.count == network.parameterCount,
                     "JetEvaluator.tangent: direction has \(direction.count) entries, need \(network.parameterCount)")
        let L = network.layerCount, cb = layout.count * pointCount
        precondition(retainsIntermediates, "JetEvaluator.tangent: needs forward(θ, retain: true) first")
        if zdot.count != z.count {
            zdot = (0..<z.count).map { [Double](repeating: 0, count: z[$0].count) }
            adot = (0..<a.count).map { [Double](repeating: 0, count: a[$0].count) }
        }
        theta.withUnsafeBufferPointer { th in
            direction.withUnsafeBufferPointer { dir in
                for l in 1...L {
                    let (nIn, nOut) = (network.widths[l - 1], network.widths[l])
                    let off = network.weightOffset(l)
                    a[l - 1].withUnsafeBufferPointer { ain in
                        zdot[l].withUnsafeMutableBufferPointer { zd in
                            // Ẇ_l A_{l−1}
                            BLAS.gemm(.none, .none, m: nOut, n: cb, k: nIn, alpha: 1, a: dir.baseAddress! + off, lda: nOut,
                                      b: ain.baseAddress!, ldb: nIn, beta: 0, c: zd.baseAddress!, ldc: nOut)
                            if l > 1 {   // + W_l Ȧ_{l−1} (the input jet does not depend on θ)
                                adot[l - 1].withUnsafeBufferPointer { ad in
                                    BLAS.gemm(.none, .none, m: nOut, n: cb, k: nIn, alpha: 1, a: th.baseAddress! + off, lda: nOut,
                                              b: ad.baseAddress!, ldb: nIn, beta: 1, c: zd.baseAddress!, ldc: nOut)
                                }
                            }
                            let bias = dir.baseAddress! + off + nOut * nIn
                            for i in 0..<pointCount { for j in 0..<nOut { zd[i * nOut + j] += bias[j] } }
                        }
                    }
                    if l < L { activateTangent(layer: l) }
                }
            }
        }
        return zdot[L]
    }

    /// The tangent through σ, in blocks of `JetSweep.blockValues` values split over
    /// the cores, so that every channel of a block stays in L1. Layouts with
    /// derivatives of order 3 or 4 take the tangent of `FaaDiBruno`'s terms.
    private func activateTangent(layer l: Int) {
        let n = network.widths[l], nB = n * pointCount
        let dim = layout.dimension, lay = layout
        let step = max(1, JetSweep.blockValues / n) * n
        let stored = network.activation != .tanh
        let plan = faaDiBruno, activation = network.activation
        a[l].withUnsafeBufferPointer { tpp in
        z[l].withUnsafeBufferPointer { zpp in
        zdot[l].withUnsafeBufferPointer { zdp in
        adot[l].withUnsafeMutableBufferPointer { adp in
        s1[l].withUnsafeBufferPointer { d1p in
        s2[l].withUnsafeBufferPointer { d2p in
        s3[l].withUnsafeBufferPointer { d3p in
            ParallelRanges.forEach(pointCount, work: lay.count * nB) { points in
            if let plan {   // derivatives of order 3 or 4: the tangent of Faà di Bruno's polynomial
                plan.blocks(of: points, width: n, step: step) { k0, count, scratch in
                    plan.tangent(activation, z: zpp.baseAddress! + k0, zdot: zdp.baseAddress! + k0,
                                 adot: adp.baseAddress! + k0, stride: nB, count: count, scratch: scratch)
                }
                return
            }
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * step) { scratch in
            var k0 = points.lowerBound * n
            let end = points.upperBound * n
            while k0 < end {
                let count = min(step, end - k0)
                let zp = zpp.baseAddress! + k0, zd = zdp.baseAddress! + k0, ad = adp.baseAddress! + k0
                let d1 = d1p.baseAddress! + k0
                let (d2, d3) = JetSweep.higherDerivatives(stored: stored ? d2p.baseAddress! + k0 : nil,
                                                          stored ? d3p.baseAddress! + k0 : nil,
                                                          t: tpp.baseAddress! + k0, d1: d1, count: count,
                                                          scratch: scratch.baseAddress!)
                k0 += count
                for k in 0..<count { ad[k] = d1[k] * zd[k] }
                guard lay.hasFirst else { continue }
                for d in 0..<dim {
                    let o = (lay.firstOffset + d) * nB
                    for k in 0..<count { ad[o + k] = d2[k] * zd[k] * zp[o + k] + d1[k] * zd[o + k] }
                }
                for (s, (p, q)) in lay.seconds.enumerated() {
                    let o = (lay.secondOffset + s) * nB
                    let op = (lay.firstOffset + p) * nB, oq = (lay.firstOffset + q) * nB
                    for k in 0..<count {
                        ad[o + k] = d2[k] * zd[k] * zp[o + k] + d1[k] * zd[o + k]
                            + d3[k] * zd[k] * zp[op + k] * zp[oq + k]
                            + d2[k] * (zd[op + k] * zp[oq + k] + zp[op + k] * zd[oq + k])
                    }
                }
                if lay.hasLaplacian {
                    let o = lay.laplacianIndex * nB
                    for k in 0..<count { ad[o + k] = d2[k] * zd[k] * zp[o + k] + d1[k] * zd[o + k] }
                    for d in 0..<dim {
                        let od = (lay.firstOffset + d) * nB
                        for k in 0..<count {
                            ad[o + k] += d3[k] * zd[k] * zp[od + k] * zp[od + k] + 2 * d2[k] * zp[od + k] * zd[od + k]
                        }
                    }
                }
            }
            }
            }
        } } } } } } }
    }
}
