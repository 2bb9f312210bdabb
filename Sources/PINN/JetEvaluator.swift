import LinearAlgebra
import Residuals
internal import CJetKernels

/// Batched jets of an MLP at B points: forward pass for u and its input
/// derivatives, backward pass for the rows of the residual Jacobian.
///
/// **Forward** (ARCHITECTURE.md, "How a PINN residual Jacobian is computed"):
/// every layer holds its jet for all (channel, point) columns at once; the
/// affine map is one GEMM Z_l = W_l A_{l−1} over those C·B columns (the bias
/// enters the value channel only), and σ mixes channels point-wise:
///
///     a = σ(z),  a_d = σ′ z_d,  a_pq = σ′ z_pq + σ″ z_p z_q,  Δa = σ′ Δz + σ″ Σ_d z_d².
///
/// Derivatives of order 3 and 4 follow Faà di Bruno's formula, a sum over the set
/// partitions of the multi-index (`FaaDiBruno`, which also gives their tangent and
/// adjoint); layouts that carry them run the portable sweeps (`kernels`).
///
/// **Backward.** Each residual r_i depends on θ only through point i's output
/// jet, so seeding point i with ∂r_i/∂jet gives, in one batched pass, the
/// adjoints Z̄_l of every point at once (one GEMM Ā_{l−1} = W_lᵀ Z̄_l per layer)
/// and row i of J for W_l as Σ_c Z̄_l^c(i) ⊗ A_{l−1}^c(i). Through σ:
///
///     z̄   = ā σ′ + Σ_d ā_d z_d σ″ + Σ_pq ā_pq (σ″ z_pq + σ‴ z_p z_q) + Δā (σ″ Δz + σ‴ Σ_d z_d²)
///     z̄_d = ā_d σ′ + Σ_pq ā_pq σ″ ∂(z_p z_q)/∂z_d + 2 Δā σ″ z_d
///     z̄_pq = ā_pq σ′,   Δz̄ = Δā σ′.
///
/// **Memory layout.** A layer of width n stores channel c, point i, unit j at
/// `(c·B + i)·n + j`: each channel block is an n × B column-major matrix.
/// All buffers are made once in `init`; `forward` and `backward` allocate nothing.
///
/// **Speed.** Between the GEMMs, every point-wise step is one sweep over memory
/// split over the cores (`ParallelRanges`): the activation with a vectorised tanh
/// jet (`JetSweep`, `VectorTanh`), the adjoint through σ, and the columns of Jᵀ,
/// each written once from all channels. Layers with k ≤ 4 inputs or one output
/// skip OpenBLAS (`ThinProduct`). On CPUs with AVX2 and FMA (`JetKernels`) the
/// three sweeps run in CJetKernels, Jᵀ with streaming stores when it is large,
/// and layers with at most 256² weights are multiplied a block of points at a
/// time on each core, each block's sweep following its product while it is in
/// L2 (`fusesProduct`). Consecutive such layers run depth first — a block goes
/// through all of them before the next block starts (`forwardDepthFirst`, and
/// `backwardDepthFirst` for the rows of Jᵀ when the whole network qualifies) —
/// so that between layers the jets stay in the core's caches.
/// Numbers: bench/results/pinn-jets.md.
public final class JetEvaluator {
    public let network: MLP
    public let layout: JetLayout
    public let pointCount: Int

