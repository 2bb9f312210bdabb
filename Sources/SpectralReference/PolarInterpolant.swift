// PolarInterpolant.swift — a Chebyshev × Fourier solution on a disk or an annulus, evaluated anywhere.

import Foundation

/// A solution of `PolarSpectralSolver`: values at the Chebyshev × Fourier nodes,
/// evaluated anywhere by barycentric interpolation in the radius and the periodic
/// sinc (band-limited) interpolant in the angle.
public struct PolarInterpolant: Sendable {
    let solver: PolarSpectralSolver
    let nodes: [Double]
    /// values[j·M + k] at node x_j, angle 2πk/M.
    let values: [Double]

    /// u at (x, y).
    public func value(at x: Double, _ y: Double) -> Double {
        let M = solver.angles, m = nodes.count
        let dx = x - solver.center[0], dy = y - solver.center[1]
        let rho = (dx * dx + dy * dy).squareRoot(), phi = atan2(dy, dx)
        let t: Double
        switch solver.region {
        case .disk(let a): t = rho / a
        case .annulus(let r1, let r2): t = (rho - (r1 + r2) / 2) * 2 / (r2 - r1)
        }
        var radial = [Double](repeating: 0, count: m)
        Chebyshev.cardinals(at: t, nodes: nodes, weights: Chebyshev.barycentricWeights(m - 1), into: &radial)
        let h = 2 * Double.pi / Double(M)
        let sinc = (0..<M).map { k -> Double in
            let d = phi - Double(k) * h
            let half = sin(d / 2)
            if abs(half) < 1e-15 { return 1 }
            return sin(Double(M) * d / 2) / (Double(M) * tan(d / 2))
        }
        var sum = 0.0
        for j in 0..<m where radial[j] != 0 {
            var row = 0.0
            for k in 0..<M { row += sinc[k] * values[j * M + k] }
            sum += radial[j] * row
        }
        return sum
    }

    /// u at point-major (x, y) pairs.
    public func values(at points: [Double]) -> [Double] {
        stride(from: 0, to: points.count, by: 2).map { value(at: points[$0], points[$0 + 1]) }
    }
}
