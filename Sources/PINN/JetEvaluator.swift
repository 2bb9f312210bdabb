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
/// and layers with at most 64² weights are multiplied a block of points at a
/// time on each core, each block's sweep following its product while it is in
/// L2 (`fusesProduct`), in the forward and the adjoint pass alike.
/// Numbers: bench/results/pinn-jets.md.
public final class JetEvaluator {
    public let network: MLP
    public let layout: JetLayout
    public let pointCount: Int

    /// a[0] is the input jet; a[l], l = 1 … L−1, post-activation jets.
    var a: [[Double]]
    /// z[l], l = 1 … L: pre-activation jets; z[L] is the output jet.
    var z: [[Double]]
    /// σ′, σ″, σ‴ at the value channel of hidden layers (σ″, σ‴ empty for tanh).
    var s1: [[Double]], s2: [[Double]], s3: [[Double]]
    /// Adjoint buffers for the backward pass, one per layer width.
    var zbar: [[Double]], abar: [[Double]]
    /// Tangent buffers for J·v, made on first use.
    var zdot: [[Double]] = [], adot: [[Double]] = []
    /// Which sweeps run (`JetKernels.best`; tests set `.portable` to compare).
    var kernels = JetKernels.best
    /// `layout` for CJetKernels.
    let cLayout: CLayout
    /// W_l or W_lᵀ packed for the fused products (`fusesProduct`, `cjk_pack_weights`).
    var packedWeights: [Double]
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
        packedWeights = [Double](repeating: 0, count: (1...network.layerCount).map { l -> Int in
            let (k, m) = (network.widths[l - 1], network.widths[l])
            return k * m <= 64 * 64 ? max(cjk_packed_count(m, k), cjk_packed_count(k, m)) : 0
        }.max() ?? 0)
        let cb = layout.count * pointCount
        let w = network.widths
        a = w.map { [Double](repeating: 0, count: $0 * cb) }
        z = w.map { [Double](repeating: 0, count: $0 * cb) }
        s1 = w.map { [Double](repeating: 0, count: $0 * pointCount) }
        // tanh's σ″, σ‴ follow from t and σ′ (JetSweep.higherDerivatives): not stored.
        s2 = network.activation == .tanh ? w.map { _ in [] } : s1
        s3 = s2
        a[network.layerCount] = []   // the output layer has no activation
        // Separate storage from the start (a copy of z would be duplicated on first write).
        zbar = w.map { [Double](repeating: 0, count: $0 * cb) }
        abar = w.map { [Double](repeating: 0, count: $0 * cb) }
        abar[network.layerCount] = []
    }

    /// The output jet, n_out × C·B: field o, channel c, point i at `(c·B + i)·n_out + o`.
    public var output: [Double] { z[network.layerCount] }

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
    public func forward(_ theta: [Double]) {
        precondition(theta.count == network.parameterCount,
                     "JetEvaluator.forward: θ has \(theta.count) entries, the network \(network.parameterCount)")
        let L = network.layerCount, cb = layout.count * pointCount
        theta.withUnsafeBufferPointer { th in
            for l in 1...L {
                let (nIn, nOut) = (network.widths[l - 1], network.widths[l])
                let w = th.baseAddress! + network.weightOffset(l)
                let bias = w + nOut * nIn
                if l < L && fusesProduct(nIn: nIn, nOut: nOut) {
                    // A second reference to the input layer's storage, so that a[l] can be
                    // written meanwhile; nothing writes a[l − 1] here, so nothing is copied.
                    let input = a[l - 1]
                    packedWeights.withUnsafeMutableBufferPointer { cjk_pack_weights(nOut, nIn, w, 1, nOut, $0.baseAddress!) }
                    packedWeights.withUnsafeBufferPointer { packed in
                        input.withUnsafeBufferPointer { activate(layer: l, bias: bias, product: (packed.baseAddress!, $0.baseAddress!)) }
                    }
                    continue
                }
                a[l - 1].withUnsafeBufferPointer { ain in
                    z[l].withUnsafeMutableBufferPointer { zl in
                        if ThinProduct.handles(m: nOut, k: nIn) {
                            ThinProduct.product(m: nOut, n: cb, k: nIn, w: w, a: ain.baseAddress!, z: zl.baseAddress!)
                        } else {
                            BLAS.gemm(.none, .none, m: nOut, n: cb, k: nIn, alpha: 1, a: w, lda: nOut,
                                      b: ain.baseAddress!, ldb: nIn, beta: 0, c: zl.baseAddress!, ldc: nOut)
                        }
                        guard l == L else { return }   // hidden layers add the bias in the activation sweep
                        for i in 0..<pointCount {
                            let col = zl.baseAddress! + i * nOut
                            for j in 0..<nOut { col[j] += bias[j] }
                        }
                    }
                }
                if l < L { activate(layer: l, bias: bias, product: nil) }
            }
        }
    }

    /// Whether hidden layer products run point block by point block, fused with
    /// the activation sweep (`activate(layer:bias:product:)`): with the AVX2
    /// kernels, for weight matrices of at most 64² entries. Those GEMMs have too
    /// few flops per value of Z for OpenBLAS to run near its peak (packing the
    /// long operand, a β = 0 pass over Z), and between them the sweep reads Z back
    /// from memory; per block, Z is still in L2 when the sweep reads it.
    func fusesProduct(nIn: Int, nOut: Int) -> Bool {
        kernels == .avx2FMA && nIn * nOut <= 64 * 64
    }

    /// Points per block of the fused product and sweep: 4 · `JetSweep.blockValues`
    /// values per channel (128 KB of Z for four channels), within L2 with the
    /// block's activations.
    func fusedBlockPoints(width n: Int) -> Int { max(1, 4 * JetSweep.blockValues / n) }

    #if arch(x86_64)
    /// For `points`, a block of `fusedBlockPoints(width: rows)` points at a time:
    /// out = W·input on every channel's columns of the block (`cjk_small_gemm`, W
    /// packed, `rows` × `inner`), then `sweep(block)` while the block is in L2.
    func fusedBlocks(_ points: Range<Int>, rows: Int, inner: Int, packed w: UnsafePointer<Double>,
                     input: UnsafePointer<Double>, output: UnsafeMutablePointer<Double>,
                     sweep: (Range<Int>) -> Void) {
        let B = pointCount, C = layout.count, step = fusedBlockPoints(width: rows)
        var i0 = points.lowerBound
        while i0 < points.upperBound {
            let i1 = min(i0 + step, points.upperBound)
            for c in 0..<C { cjk_small_gemm(rows, C * B, inner, w, input, output, c * B + i0, c * B + i1) }
            sweep(i0..<i1)
            i0 = i1
        }
    }
    #endif

    /// z_l += b_l, a_l = σ(z_l) on the jet, caching σ′, σ″, σ‴ for the backward
    /// pass — one fused sweep (`JetSweep`). With `product` = (W_l packed, A_{l−1}), also
    /// Z_l = W_l A_{l−1} first, a block of points at a time on each core
    /// (CJetKernels' `cjk_small_gemm`, every channel's columns of the block), each
    /// block swept right after its product.
    private func activate(layer l: Int, bias: UnsafePointer<Double>,
                          product: (w: UnsafePointer<Double>, input: UnsafePointer<Double>)?) {
        z[l].withUnsafeMutableBufferPointer { zp in
        a[l].withUnsafeMutableBufferPointer { ap in
        s1[l].withUnsafeMutableBufferPointer { d1 in
        s2[l].withUnsafeMutableBufferPointer { d2 in
        s3[l].withUnsafeMutableBufferPointer { d3 in
            let stored = network.activation != .tanh
            let sweep = JetSweep(z: zp.baseAddress!, a: ap.baseAddress!, d1: d1.baseAddress!,
                                 d2: stored ? d2.baseAddress! : nil, d3: stored ? d3.baseAddress! : nil, bias: bias, width: network.widths[l], pointCount: pointCount,
                                 activation: network.activation, layout: layout, cLayout: cLayout, kernels: kernels)
            let n = network.widths[l], nIn = network.widths[l - 1]
            ParallelRanges.forEach(pointCount, work: n * pointCount * layout.count) { points in
                #if arch(x86_64)
                if let (w, input) = product {
                    fusedBlocks(points, rows: n, inner: nIn, packed: w, input: input, output: zp.baseAddress!) {
                        sweep.run(points: $0)
                    }
                    return
                }
                #endif
                sweep.run(points: points)
            }
        } } } } }
    }
}
