import LinearAlgebra
import Residuals
internal import CJetKernels

// MARK: - Backward: rows of the residual Jacobian

extension JetEvaluator {
    /// Write ∂r_i/∂θ for every point i into column `columnOffset + i` of `jt`
    /// (P × B_total, the transposed Jacobian), given `seeds` = ∂r_i/∂(output jet)
    /// in the layout of `output`. Must follow `forward(θ)` with the same θ.
    public func backward(_ theta: [Double], seeds: [Double], into jt: inout Matrix, columnOffset: Int = 0) {
        let B = pointCount, P = network.parameterCount
        precondition(jt.rows == P && columnOffset >= 0 && columnOffset + B <= jt.cols,
                     "JetEvaluator.backward: Jᵀ is \(jt.rows) × \(jt.cols), need \(P) rows and columns \(columnOffset)..<\(columnOffset + B)")
        let streaming = P * B * MemoryLayout<Double>.size >= streamingBytes
        #if arch(x86_64)
        if depthFirstBackward && depthFirstRunEnd(from: 1) == network.layerCount {
            checkBackward(seeds: seeds)
            jt.storage.withUnsafeMutableBufferPointer { jtp in
                seeds.withUnsafeBufferPointer { sp in
                    theta.withUnsafeBufferPointer { th in
                        backwardDepthFirst(theta: th.baseAddress!, seeds: sp.baseAddress!,
                                           rows: jtp.baseAddress! + columnOffset * P, streaming: streaming)
                    }
                }
            }
            return
        }
        #endif
        jt.storage.withUnsafeMutableBufferPointer { jtp in
            propagateAdjoints(theta, seeds: seeds) { l in
                writeRows(layer: l, into: jtp.baseAddress! + columnOffset * P + network.weightOffset(l), stride: P,
                          streaming: streaming)
            }
        }
    }

    #if arch(x86_64)
    /// The rows of Jᵀ when the whole network is one depth-first run
    /// (`depthFirstRunEnd(from: 1) == L`): each core takes a block of points from
    /// the output layer down — the block's rows for (W_l, b_l) from Z̄_l and
    /// A_{l−1} (`cjk_jacobian_rows_strided`), then Ā_{l−1} = W_lᵀ Z̄_l
    /// (`cjk_small_gemm`, W_lᵀ packed) and Z̄_{l−1} through σ
    /// (`cjk_adjoint_strided`) — so the block's adjoints never leave the core's
    /// `blockScratch` (the layer-wise pass writes every Z̄_l and Ā_l to memory and
    /// reads them back), and the streaming stores of the rows overlap the
    /// products and sweeps of the other layers. Z̄_L of the block is read from
    /// `seeds` in place. Every entry is the same sum, in the same order, as in
    /// the layer-wise pass.
    private func backwardDepthFirst(theta th: UnsafePointer<Double>, seeds: UnsafePointer<Double>,
                                    rows: UnsafeMutablePointer<Double>, streaming: Bool) {
        let L = network.layerCount, B = pointCount, C = layout.count, w = network.widths, P = network.parameterCount
        let stored = network.activation != .tanh
        let widest = (1...L).reduce(0) { max($0, w[$1 - 1], w[$1]) }
        let step = Self.fusedBlockPoints(width: widest), bv = Self.fusedBlockValues
        packedWeights.withUnsafeMutableBufferPointer { pw in
            for l in stride(from: L, through: 2, by: -1) {
                cjk_pack_weights(w[l - 1], w[l], th + network.weightOffset(l), w[l], 1, pw.baseAddress! + packedOffsets[l])
            }
        }
        packedWeights.withUnsafeBufferPointer { pw in
        blockScratch.withUnsafeMutableBufferPointer { scratch in
            let packed = pw.baseAddress!, perCore = blockScratchPerCore, scratchBase = scratch.baseAddress!
            ParallelRanges.forEachPart(B, work: P * B) { part, points in
                let zbarBlock = scratchBase + part * perCore, abarBlock = zbarBlock + C * bv
                var i0 = points.lowerBound
                while i0 < points.upperBound {
                    let count = min(step, points.upperBound - i0)
                    var zb = seeds + i0 * w[L], zbStride = B * w[L]
                    for l in stride(from: L, through: 1, by: -1) {
                        let (nIn, nOut) = (w[l - 1], w[l])
                        cjk_jacobian_rows_strided(rows + i0 * P + network.weightOffset(l), P, zb, zbStride,
                                                  a[l - 1].base + i0 * nIn, B * nIn, nIn, nOut, C, count, streaming ? 1 : 0)
                        guard l > 1 else { break }
                        for c in 0..<C {
                            cjk_small_gemm(nIn, count, nOut, packed + packedOffsets[l], zb + c * zbStride,
                                           abarBlock + c * step * nIn, 0, count)
                        }
                        let k0 = i0 * nIn
                        cjk_adjoint_strided(z[l - 1].base + k0, B * nIn, a[l - 1].base + k0, s1[l - 1].base + k0,
                                            stored ? s2[l - 1].base + k0 : nil, stored ? s3[l - 1].base + k0 : nil,
                                            abarBlock, zbarBlock, step * nIn, count * nIn, cLayout.pointer)
                        (zb, zbStride) = (UnsafePointer(zbarBlock), step * nIn)
                    }
                    i0 += count
                }
            }
        }
        }
    }
    #endif

