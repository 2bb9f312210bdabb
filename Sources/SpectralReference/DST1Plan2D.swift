// DST1Plan2D.swift — an owned FFTW plan for the 2D type-I discrete sine transform.

import CFFTW
import Synchronization

/// An in-place 2D DST-I (FFTW `RODFT00` along both axes) on an `nx × ny` array.
///
/// FFTW defines the 1D `RODFT00` of size n, unnormalised, as (FFTW 3.3 manual,
/// §4.8.4 "1d Real-odd DFTs (DSTs)"; https://fftw.org/doc/)
///
///     Y_k = 2 Σ_{j=0}^{n−1} X_j sin(π (j+1)(k+1) / (n+1)),   k = 0 … n−1,
///
/// and the 2D transform applies it along each axis. DST-I is its own inverse up
/// to scale: applying it twice multiplies by 2(n+1) per axis. FFTW is fastest
/// when n + 1 is a product of small primes (here a power of two).
///
/// **Layout.** Arrays are stored with the x index fastest: element (i, l) is at
/// `i + nx * l`. FFTW is row-major (last dimension fastest), so the plan is
/// made with `n0 = ny`, `n1 = nx`.
///
/// **One 2D plan.** Two `fftw_plan_many_r2r` passes (rows, then strided columns)
/// were measured as an alternative and were no faster (release, `FFTW_ESTIMATE`,
/// in place, best of 60: both ≈ 13–14 ms at 1023², ≈ 0.81 ms at 255²,
/// ≈ 0.05 ms at 63²), so the single, simpler `fftw_plan_r2r_2d` is used.
///
/// **Ownership and threads.** The plan and its `fftw_malloc`-aligned buffer are
/// created once in `init` (under `FFTWPlanner`) and destroyed in `deinit`. The
/// buffer is reused by every `apply`, which is therefore serialised by this
/// object's own mutex; different objects transform concurrently.
final class DST1Plan2D: Sendable {
    /// The plan and the buffer it was planned on. `@unchecked Sendable` because
    /// the pointers are only dereferenced inside `workspace.withLock` (and in
    /// `deinit`, when no other reference exists).
    private struct Workspace: @unchecked Sendable {
        let plan: OpaquePointer
        let buffer: UnsafeMutablePointer<Double>
    }

    /// Points along x (fastest index) and along y.
    let nx: Int
    let ny: Int

    private let workspace: Mutex<Workspace>

    /// Plans an in-place `RODFT00 ⊗ RODFT00` transform with `FFTW_ESTIMATE`
    /// (planning with `ESTIMATE` does not overwrite the buffer and takes
    /// well under a millisecond here; `MEASURE` would time candidate algorithms
    /// on, and overwrite, the buffer).
    ///
    /// - Throws: `SpectralReferenceError.planningFailed` if FFTW returns no plan.
    init(nx: Int, ny: Int) throws {
        precondition(nx >= 1 && ny >= 1, "DST1Plan2D needs nx ≥ 1 and ny ≥ 1, got nx = \(nx), ny = \(ny)")
        precondition(nx <= Int(Int32.max) && ny <= Int(Int32.max),
                     "DST1Plan2D sizes must fit in Int32, got nx = \(nx), ny = \(ny)")
        self.nx = nx
        self.ny = ny
        guard let buffer = fftw_alloc_real(nx * ny) else {
            throw SpectralReferenceError.planningFailed(nx: nx, ny: ny)
        }
        buffer.initialize(repeating: 0, count: nx * ny)
        // Flags import as Int32 macros; the planner wants `unsigned` (UInt32).
        let plan = FFTWPlanner.makePlan {
            fftw_plan_r2r_2d(Int32(ny), Int32(nx), buffer, buffer,
                             FFTW_RODFT00, FFTW_RODFT00, UInt32(FFTW_ESTIMATE))
        }
        guard let plan else {
            fftw_free(buffer)
            throw SpectralReferenceError.planningFailed(nx: nx, ny: ny)
        }
        workspace = Mutex(Workspace(plan: plan, buffer: buffer))
    }

    deinit {
        workspace.withLock { ws in
            FFTWPlanner.destroy(ws.plan)
            fftw_free(ws.buffer)
        }
    }

    /// Replaces `values` (layout `i + nx * l`) by its unnormalised 2D DST-I.
    ///
    /// Cost O(nx·ny·log(nx·ny)) plus two copies; no allocation.
    func apply(_ values: inout [Double]) {
        precondition(values.count == nx * ny,
                     "DST1Plan2D.apply: values.count = \(values.count) but nx * ny = \(nx * ny)")
        let count = nx * ny
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
