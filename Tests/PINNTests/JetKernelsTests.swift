import Testing
import Foundation
import LinearAlgebra
@testable import PINN
import CJetKernels
import Residuals
import SeededRandom

/// The AVX2 + FMA kernels (CJetKernels) against the portable Swift path on the
/// same evaluator inputs: forward jets, rows of Jᵀ (with and without streaming
/// stores, at a column offset inside a wider Jᵀ), Jᵀw. The two round differently
/// (FMA), so they agree to a few ulp relative to the largest entry, not bit for bit.
@Suite("AVX2 + FMA jet kernels", .enabled(if: JetKernels.hardwareSupportsAVX2FMA))
struct JetKernelsTests {
    struct Case: Sendable, CustomStringConvertible {
        let dimension: Int, widths: [Int], points: Int, requested: [JetChannel]
        var description: String { "\(dimension)D \(widths) B = \(points) \(requested.count) channels" }
    }

    /// Odd widths and point counts (tail lanes, partial blocks, rows of Jᵀ at
    /// every alignment: P is odd), every layout shape the sweeps distinguish, and
    /// one case large enough to be split over the cores.
    static let cases: [Case] = [
        Case(dimension: 2, widths: [2, 37, 5, 1], points: 83, requested: [.value, .laplacian]),
        Case(dimension: 2, widths: [2, 64, 48, 1], points: 1001, requested: [.value, .laplacian]),
        Case(dimension: 2, widths: [2, 9, 13, 2], points: 31,
             requested: [.value, .laplacian, .second(0, 0), .second(0, 1), .second(1, 1)]),
        Case(dimension: 3, widths: [3, 9, 130, 2], points: 7, requested: [.value, .laplacian, .second(0, 2)]),
        Case(dimension: 3, widths: [3, 11, 1], points: 45, requested: [.value, .laplacian]),
        Case(dimension: 1, widths: [1, 7, 6, 1], points: 19, requested: [.value, .first(0)]),
        Case(dimension: 2, widths: [2, 5, 1], points: 10, requested: [.value]),
        // A depth-first run that ends at a hidden layer (257 × 256 weights are not fused).
        Case(dimension: 2, widths: [2, 4, 257, 256, 3], points: 40, requested: [.value, .laplacian]),
    ]

