// ErrorNorms.swift — how far an approximation is from a reference, on the same points.

import Foundation

/// Discrete error norms between an approximation and a reference sampled at the
/// same points (e.g. a PINN and a spectral reference on a `TensorGrid2D`).
///
/// NaN anywhere propagates to the result, so a broken approximation can never
/// look accurate.
public enum ErrorNorms {
    /// Relative L2 error ‖a − r‖₂ / ‖r‖₂ = sqrt(Σ (a_i − r_i)² / Σ r_i²).
    ///
    /// On a uniform grid this approximates the continuous relative L2(Ω) error
    /// (the quadrature weights cancel). When ‖r‖₂ = 0 the result is 0 if a = r
    /// and +∞ otherwise (no relative scale exists). Both sums are scaled by the
    /// largest magnitude first (as LAPACK's `dnrm2` does), so tiny (1e-300) or
    /// huge (1e200) values neither underflow to 0 nor overflow to ∞.
    public static func relativeL2(_ approx: [Double], _ reference: [Double]) -> Double {
        precondition(approx.count == reference.count,
                     "ErrorNorms.relativeL2: approx.count = \(approx.count) but reference.count = \(reference.count)")
        var maxDiff = 0.0, maxRef = 0.0
        for i in approx.indices {
            let d = abs(approx[i] - reference[i]), r = abs(reference[i])
            if d.isNaN || r.isNaN { return .nan }
            maxDiff = max(maxDiff, d)
            maxRef = max(maxRef, r)
        }
        if maxRef == 0 { return maxDiff == 0 ? 0 : .infinity }
        if maxDiff.isInfinite || maxRef.isInfinite { return maxRef.isInfinite ? .nan : .infinity }
        let scale = max(maxDiff, maxRef)
        var diff2 = 0.0, ref2 = 0.0
        approx.withUnsafeBufferPointer { a in
            reference.withUnsafeBufferPointer { r in
                for i in 0..<a.count {
                    let d = (a[i] - r[i]) / scale, q = r[i] / scale
                    diff2 += d * d
                    ref2 += q * q
                }
            }
        }
        return (diff2 / ref2).squareRoot()
    }

    /// Maximum absolute error max_i |a_i − r_i| (0 for empty input, NaN if any
    /// difference is NaN).
    public static func maxAbs(_ approx: [Double], _ reference: [Double]) -> Double {
        precondition(approx.count == reference.count,
                     "ErrorNorms.maxAbs: approx.count = \(approx.count) but reference.count = \(reference.count)")
        var worst = 0.0
        approx.withUnsafeBufferPointer { a in
            reference.withUnsafeBufferPointer { r in
                for i in 0..<a.count {
                    let d = abs(a[i] - r[i])
                    if d.isNaN { worst = .nan; return }
                    if d > worst { worst = d }
                }
            }
        }
        return worst
    }

    /// Root-mean-square error sqrt(Σ (a_i − r_i)² / N) (0 for empty input).
    public static func rootMeanSquare(_ approx: [Double], _ reference: [Double]) -> Double {
        precondition(approx.count == reference.count,
                     "ErrorNorms.rootMeanSquare: approx.count = \(approx.count) but reference.count = \(reference.count)")
        guard !approx.isEmpty else { return 0 }
        var diff2 = 0.0
        for i in approx.indices {
            let d = approx[i] - reference[i]
            diff2 += d * d
        }
        return (diff2 / Double(approx.count)).squareRoot()
    }
}