    /// a[0] is the input jet; a[l], l = 1 … L−1, post-activation jets.
    let a: LayerBuffers
    /// z[l], l = 1 … L: pre-activation jets; z[L] is the output jet.
    let z: LayerBuffers
    /// σ′, σ″, σ‴ at the value channel of hidden layers (σ″, σ‴ empty for tanh).
    let s1: LayerBuffers, s2: LayerBuffers, s3: LayerBuffers
    /// Adjoint buffers of the layer-wise backward pass (`propagateAdjoints`), made
    /// on first use: the depth-first pass keeps its adjoints in `blockScratch`.
    lazy var zbar = LayerBuffers(counts: network.widths.map { $0 * layout.count * pointCount })
    lazy var abar = LayerBuffers(counts: network.widths.indices.map {
        $0 == network.layerCount ? 0 : network.widths[$0] * layout.count * pointCount
    })
    /// Tangent buffers for J·v, made on first use.
    var zdot: [[Double]] = [], adot: [[Double]] = []
    /// Which sweeps run (`JetKernels.best`; tests set `.portable` to compare).
    /// Layouts with derivatives of order 3 or 4 always run `.portable`: their
    /// activation, adjoint and tangent go through `FaaDiBruno`, which CJetKernels
    /// does not implement, and then no product is fused (`fusesProduct`), no pass
    /// is depth first and the rows of Jᵀ are written by the Swift loops.
    var kernels: JetKernels {
        get { faaDiBruno == nil ? chosenKernels : .portable }
        set { chosenKernels = newValue }
    }
    private var chosenKernels = JetKernels.best
    /// The Faà di Bruno terms of `layout` when it carries derivatives of order 3 or 4, else nil.
    let faaDiBruno: FaaDiBruno?
    /// Whether `backward` takes the depth-first pass when it applies (tests turn it
    /// off to compare with the layer-wise pass).
    var depthFirstBackward = true
    /// `layout` for CJetKernels.
    let cLayout: CLayout
    /// W_l or W_lᵀ packed for the fused products (`fusesProduct`, `cjk_pack_weights`),
    /// layer l's at `packedOffsets[l]`, every layer's at once for the depth-first pass.
    var packedWeights: [Double]
    let packedOffsets: [Int]
    /// Per-core scratch of the depth-first passes — the forward pass's jets when
    /// intermediates are not kept (`forward(_:retain:)`), the backward pass's
    /// adjoints: `blockScratchPerCore` doubles for each core.
    var blockScratch: [Double]
    let blockScratchPerCore: Int
    /// Whether a, z, s1 … hold every layer's values of the last `forward`
    /// (the backward and tangent passes need them).
    private(set) var retainsIntermediates = false
    /// Jᵀ blocks of at least this many bytes get streaming stores (AVX2 path).
    var streamingBytes = JetKernels.streamingBytes

    public init(network: MLP, layout: JetLayout, pointCount: Int) {
        precondition(layout.dimension == network.inputCount,
                     "JetEvaluator: jet in \(layout.dimension)D for a network with \(network.inputCount) inputs")
        precondition(pointCount >= 1, "JetEvaluator: \(pointCount) points")
        self.network = network
        self.layout = layout
        self.pointCount = pointCount
        cLayout = CLayout(layout)
        faaDiBruno = layout.hasHigherOrder ? FaaDiBruno(layout: layout) : nil
        let w = network.widths, L = network.layerCount, C = layout.count
        // Layer l's region starts at offsets[l] (offsets[0] unused); the last entry is the total.
        var offsets = [0, 0], anySmall = false
        for l in 1...L {
            let (k, m) = (w[l - 1], w[l])
            let small = Self.fusable(nIn: k, nOut: m)
            anySmall = anySmall || small
            offsets.append(offsets[l] + (small ? max(cjk_packed_count(m, k), cjk_packed_count(k, m)) : 0))
        }
        packedOffsets = offsets
        packedWeights = [Double](repeating: 0, count: offsets[L + 1])
        // A block's pre-activation and activation jets and σ′, σ″, σ‴ (the depth-first
        // backward pass uses the first two for its adjoints).
        blockScratchPerCore = JetKernels.hardwareSupportsAVX2FMA && anySmall && !layout.hasHigherOrder ? (2 * C + 3) * Self.fusedBlockValues : 0
        blockScratch = [Double](repeating: 0, count: ParallelRanges.cores * blockScratchPerCore)
        let cb = C * pointCount
        a = LayerBuffers(counts: w.indices.map { $0 == L ? 0 : w[$0] * cb })   // the output layer has no activation
        z = LayerBuffers(counts: w.map { $0 * cb })
        s1 = LayerBuffers(counts: w.map { $0 * pointCount })
        // tanh's σ″, σ‴ follow from t and σ′ (JetSweep.higherDerivatives): not stored.
        let stored = network.activation == .tanh ? w.map { _ in 0 } : w.map { $0 * pointCount }
        s2 = LayerBuffers(counts: stored)
        s3 = LayerBuffers(counts: stored)
    }