    /// A backward pass needs one seed per output value and the intermediates of a
    /// `forward(θ, retain: true)`.
    private func checkBackward(seeds: [Double]) {
        let expected = network.outputCount * layout.count * pointCount
        precondition(seeds.count == expected, "JetEvaluator: \(seeds.count) seeds, expected \(expected)")
        precondition(retainsIntermediates, "JetEvaluator: the backward pass needs forward(θ, retain: true) first")
    }

    /// g = Σ_i ∂r_i/∂θ given seeds w_i·∂r_i/∂(output jet) — the vector–Jacobian
    /// product Jᵀw in one backward pass: per layer one GEMM,
    /// ∂/∂W_l = Σ_{c,i} Z̄_l^c(i) A_{l−1}^c(i)ᵀ = Z̄_l A_{l−1}ᵀ over all C·B columns.
    public func vectorJacobianProduct(_ theta: [Double], seeds: [Double], into gradient: inout [Double]) {
        precondition(gradient.count == network.parameterCount,
                     "JetEvaluator.vectorJacobianProduct: gradient has \(gradient.count) entries, need \(network.parameterCount)")
        let B = pointCount, C = layout.count
        gradient.withUnsafeMutableBufferPointer { gp in
            propagateAdjoints(theta, seeds: seeds) { l in
                let (nIn, nOut) = (network.widths[l - 1], network.widths[l])
                let w = gp.baseAddress! + network.weightOffset(l)
                zbar[l].withUnsafeBufferPointer { zb in
                    a[l - 1].withUnsafeBufferPointer { ain in
                        BLAS.gemm(.none, .transpose, m: nOut, n: nIn, k: C * B, alpha: 1, a: zb.baseAddress!, lda: nOut,
                                  b: ain.baseAddress!, ldb: nIn, beta: 0, c: w, ldc: nOut)
                        let bias = w + nOut * nIn
                        for j in 0..<nOut { bias[j] = 0 }
                        for i in 0..<B { for j in 0..<nOut { bias[j] += zb[i * nOut + j] } }
                    }
                }
            }
        }
    }

