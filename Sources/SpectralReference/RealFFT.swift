// RealFFT.swift — an owned FFTW real-to-complex / complex-to-real pair of size n.

import CFFTW
import Synchronization

/// Forward r2c (Y_k = Σ_j x_j e^{−2πijk/n}, k = 0 … n/2) and backward c2r
/// (x_j = Σ_{k over the full spectrum} Y_k e^{2πijk/n}, unnormalised: c2r∘r2c = n)
/// of one size, planned once under `FFTWPlanner` and reused (FFTW_ESTIMATE).
/// Complex arrays are interleaved (re, im), n/2 + 1 pairs. Calls are
/// serialised by the object's mutex.
final class RealFFT: Sendable {
    private struct Workspace: @unchecked Sendable {
        let forward: OpaquePointer, backward: OpaquePointer
        let real: UnsafeMutablePointer<Double>
        let complex: UnsafeMutablePointer<fftw_complex>
    }

    let size: Int
    private let workspace: Mutex<Workspace>

    init(size n: Int) throws {
        precondition(n >= 2 && n % 2 == 0, "RealFFT needs an even size ≥ 2, got \(n)")
        size = n
        guard let real = fftw_alloc_real(n), let complex = fftw_alloc_complex(n / 2 + 1) else {
            throw SpectralReferenceError.planningFailed(nx: n, ny: 1)
        }
        real.initialize(repeating: 0, count: n)
        let plans = FFTWPlanner.makePair {
            (fftw_plan_dft_r2c_1d(Int32(n), real, complex, UInt32(FFTW_ESTIMATE)),
             fftw_plan_dft_c2r_1d(Int32(n), complex, real, UInt32(FFTW_ESTIMATE)))
        }
        guard let forward = plans.0, let backward = plans.1 else {
            if let p = plans.0 { FFTWPlanner.destroy(p) }
            if let p = plans.1 { FFTWPlanner.destroy(p) }
            fftw_free(real)
            fftw_free(complex)
            throw SpectralReferenceError.planningFailed(nx: n, ny: 1)
        }
        workspace = Mutex(Workspace(forward: forward, backward: backward, real: real, complex: complex))
    }

    deinit {
        workspace.withLock { ws in
            FFTWPlanner.destroy(ws.forward)
            FFTWPlanner.destroy(ws.backward)
            fftw_free(ws.real)
            fftw_free(ws.complex)
        }
    }

    /// spectrum (2·(n/2 + 1) doubles) ← r2c(signal (n doubles)).
    func forward(_ signal: UnsafePointer<Double>, into spectrum: UnsafeMutablePointer<Double>) {
        let n = size
        workspace.withLock { ws in
            ws.real.update(from: signal, count: n)
            fftw_execute(ws.forward)
            UnsafeMutableRawPointer(ws.complex).withMemoryRebound(to: Double.self, capacity: n + 2) {
                spectrum.update(from: $0, count: n + 2)
            }
        }
    }

    /// signal (n doubles) ← c2r(spectrum (2·(n/2 + 1) doubles)).
    func backward(_ spectrum: UnsafePointer<Double>, into signal: UnsafeMutablePointer<Double>) {
        let n = size
        workspace.withLock { ws in
            UnsafeMutableRawPointer(ws.complex).withMemoryRebound(to: Double.self, capacity: n + 2) {
                $0.update(from: spectrum, count: n + 2)
            }
            fftw_execute(ws.backward)
            signal.update(from: ws.real, count: n)
        }
    }
}