    /// max |x − y| / max(1, max |y|).
    private func difference(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count)
        let scale = max(1, y.map(abs).max() ?? 0)
        return zip(x, y).map { abs($0 - $1) }.max()! / scale
    }

    private struct Results {
        var output: [Double], jt: [Double], jtStreamed: [Double], gradient: [Double]
        /// The output of `forward(θ, retain: false)`, and Jᵀ by the layer-wise backward pass.
        var outputUnretained: [Double], jtLayerwise: [Double]
    }

    private func run(_ c: Case, _ act: Activation, _ kernels: JetKernels) -> Results {
        let net = MLP(widths: c.widths, activation: act)
        let theta = net.initialParameters(seed: 9)
        let layout = JetLayout(dimension: c.dimension, requested: c.requested)
        var g = SeededGenerator(seed: 21)
        let pts = PointSet(dimension: c.dimension, coordinates: (0..<(c.points * c.dimension)).map { _ in 3 * g.nextUniform() - 1.5 })
        let e = JetEvaluator(network: net, layout: layout, pointCount: c.points)
        e.kernels = kernels
        e.setPoints(pts)
        e.forward(theta, retain: false)
        let outputUnretained = e.output
        e.forward(theta)
        let seeds = (0..<(net.outputCount * layout.count * c.points)).map { _ in g.nextUniform() - 0.5 }
        // Columns 3 ..< 3 + B of a wider Jᵀ; the rest keeps its sentinel.
        var jt = Matrix(rows: net.parameterCount, cols: c.points + 5, repeating: 7)
        e.streamingBytes = .max
        e.backward(theta, seeds: seeds, into: &jt, columnOffset: 3)
        var streamed = Matrix(rows: net.parameterCount, cols: c.points + 5, repeating: 7)
        e.streamingBytes = 0
        e.backward(theta, seeds: seeds, into: &streamed, columnOffset: 3)
        var layerwise = Matrix(rows: net.parameterCount, cols: c.points + 5, repeating: 7)
        e.depthFirstBackward = false
        e.backward(theta, seeds: seeds, into: &layerwise, columnOffset: 3)
        var gradient = [Double](repeating: 0, count: net.parameterCount)
        e.vectorJacobianProduct(theta, seeds: seeds, into: &gradient)
        return Results(output: e.output, jt: jt.storage, jtStreamed: streamed.storage, gradient: gradient,
                       outputUnretained: outputUnretained, jtLayerwise: layerwise.storage)
    }

    @Test(arguments: cases, [Activation.tanh, .sin, .softplus])
    func agreesWithPortablePath(c: Case, act: Activation) {
        let reference = run(c, act, .portable), vector = run(c, act, .avx2FMA)
        #expect(difference(vector.output, reference.output) < 1e-13, "forward")
        #expect(difference(vector.jt, reference.jt) < 1e-13, "Jᵀ")
        #expect(difference(vector.jtStreamed, reference.jt) < 1e-13, "Jᵀ, streaming stores")
        #expect(difference(reference.jtStreamed, reference.jt) == 0, "portable path ignores streaming")
        #expect(difference(vector.gradient, reference.gradient) < 1e-12, "Jᵀw")
        // Residuals-only forward passes (intermediates in per-core scratch) and the
        // depth-first backward pass compute the same sums in the same order.
        #expect(difference(vector.outputUnretained, vector.output) == 0, "forward without retaining")
        #expect(difference(reference.outputUnretained, reference.output) == 0, "forward without retaining, portable")
        #expect(difference(vector.jtLayerwise, vector.jtStreamed) == 0, "depth-first Jᵀ = layer-wise Jᵀ")
        #expect(difference(vector.jtStreamed, vector.jt) == 0, "streaming stores change no entry")
        // The sentinel columns are untouched.
        let P = reference.jt.count / (c.points + 5)
        let outside = Array(vector.jtStreamed[0..<(3 * P)]) + Array(vector.jtStreamed[((3 + c.points) * P)...])
        #expect(outside.allSatisfy { $0 == 7 })
    }

    /// `cjk_small_gemm` on packed W and packed Wᵀ against the textbook sum, odd
    /// sizes (row tails of 1 … 7, column tiles of 1 … 6), a column sub-range with
    /// every other column of Z left untouched.
    @Test func smallProductMatchesDefinition() {
        var g = SeededGenerator(seed: 4)
        for (m, k, n) in [(37, 5, 83), (5, 37, 31), (13, 9, 7), (1, 3, 5), (9, 130, 13), (64, 64, 50), (8, 1, 6), (48, 2, 20)] {
            let w = (0..<(m * k)).map { _ in g.nextUniform() - 0.5 }
            let a = (0..<(k * n)).map { _ in g.nextUniform() - 0.5 }
            let (j0, j1) = (n / 3, n - 1)
            // W (m × k) directly, and as the transpose of the stored k × m matrix wt.
            let wt = (0..<(k * m)).map { idx in w[(idx / k) + (idx % k) * m] }   // wt[p + i·k] = W(i, p)
            for (source, rowStride, columnStride) in [(w, 1, m), (wt, k, 1)] {
                var packed = [Double](repeating: .nan, count: cjk_packed_count(m, k))
                cjk_pack_weights(m, k, source, rowStride, columnStride, &packed)
                var z = [Double](repeating: 7, count: m * n)
                cjk_small_gemm(m, n, k, packed, a, &z, j0, j1)
                var worst = 0.0
                for j in 0..<n {
                    for i in 0..<m {
                        let ref = j >= j0 && j < j1 ? (0..<k).reduce(0.0) { $0 + w[i + $1 * m] * a[$1 + j * k] } : 7
                        worst = max(worst, abs(z[i + j * m] - ref))
                    }
                }
                #expect(worst < 1e-14, "m \(m) k \(k) n \(n), strides \(rowStride), \(columnStride): \(worst)")
            }
        }
    }

    /// The default is the AVX2 path on this CPU unless the environment forces the fallback.
    @Test func bestFollowsTheEnvironment() {
        let forced = ProcessInfo.processInfo.environment["SVENPDE_PORTABLE_KERNELS"] == "1"
        #expect(JetKernels.best == (forced ? .portable : .avx2FMA))
    }
}