    /// Z̄_L = seeds, then for l = L … 1: `visit(l)` with Z̄_l ready, and
    /// Ā_{l−1} = W_lᵀ Z̄_l (one GEMM over all C·B columns), Z̄_{l−1} through σ.
    private func propagateAdjoints(_ theta: [Double], seeds: [Double], visit: (Int) -> Void) {
        let L = network.layerCount, B = pointCount, C = layout.count
        checkBackward(seeds: seeds)
        // Copied, not assigned: sharing the caller's buffer would make its next write copy it.
        zbar[L].withUnsafeMutableBufferPointer { zb in
            seeds.withUnsafeBufferPointer { sp in zb.baseAddress!.update(from: sp.baseAddress!, count: sp.count) }
        }
        theta.withUnsafeBufferPointer { th in
            for l in stride(from: L, through: 1, by: -1) {
                visit(l)
                guard l > 1 else { break }
                let (nIn, nOut) = (network.widths[l - 1], network.widths[l])
                if fusesProduct(nIn: nIn, nOut: nOut) {
                    // W_lᵀ packed into the workspace, then Ā_{l−1} = W_lᵀ Z̄_l fused with σ's adjoint.
                    let w = th.baseAddress! + network.weightOffset(l)
                    packedWeights.withUnsafeMutableBufferPointer { cjk_pack_weights(nIn, nOut, w, nOut, 1, $0.baseAddress! + packedOffsets[l]) }
                    // A second reference to Z̄_l's storage, so that Z̄_{l−1} can be written
                    // meanwhile; nothing writes Z̄_l here, so nothing is copied.
                    let upper = zbar[l]
                    upper.withUnsafeBufferPointer { zb in
                        packedWeights.withUnsafeBufferPointer { wt in
                            deactivate(layer: l - 1, product: (wt.baseAddress! + packedOffsets[l], zb.baseAddress!))
                        }
                    }
                    continue
                }
                zbar[l].withUnsafeBufferPointer { zb in
                    abar[l - 1].withUnsafeMutableBufferPointer { ab in
                        let w = th.baseAddress! + network.weightOffset(l)
                        if nOut == 1 {   // W_lᵀ is one contiguous column
                            ThinProduct.product(m: nIn, n: C * B, k: 1, w: w, a: zb.baseAddress!, z: ab.baseAddress!)
                        } else {
                            BLAS.gemm(.transpose, .none, m: nIn, n: C * B, k: nOut, alpha: 1, a: w, lda: nOut,
                                      b: zb.baseAddress!, ldb: nOut, beta: 0, c: ab.baseAddress!, ldc: nIn)
                        }
                    }
                }
                deactivate(layer: l - 1, product: nil)
            }
        }
    }

    /// Row i of J for (W_l, b_l): Σ_c Z̄_l^c(i) ⊗ A_{l−1}^c(i), then Z̄_l^value(i).
    ///
    /// Column k of the W_l block is Σ_c A_{l−1}^c(i)_k · Z̄_l^c(i): for hidden
    /// inputs it is written once from up to four channels' adjoints at a time (in
    /// L1), so each entry of Jᵀ is stored once instead of once per channel. The
    /// input layer (a few columns) keeps one pass per channel and skips the
    /// channels that are exactly zero (the constant derivative jets of x).
    ///
    /// With `kernels == .avx2FMA`, CJetKernels' `cjk_jacobian_rows` writes every
    /// column from all channels at once, with streaming stores when `streaming`.
    private func writeRows(layer l: Int, into base: UnsafeMutablePointer<Double>, stride: Int, streaming: Bool) {
        let (nIn, nOut) = (network.widths[l - 1], network.widths[l])
        let B = pointCount, C = layout.count
        let inB = nIn * B, outB = nOut * B
        let vector = kernels == .avx2FMA
        zbar[l].withUnsafeBufferPointer { zbp in
            a[l - 1].withUnsafeBufferPointer { ainp in
                let zb = zbp.baseAddress!, ain = ainp.baseAddress!
                ParallelRanges.forEach(B, work: (nIn + 1) * nOut * B) { points in
                #if arch(x86_64)
                if vector {
                    cjk_jacobian_rows(base, stride, zb, ain, nIn, nOut, B, C, points.lowerBound, points.upperBound,
                                      streaming ? 1 : 0)
                    return
                }
                #endif
                for i in points {
                    let row = base + i * stride
                    let zi = zb + i * nOut, ai = ain + i * nIn
                    if l == 1 {
                        for k in 0..<nIn {
                            let out = row + k * nOut
                            let a0 = ai[k]
                            for j in 0..<nOut { out[j] = a0 * zi[j] }
                            for c in 1..<max(C, 1) {
                                let ac = ai[c * inB + k]
                                if ac == 0 { continue }
                                let zc = zi + c * outB
                                for j in 0..<nOut { out[j] += ac * zc[j] }
                            }
                        }
                    } else {
                        for c0 in Swift.stride(from: 0, to: C, by: 4) {
                            let z0 = zi + c0 * outB, a0 = ai + c0 * inB
                            Self.outerProductColumns(out: row, rows: nOut, columns: nIn, channels: min(4, C - c0),
                                                     adjoints: z0, adjointStride: outB, inputs: a0, inputStride: inB,
                                                     accumulate: c0 > 0)
                        }
                    }
                    let bias = row + nOut * nIn
                    for j in 0..<nOut { bias[j] = zi[j] }
                }
                }
            }
        }
    }

