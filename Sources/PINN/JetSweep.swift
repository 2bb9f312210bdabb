internal import CJetKernels

/// One hidden layer's activation on the jet, fused into a single sweep over
/// memory: for a block of points at a time (so that every channel of the block
/// stays in cache), add the bias to the value channel of the GEMM output,
/// evaluate σ, σ′, σ″, σ‴ once per (unit, point) — four lanes at a time for
/// tanh (`VectorTanh`) — and update every channel of the block:
///
///     a = σ(z),  a_d = σ′ z_d,  a_pq = σ′ z_pq + σ″ z_p z_q,  Δa = σ′ Δz + σ″ Σ_d z_d².
///
/// The previous form made one pass over the whole layer per channel, so at
/// 10⁴ points each pass streamed tens of MB through memory; here each value is
/// read from memory once and written once.
///
/// Pointers follow `JetEvaluator`'s layout: channel c, point i, unit j at
/// `(c·B + i)·n + j`; `d1`, `d2`, `d3` hold σ′, σ″, σ‴ of the value channel.
///
/// With `kernels == .avx2FMA` and tanh, each block goes to CJetKernels'
/// `cjk_tanh_sweep_block` (the same steps with four-lane AVX2 and FMA). Layouts
/// with third or fourth derivatives go through `plan` (`FaaDiBruno`) instead.
struct JetSweep {
    let z: UnsafeMutablePointer<Double>
    let a: UnsafeMutablePointer<Double>
    /// σ′ always; σ″ and σ‴ nil for tanh, whose block values go to a stack scratch.
    let d1: UnsafeMutablePointer<Double>, d2: UnsafeMutablePointer<Double>?, d3: UnsafeMutablePointer<Double>?
    let bias: UnsafePointer<Double>
    /// Layer width n and point count B.
    let width: Int, pointCount: Int
    let activation: Activation
    let layout: JetLayout
    /// The layout for CJetKernels, used when `kernels == .avx2FMA` and σ = tanh.
    let cLayout: CLayout
    let kernels: JetKernels
    /// The Faà di Bruno terms, required when the layout carries derivatives of order 3 or 4.
    var plan: FaaDiBruno? = nil

    /// Values per block: 1024 doubles × (C channels of z and a, σ′, σ″, σ‴) ≈ 90 KB for
    /// C = 4, within L2; measured 8 % faster than 256 (L1-sized) at n = 64 and 224.
    static let blockValues = 1024

