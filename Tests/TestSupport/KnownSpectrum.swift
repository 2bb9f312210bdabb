import Foundation
import LinearAlgebra

extension TestData {
    /// An m × n matrix A = Q₁ diag(σ) Q₂ᵀ with the given singular values (r = σ.count
    /// ≤ min(m, n)) and seeded random orthonormal Q₁ (m × r), Q₂ (n × r) from the QR of
    /// Gaussian matrices: the oracle for every SVD route.
    public static func withSpectrum(_ m: Int, _ n: Int, sigma: [Double], seed: UInt64) throws -> Matrix {
        let r = sigma.count
        precondition(r >= 1 && r <= min(m, n), "withSpectrum: \(r) singular values for \(m) × \(n)")
        let q1 = ThinQR(rows: m, cols: r), q2 = ThinQR(rows: n, cols: r)
        try q1.orthonormalize(gaussian(m, r, seed: seed))
        try q2.orthonormalize(gaussian(n, r, seed: seed &+ 1))
        var left = q1.q
        for j in 0..<r { for i in 0..<m { left[i, j] *= sigma[j] } }
        return Matrix.product(.none, left, .transpose, q2.q)
    }

    /// σ_i = 10^(−decades·i/(r−1)), i = 0 … r−1: a geometric spectrum from 1 down to 10^−decades.
    public static func geometricSpectrum(_ r: Int, decades: Double) -> [Double] {
        (0..<r).map { i in r == 1 ? 1 : pow(10, -decades * Double(i) / Double(r - 1)) }
    }
}