    /// out[k·rows + j] (+)= Σ_{c < channels} inputs[c·inputStride + k] · adjoints[c·adjointStride + j]
    /// for k < columns, j < rows; at most four channels, each column written once.
    @inline(__always)
    static func outerProductColumns(out: UnsafeMutablePointer<Double>, rows n: Int, columns: Int, channels: Int,
                                    adjoints z: UnsafePointer<Double>, adjointStride zs: Int,
                                    inputs a: UnsafePointer<Double>, inputStride as_: Int, accumulate: Bool) {
        let z0 = z, z1 = z + zs, z2 = z + 2 * zs, z3 = z + 3 * zs
        for k in 0..<columns {
            let o = out + k * n
            let a0 = a[k]
            switch (channels, accumulate) {
            case (4, false):
                let (a1, a2, a3) = (a[as_ + k], a[2 * as_ + k], a[3 * as_ + k])
                for j in 0..<n { o[j] = (a0 * z0[j] + a1 * z1[j]) + (a2 * z2[j] + a3 * z3[j]) }
            case (4, true):
                let (a1, a2, a3) = (a[as_ + k], a[2 * as_ + k], a[3 * as_ + k])
                for j in 0..<n { o[j] += (a0 * z0[j] + a1 * z1[j]) + (a2 * z2[j] + a3 * z3[j]) }
            case (3, false):
                let (a1, a2) = (a[as_ + k], a[2 * as_ + k])
                for j in 0..<n { o[j] = (a0 * z0[j] + a1 * z1[j]) + a2 * z2[j] }
            case (3, true):
                let (a1, a2) = (a[as_ + k], a[2 * as_ + k])
                for j in 0..<n { o[j] += (a0 * z0[j] + a1 * z1[j]) + a2 * z2[j] }
            case (2, false):
                let a1 = a[as_ + k]
                for j in 0..<n { o[j] = a0 * z0[j] + a1 * z1[j] }
            case (2, true):
                let a1 = a[as_ + k]
                for j in 0..<n { o[j] += a0 * z0[j] + a1 * z1[j] }
            case (_, false):
                for j in 0..<n { o[j] = a0 * z0[j] }
            case (_, true):
                for j in 0..<n { o[j] += a0 * z0[j] }
            }
        }
    }