    /// The output jet, n_out × C·B: field o, channel c, point i at `(c·B + i)·n_out + o`.
    public var output: [Double] { Array(z[network.layerCount].pointer) }

    /// Load the points: the input jet is (x, e_d, 0, …).
    public func setPoints(_ points: PointSet) {
        precondition(points.count == pointCount && points.dimension == layout.dimension,
                     "JetEvaluator.setPoints: \(points.count) points in \(points.dimension)D, expected \(pointCount) in \(layout.dimension)D")
        let dim = layout.dimension, nB = dim * pointCount
        a[0].withUnsafeMutableBufferPointer { a0 in
            for k in a0.indices { a0[k] = 0 }
            if let embedding = network.embedding {
                embedding.fillJet(points: points, layout: layout, into: a0)
                return
            }
            points.coordinates.withUnsafeBufferPointer { x in
                for k in 0..<nB { a0[k] = x[k] }
            }
            if layout.hasFirst {
                for d in 0..<dim {
                    let base = (layout.firstOffset + d) * nB
                    for i in 0..<pointCount { a0[base + i * dim + d] = 1 }
                }
            }
        }
    }

    // MARK: - Forward

    /// Propagate the jets for parameters θ; the result is in `output`.
    ///
    /// Runs of consecutive layers whose products are fused (`fusesProduct`, and the
    /// output layer after them when it is thin) go depth first
    /// (`forwardDepthFirst`): each core takes a block of points through every
    /// layer of the run, so a layer's activations are still in L2 when the next
    /// product reads them. With `retain` false — residuals only, no backward or
    /// tangent pass to follow — the layers inside such a run live in a per-core
    /// scratch and never reach memory; `backward`, `vectorJacobianProduct` and
    /// `tangent` need the last forward pass to have retained them.
    public func forward(_ theta: [Double], retain: Bool = true) {
        precondition(theta.count == network.parameterCount,
                     "JetEvaluator.forward: θ has \(theta.count) entries, the network \(network.parameterCount)")
        let L = network.layerCount
        theta.withUnsafeBufferPointer { th in
            var l = 1
            while l <= L {
                #if arch(x86_64)
                if let end = depthFirstRunEnd(from: l) {
                    forwardDepthFirst(layers: l...end, theta: th.baseAddress!, retain: retain)
                    l = end + 1
                    continue
                }
                #endif
                forwardLayer(l, theta: th.baseAddress!)
                l += 1
            }
        }
        retainsIntermediates = retain
    }

    /// Layer l for all points at once: Z_l = W_l A_{l−1} (OpenBLAS, or
    /// `ThinProduct` for a thin shape), then the bias and σ (`activate`).
    private func forwardLayer(_ l: Int, theta th: UnsafePointer<Double>) {
        let L = network.layerCount, cb = layout.count * pointCount
        let (nIn, nOut) = (network.widths[l - 1], network.widths[l])
        let w = th + network.weightOffset(l), bias = w + nOut * nIn
        let ain = a[l - 1].base, zl = z[l].base
        if ThinProduct.handles(m: nOut, k: nIn) {
            ThinProduct.product(m: nOut, n: cb, k: nIn, w: w, a: ain, z: zl)
        } else {
            BLAS.gemm(.none, .none, m: nOut, n: cb, k: nIn, alpha: 1, a: w, lda: nOut, b: ain, ldb: nIn, beta: 0, c: zl, ldc: nOut)
        }
        guard l == L else { return activate(layer: l, bias: bias) }   // hidden layers add the bias in the sweep
        for i in 0..<pointCount {
            let col = zl + i * nOut
            for j in 0..<nOut { col[j] += bias[j] }
        }
    }

    /// Whether hidden layer products run point block by point block, fused with
    /// the activation sweep (`forwardDepthFirst`, and the adjoint's `fusedBlocks`):
    /// with the AVX2 kernels, for weight matrices of at most `fusedWeightLimit`
    /// entries. OpenBLAS runs these shapes below its peak (packing the long
    /// operand, a β = 0 pass over Z; ~14 GFLOP/s a core at 64 wide), and between
    /// the GEMMs the sweep would read Z back from memory; per block, Z is still in
    /// L2 when the sweep reads it.
    func fusesProduct(nIn: Int, nOut: Int) -> Bool {
        kernels == .avx2FMA && Self.fusable(nIn: nIn, nOut: nOut)
    }

