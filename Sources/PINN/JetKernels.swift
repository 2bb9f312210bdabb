import Foundation
internal import CJetKernels

/// Which implementation runs the jet kernels' point-wise sweeps — the tanh
/// activation sweep (`JetSweep`), the adjoint through σ and the rows of Jᵀ
/// (`JetEvaluator+Backward`) — and whether small layers' products are fused with
/// them point block by point block (`JetEvaluator.fusesProduct`).
///
/// Swift compiles this package for baseline x86-64 (two-lane SSE2, no FMA) and has
/// no per-function target attribute, and `unsafeFlags` are not allowed in a package
/// used as a dependency; so the AVX2 + FMA versions live in the C target
/// `CJetKernels` (`__attribute__((target("avx2,fma")))`), chosen at run time by a
/// CPU check. The portable Swift path stays as the fallback and as the reference
/// the tests compare against. Both compute the same formulas; the FMA path rounds
/// differently (a few ulp per value).
enum JetKernels: Sendable, Equatable {
    /// The Swift sweeps (SIMD4 tanh jet, auto-vectorised loops).
    case portable
    /// CJetKernels: four-lane AVX2 with FMA, streaming stores for large Jᵀ,
    /// point-blocked products for small layers.
    case avx2FMA

    /// `avx2FMA` when the CPU has AVX2 and FMA, unless the environment variable
    /// `SVENPDE_PORTABLE_KERNELS` is set to `1` (to measure or test the fallback);
    /// read once.
    static let best: JetKernels = {
        if ProcessInfo.processInfo.environment["SVENPDE_PORTABLE_KERNELS"] == "1" { return .portable }
        return hardwareSupportsAVX2FMA ? .avx2FMA : .portable
    }()

    /// Whether this CPU runs the AVX2 + FMA kernels (whatever the environment says).
    static var hardwareSupportsAVX2FMA: Bool {
        #if arch(x86_64)
        return cjk_available() != 0
        #else
        return false
        #endif
    }

    /// t = tanh z, σ′, σ″, σ‴ of `count` values with this implementation
    /// (`VectorTanh.jets` or `cjk_tanh_jets`); `t` may alias `z`.
    func tanhJets(_ z: UnsafePointer<Double>, count: Int, t: UnsafeMutablePointer<Double>, d1: UnsafeMutablePointer<Double>,
                  d2: UnsafeMutablePointer<Double>, d3: UnsafeMutablePointer<Double>) {
        #if arch(x86_64)
        if self == .avx2FMA {
            cjk_tanh_jets(z, count, t, d1, d2, d3)
            return
        }
        #endif
        VectorTanh.jets(z, count: count, t: t, d1: d1, d2: d2, d3: d3)
    }

    /// Jᵀ blocks of at least this many bytes are written with streaming
    /// (non-temporal) stores: no read for ownership, but the data bypass the cache,
    /// which only pays when Jᵀ would not stay in it anyway (32 MiB: Zen 3's L3).
    static let streamingBytes = 32 << 20
}

/// A `JetLayout` as CJetKernels reads it. The second-derivative pairs are held
/// here, made once, so that handing the layout to C allocates nothing.
final class CLayout {
    private let pairs: UnsafeMutablePointer<Int>
    let pointer: UnsafeMutablePointer<cjk_layout>

    init(_ layout: JetLayout) {
        pairs = .allocate(capacity: max(1, 2 * layout.seconds.count))
        for (s, (p, q)) in layout.seconds.enumerated() { pairs[2 * s] = p; pairs[2 * s + 1] = q }
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: cjk_layout(dimension: layout.dimension, count: layout.count,
                                          has_first: layout.hasFirst ? 1 : 0, has_laplacian: layout.hasLaplacian ? 1 : 0,
                                          second_count: layout.seconds.count, seconds: pairs))
    }

    deinit {
        pointer.deallocate()
        pairs.deallocate()
    }
}