    /// Z̄_l from Ā_l through σ (see the type's documentation for the formulas):
    /// for the 2D Laplacian layout one loop over all channels (every value read
    /// and written once: 1.6× faster than a pass per channel at n = 64, B = 10⁴);
    /// otherwise the channels of a block in turn; blocks of 2048 values. With
    /// `kernels == .avx2FMA`, each block goes to CJetKernels' `cjk_adjoint_block`
    /// (one pass over all channels for every layout). With `product` = (W_{l+1}ᵀ packed,
    /// Z̄_{l+1}) (AVX2 path only), Ā_l = W_{l+1}ᵀ Z̄_{l+1} is formed first, a block of
    /// points at a time with CJetKernels' `cjk_small_gemm`, each block's adjoint
    /// taken while it is in L2 (as in the forward pass, `fusesProduct`). Layouts
    /// with derivatives of order 3 or 4 take the adjoint of `FaaDiBruno`'s terms.
    private func deactivate(layer l: Int, product: (wt: UnsafePointer<Double>, upper: UnsafePointer<Double>)?) {
        let n = network.widths[l], nB = n * pointCount
        let dim = layout.dimension, lay = layout
        let step = max(1, 2048 / n) * n
        let C = lay.count
        let laplacianIn2D = dim == 2 && lay.hasFirst && lay.seconds.isEmpty && lay.hasLaplacian
        let stored = network.activation != .tanh
        let vector = kernels == .avx2FMA, cl = cLayout
        let plan = faaDiBruno, activation = network.activation
        a[l].withUnsafeBufferPointer { tpp in
        z[l].withUnsafeBufferPointer { zpp in
        abar[l].withUnsafeMutableBufferPointer { abp in
        zbar[l].withUnsafeMutableBufferPointer { zbp in
        s1[l].withUnsafeBufferPointer { d1p in
        s2[l].withUnsafeBufferPointer { d2p in
        s3[l].withUnsafeBufferPointer { d3p in
            ParallelRanges.forEach(pointCount, work: C * nB) { points in
            #if arch(x86_64)
            if vector {
                let (d2, d3) = stored ? (d2p.baseAddress, d3p.baseAddress) : (nil, nil)
                if let (wt, upper) = product {
                    fusedBlocks(points, rows: n, inner: network.widths[l + 1], packed: wt, input: upper,
                                output: abp.baseAddress!) { block in
                        cjk_adjoint_block(zpp.baseAddress!, abp.baseAddress!, zbp.baseAddress!, tpp.baseAddress!,
                                          d1p.baseAddress!, d2, d3, nB, block.lowerBound * n, block.count * n, cl.pointer)
                    }
                    return
                }
                var k0 = points.lowerBound * n
                let end = points.upperBound * n
                while k0 < end {
                    let count = min(step, end - k0)
                    cjk_adjoint_block(zpp.baseAddress!, abp.baseAddress!, zbp.baseAddress!, tpp.baseAddress!, d1p.baseAddress!,
                                      d2, d3, nB, k0, count, cl.pointer)
                    k0 += count
                }
                return
            }
            #endif
            if let plan {   // derivatives of order 3 or 4: the adjoint of Faà di Bruno's polynomial
                plan.blocks(of: points, width: n, step: step) { k0, count, scratch in
                    plan.adjoint(activation, z: zpp.baseAddress! + k0, abar: abp.baseAddress! + k0,
                                 zbar: zbp.baseAddress! + k0, stride: nB, count: count, scratch: scratch)
                }
                return
            }
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * step) { scratch in
            var k0 = points.lowerBound * n
            let end = points.upperBound * n
            while k0 < end {
                let count = min(step, end - k0)
                let zp = zpp.baseAddress! + k0, ab = abp.baseAddress! + k0, zb = zbp.baseAddress! + k0
                let d1 = d1p.baseAddress! + k0
                let (d2, d3) = JetSweep.higherDerivatives(stored: stored ? d2p.baseAddress! + k0 : nil,
                                                          stored ? d3p.baseAddress! + k0 : nil,
                                                          t: tpp.baseAddress! + k0, d1: d1, count: count,
                                                          scratch: scratch.baseAddress!)
                k0 += count
                if laplacianIn2D {
                    // (u, u_x, u_y, Δu), the common 2D layout: every channel in one loop.
                    let (zx, zy, zl) = (zp + nB, zp + 2 * nB, zp + 3 * nB)
                    let (ax, ay, al) = (ab + nB, ab + 2 * nB, ab + 3 * nB)
                    let (bx, by, bl) = (zb + nB, zb + 2 * nB, zb + 3 * nB)
                    for k in 0..<count {
                        let g = al[k], x = zx[k], y = zy[k], s1 = d1[k], s2 = d2[k]
                        zb[k] = ab[k] * s1 + s2 * ((ax[k] * x + ay[k] * y) + g * zl[k]) + g * d3[k] * (x * x + y * y)
                        bx[k] = ax[k] * s1 + 2 * g * s2 * x
                        by[k] = ay[k] * s1 + 2 * g * s2 * y
                        bl[k] = g * s1
                    }
                    continue
                }
                for k in 0..<count { zb[k] = ab[k] * d1[k] }
                guard lay.hasFirst else { continue }
                for d in 0..<dim {
                    let o = (lay.firstOffset + d) * nB
                    for k in 0..<count {
                        zb[k] += ab[o + k] * zp[o + k] * d2[k]
                        zb[o + k] = ab[o + k] * d1[k]
                    }
                }
                for (s, (p, q)) in lay.seconds.enumerated() {
                    let o = (lay.secondOffset + s) * nB
                    let op = (lay.firstOffset + p) * nB, oq = (lay.firstOffset + q) * nB
                    for k in 0..<count {
                        let g = ab[o + k]
                        zb[k] += g * (d2[k] * zp[o + k] + d3[k] * zp[op + k] * zp[oq + k])
                        zb[op + k] += g * d2[k] * zp[oq + k]
                        zb[oq + k] += g * d2[k] * zp[op + k]
                        zb[o + k] = g * d1[k]
                    }
                }
                if lay.hasLaplacian {
                    let o = lay.laplacianIndex * nB
                    for k in 0..<count {
                        let g = ab[o + k]
                        zb[k] += g * d2[k] * zp[o + k]
                        zb[o + k] = g * d1[k]
                    }
                    for d in 0..<dim {
                        let od = (lay.firstOffset + d) * nB
                        for k in 0..<count {
                            let g = ab[o + k], zd = zp[od + k]
                            zb[k] += g * d3[k] * zd * zd
                            zb[od + k] += 2 * g * d2[k] * zd
                        }
                    }
                }
            }
            }
            }
        } } } } } } }
    }
}