    /// The sweep for points `points` (disjoint ranges may run concurrently).
    func run(points: Range<Int>) {
        let n = width, nB = n * pointCount
        let step = max(1, Self.blockValues / n), capacity = step * n
        if layout.hasHigherOrder { return runHigherOrder(points: points) }
        let vector = kernels == .avx2FMA && activation == .tanh
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * capacity) { scratch in
            var i = points.lowerBound
            while i < points.upperBound {
                let i1 = min(i + step, points.upperBound)
                #if arch(x86_64)
                if vector {
                    cjk_tanh_sweep_block(z, a, d1, bias, n, nB, i * n, (i1 - i) * n, cLayout.pointer)
                    i = i1
                    continue
                }
                #endif
                for p in i..<i1 {
                    let col = z + p * n
                    for j in 0..<n { col[j] += bias[j] }
                }
                let k0 = i * n, count = (i1 - i) * n
                let b2 = d2.map { $0 + k0 } ?? scratch.baseAddress!, b3 = d3.map { $0 + k0 } ?? scratch.baseAddress! + capacity
                if activation == .tanh {
                    VectorTanh.jets(z + k0, count: count, t: a + k0, d1: d1 + k0, d2: b2, d3: b3)
                } else {
                    for k in 0..<count {
                        let (v0, v1, v2, v3) = activation.derivatives(z[k0 + k])
                        a[k0 + k] = v0; d1[k0 + k] = v1; b2[k] = v2; b3[k] = v3
                    }
                }
                if layout.hasFirst { channels(from: k0, count: count, nB: nB, d2: b2) }
                i = i1
            }
        }
    }

    /// The sweep through `FaaDiBruno` (layouts with derivatives of order 3 or 4), in
    /// blocks of `blockValues` values; σ′ (and σ″, σ‴ when stored) kept as in `run`.
    private func runHigherOrder(points: Range<Int>) {
        guard let plan else { preconditionFailure("JetSweep: a layout with order-3/4 channels needs its FaaDiBruno plan") }
        let n = width, nB = n * pointCount
        let step = max(1, Self.blockValues / n), capacity = step * n
        withUnsafeTemporaryAllocation(of: Double.self, capacity: plan.scratchCount(capacity)) { scratch in
            var i = points.lowerBound
            while i < points.upperBound {
                let i1 = min(i + step, points.upperBound)
                for p in i..<i1 {
                    let col = z + p * n
                    for j in 0..<n { col[j] += bias[j] }
                }
                let k0 = i * n, count = (i1 - i) * n
                plan.forward(activation, z: z + k0, a: a + k0, stride: nB, count: count, d1: d1 + k0,
                             scratch: scratch.baseAddress!)
                if let d2, let d3 {
                    for k in 0..<count { d2[k0 + k] = scratch[2 * count + k]; d3[k0 + k] = scratch[3 * count + k] }
                }
                i = i1
            }
        }
    }

    /// σ″ and σ‴ of `count` values: the stored ones, or for tanh (which stores
    /// neither) recomputed into `scratch` (2·count) from t = a and σ′ with
    /// `VectorTanh`'s own expressions, so bit for bit the same:
    /// σ″ = −2tσ′, σ‴ = −2σ′(1 − 3t²). All pointers start at the block.
    @inline(__always)
    static func higherDerivatives(stored d2: UnsafePointer<Double>?, _ d3: UnsafePointer<Double>?, t: UnsafePointer<Double>,
                                  d1: UnsafePointer<Double>, count: Int,
                                  scratch: UnsafeMutablePointer<Double>) -> (UnsafePointer<Double>, UnsafePointer<Double>) {
        if let d2, let d3 { return (d2, d3) }
        let s2 = scratch, s3 = scratch + count
        for k in 0..<count {
            let tk = t[k], s = d1[k]
            s2[k] = -2 * tk * s
            s3[k] = -2 * s * (1 - 3 * tk * tk)
        }
        return (UnsafePointer(s2), UnsafePointer(s3))
    }

    /// The derivative channels of one block, values k0 ..< k0 + count of each channel.
    @inline(__always)
    private func channels(from k0: Int, count: Int, nB: Int, d2 s2: UnsafePointer<Double>) {
        let s1 = d1 + k0
        for d in 0..<layout.dimension {
            let o = (layout.firstOffset + d) * nB + k0
            let zd = z + o, ad = a + o
            for k in 0..<count { ad[k] = s1[k] * zd[k] }
        }
        for (s, (p, q)) in layout.seconds.enumerated() {
            let o = (layout.secondOffset + s) * nB + k0
            let zpq = z + o, apq = a + o
            let zp = z + (layout.firstOffset + p) * nB + k0, zq = z + (layout.firstOffset + q) * nB + k0
            for k in 0..<count { apq[k] = s1[k] * zpq[k] + s2[k] * zp[k] * zq[k] }
        }
        if layout.hasLaplacian {
            let o = layout.laplacianIndex * nB + k0
            let zl = z + o, al = a + o
            if layout.dimension == 2 {
                let zx = z + layout.firstOffset * nB + k0, zy = zx + nB
                for k in 0..<count { al[k] = s1[k] * zl[k] + s2[k] * (zx[k] * zx[k] + zy[k] * zy[k]) }
            } else {
                for k in 0..<count { al[k] = s1[k] * zl[k] }
                for d in 0..<layout.dimension {
                    let zd = z + (layout.firstOffset + d) * nB + k0
                    for k in 0..<count { al[k] += s2[k] * zd[k] * zd[k] }
                }
            }
        }
    }
}