    /// A layer's product can be fused when W has at most `fusedWeightLimit` entries
    /// and one point of either side fits a block (`fusedBlockValues` a channel): a
    /// 2 → 6000 layer has a small W, but one point of its output would overrun the
    /// block scratch (it did: wrong Jacobians, then heap corruption, for widths > 4096).
    static func fusable(nIn: Int, nOut: Int) -> Bool {
        nIn * nOut <= fusedWeightLimit && max(nIn, nOut) <= fusedBlockValues
    }

    /// The largest weight matrix (entries) whose products are fused: 256², whose
    /// packed W (512 KB) is Zen 3's L2. `cjk_small_gemm` keeps 34–42 GFLOP/s on
    /// one core up to 512² (bench/results/small-gemm.md); fusing the 224² layers of
    /// 2-224³-1 as well raised its forward pass and lowered its J assembly time
    /// (before/after in bench/results/pinn-jets.md, "Round 3").
    static let fusedWeightLimit = 256 * 256

    /// Values per channel of one layer in a block of the fused passes
    /// (4 · `JetSweep.blockValues`: 128 KB of Z for four channels, within L2
    /// with the block's activations).
    static let fusedBlockValues = 4 * JetSweep.blockValues

    /// Points per block of the fused passes for layers at most `n` wide.
    static func fusedBlockPoints(width n: Int) -> Int { max(1, fusedBlockValues / n) }

    #if arch(x86_64)
    /// The last layer of the depth-first run that starts at layer l, or nil when
    /// layer l is not fused: consecutive hidden layers that `fusesProduct`, then
    /// the output layer too when it is fused or has a single row.
    func depthFirstRunEnd(from l: Int) -> Int? {
        let L = network.layerCount, w = network.widths
        guard l < L, fusesProduct(nIn: w[l - 1], nOut: w[l]) else { return nil }
        var end = l
        while end + 1 < L && fusesProduct(nIn: w[end], nOut: w[end + 1]) { end += 1 }
        if end + 1 == L && (w[L] == 1 || fusesProduct(nIn: w[L - 1], nOut: w[L])) { end = L }
        return end
    }

