// R2RPlan.swift — an owned FFTW r2r plan of rank 1…5 with one kind per axis.

import CFFTW
import Synchronization

/// An in-place multi-dimensional real-to-real FFTW transform whose kind differs
/// per axis (`RODFT00`, `REDFT00` or `R2HC`; see `SpectralAxis`). The transform is
/// separable: the 1D transform of each axis applied along that axis.
///
/// **Layout.** Axis 0 is fastest: element (i0, i1, …) at i0 + n0·(i1 + n1·(…)).
/// FFTW is row-major, so dimensions and kinds are passed reversed.
///
/// **Ownership and threads.** As `DST1Plan2D`: plan and aligned buffer made once
/// under `FFTWPlanner`, destroyed in `deinit`; `apply` is serialised by this
/// object's mutex, so one plan may be shared by several threads.
final class R2RPlan: Sendable {
    private struct Workspace: @unchecked Sendable {
        let plan: OpaquePointer
        let buffer: UnsafeMutablePointer<Double>
    }

    let sizes: [Int]
    let total: Int
    private let workspace: Mutex<Workspace>

    init(axes: [SpectralAxis]) throws {
        precondition(!axes.isEmpty && axes.count <= 5, "R2RPlan supports 1 … 5 axes, got \(axes.count)")
        sizes = axes.map(\.count)
        total = sizes.reduce(1, *)
        guard let buffer = fftw_alloc_real(total) else {
            throw SpectralReferenceError.planningFailed(nx: sizes[0], ny: total / sizes[0])
        }
        buffer.initialize(repeating: 0, count: total)
        let dims = axes.reversed().map { Int32($0.count) }
        let kinds = axes.reversed().map(\.fftwKind)
        let plan = FFTWPlanner.makePlan {
            fftw_plan_r2r(Int32(dims.count), dims, buffer, buffer, kinds, UInt32(FFTW_ESTIMATE))
        }
        guard let plan else {
            fftw_free(buffer)
            throw SpectralReferenceError.planningFailed(nx: sizes[0], ny: total / sizes[0])
        }
        workspace = Mutex(Workspace(plan: plan, buffer: buffer))
    }

    deinit {
        workspace.withLock { ws in
            FFTWPlanner.destroy(ws.plan)
            fftw_free(ws.buffer)
        }
    }

    /// Replaces `values` by its unnormalised transform. No allocation.
    func apply(_ values: inout [Double]) {
        precondition(values.count == total, "R2RPlan.apply: values.count = \(values.count) but the plan has \(total)")
        let count = total
        values.withUnsafeMutableBufferPointer { v in
            guard let base = v.baseAddress else { return }
            workspace.withLock { ws in
                ws.buffer.update(from: base, count: count)
                fftw_execute(ws.plan)
                base.update(from: ws.buffer, count: count)
            }
        }
    }
}