    /// Layers `layers` a block of points at a time on each core: for each layer,
    /// Z_l = W_l A_{l−1} on every channel's columns of the block (`cjk_small_gemm`,
    /// W_l packed; a dot product per column for a one-row output layer), then the
    /// bias and σ on the block (`JetSweep`), the output layer's bias on its value
    /// channel. The run reads A of the layer before it from `a` and writes its last
    /// layer to `a`/`z`/`s1` (or the output to `z[L]`); the layers in between go to
    /// the same buffers when `retain`, else to the core's `blockScratch`
    /// (one Z, one A — a layer's A overwrites the one its product has read — and
    /// σ′ σ″ σ‴), block-strided.
    private func forwardDepthFirst(layers: ClosedRange<Int>, theta th: UnsafePointer<Double>, retain: Bool) {
        let L = network.layerCount, B = pointCount, C = layout.count, w = network.widths
        let stored = network.activation != .tanh
        let widest = layers.reduce(0) { max($0, w[$1 - 1], w[$1]) }
        let step = Self.fusedBlockPoints(width: widest), bv = Self.fusedBlockValues
        let work = layers.reduce(0) { $0 + w[$1] * w[$1 - 1] } * C * B
        packedWeights.withUnsafeMutableBufferPointer { pw in
            for l in layers where w[l] > 1 {
                cjk_pack_weights(w[l], w[l - 1], th + network.weightOffset(l), 1, w[l], pw.baseAddress! + packedOffsets[l])
            }
        }
        packedWeights.withUnsafeBufferPointer { pw in
        blockScratch.withUnsafeMutableBufferPointer { scratch in
            let packed = pw.baseAddress!, perCore = blockScratchPerCore
            let scratchBase = scratch.baseAddress
            ParallelRanges.forEachPart(B, work: work) { part, points in
                var i0 = points.lowerBound
                while i0 < points.upperBound {
                    let count = min(step, points.upperBound - i0)
                    // The input of the run's first layer: a[l − 1], channel stride B, first point i0.
                    var input = a[layers.lowerBound - 1].base, inStride = B, inFirst = i0
                    for l in layers {
                        let (nIn, nOut) = (w[l - 1], w[l])
                        let wl = th + network.weightOffset(l), bias = wl + nOut * nIn
                        let kept = retain || l == layers.upperBound
                        let core = kept ? nil : scratchBase.map { $0 + part * perCore }
                        let zOut = core ?? z[l].base, stride = kept ? B : step, first = kept ? i0 : 0
                        for c in 0..<C {
                            let x = input + (c * inStride + inFirst) * nIn, y = zOut + (c * stride + first) * nOut
                            if nOut == 1 {
                                for i in 0..<count { y[i] = ThinProduct.dot(wl, x + i * nIn, count: nIn) }
                            } else {
                                cjk_small_gemm(nOut, count, nIn, packed + packedOffsets[l], x, y, 0, count)
                            }
                        }
                        if l == L {
                            for i in 0..<count {
                                let col = zOut + (first + i) * nOut
                                for j in 0..<nOut { col[j] += bias[j] }
                            }
                            break
                        }
                        let aOut: UnsafeMutablePointer<Double>, d1: UnsafeMutablePointer<Double>
                        let d2: UnsafeMutablePointer<Double>?, d3: UnsafeMutablePointer<Double>?
                        if let core {
                            // The product has read all of A_{l−1} of the block: A_l may overwrite it.
                            aOut = core + C * bv
                            d1 = core + 2 * C * bv
                            (d2, d3) = stored ? (d1 + bv, d1 + 2 * bv) : (nil, nil)
                        } else {
                            aOut = a[l].base
                            d1 = s1[l].base
                            (d2, d3) = stored ? (s2[l].base, s3[l].base) : (nil, nil)
                        }
                        JetSweep(z: zOut, a: aOut, d1: d1, d2: d2, d3: d3, bias: bias, width: nOut, pointCount: stride,
                                 activation: network.activation, layout: layout, cLayout: cLayout, kernels: kernels,
                                 plan: faaDiBruno)
                            .run(points: first..<(first + count))
                        (input, inStride, inFirst) = (aOut, stride, first)
                    }
                    i0 += count
                }
            }
        }
        }
    }

    /// For `points`, a block of `fusedBlockPoints(width: rows)` points at a time:
    /// out = W·input on every channel's columns of the block (`cjk_small_gemm`, W
    /// packed, `rows` × `inner`), then `sweep(block)` while the block is in L2.
    func fusedBlocks(_ points: Range<Int>, rows: Int, inner: Int, packed w: UnsafePointer<Double>,
                     input: UnsafePointer<Double>, output: UnsafeMutablePointer<Double>,
                     sweep: (Range<Int>) -> Void) {
        let B = pointCount, C = layout.count, step = Self.fusedBlockPoints(width: rows)
        var i0 = points.lowerBound
        while i0 < points.upperBound {
            let i1 = min(i0 + step, points.upperBound)
            for c in 0..<C { cjk_small_gemm(rows, C * B, inner, w, input, output, c * B + i0, c * B + i1) }
            sweep(i0..<i1)
            i0 = i1
        }
    }
    #endif

    /// z_l += b_l, a_l = σ(z_l) on the jet for all points, caching σ′, σ″, σ‴ for
    /// the backward pass — one fused sweep (`JetSweep`) split over the cores.
    private func activate(layer l: Int, bias: UnsafePointer<Double>) {
        let stored = network.activation != .tanh, n = network.widths[l]
        let sweep = JetSweep(z: z[l].base, a: a[l].base, d1: s1[l].base, d2: stored ? s2[l].base : nil,
                             d3: stored ? s3[l].base : nil, bias: bias, width: n, pointCount: pointCount,
                             activation: network.activation, layout: layout, cLayout: cLayout, kernels: kernels,
                             plan: faaDiBruno)
        ParallelRanges.forEach(pointCount, work: n * pointCount * layout.count) { sweep.run(points: $0) }
    }
}
