import Testing
import LinearAlgebra
import SvenSolver
import TestSupport

/// One fixed Sven step (η = 1) from θ = 0 on r(θ) = A θ − b.
private func oneStep(_ a: Matrix, _ b: [Double], _ options: Sven.Options) throws -> [Double] {
    var sven = Sven(options)
    return try LeastSquaresDriver.solve(LinearSystem(a, b), from: Array(repeating: 0, count: a.cols),
                                       optimizer: &sven, stopping: .init(maxSteps: 1)).parameters
}

@Suite("Sven's exact routes on matrices with a known spectrum")
struct SvenRouteSpectrumTests {
    /// A = Q₁ diag(σ) Q₂ᵀ with σ from 1 to 1e-12 (20 values); b = A x for a known x, so
    /// the truncated step keeping σ > 1e-8 is δ = −Q₂ diag(1/σ_i, i < k) Q₁ᵀ b exactly.
    /// A backward-stable route perturbs it by about ε·σ₁/σ_k relative (≈ 1e-9):
    /// every exact route — dgesdd, QR first, and the automatic choice — must agree
    /// with the closed form to 1e-6 relative, tall and wide, near-square and far from it.
    @Test(arguments: [(300, 20), (20, 300), (26, 20), (20, 26)])
    func exactRoutesTakeTheClosedFormTruncatedStep(b: Int, p: Int) throws {
        let r = 20
        let sigma = TestData.geometricSpectrum(r, decades: 12)
        let q1 = ThinQR(rows: b, cols: r), q2 = ThinQR(rows: p, cols: r)
        try q1.orthonormalize(TestData.gaussian(b, r, seed: 21))
        try q2.orthonormalize(TestData.gaussian(p, r, seed: 22))
        var left = q1.q
        for j in 0..<r { for i in 0..<b { left[i, j] *= sigma[j] } }
        let a = Matrix.product(.none, left, .transpose, q2.q)
        // b = A x with coefficients of size 1 in every left singular direction.
        let coefficients = TestData.gaussian(r, seed: 23)
        let rhs = q1.q.times(coefficients)
        let k = sigma.filter { $0 > 1e-8 }.count
        var c = [Double](repeating: 0, count: r)
        for i in 0..<k { c[i] = coefficients[i] / sigma[i] }
        let expected = q2.q.times(c)            // θ₀ − δ with r(θ₀) = −b: θ₁ = A_k⁺ b
        for route in [Sven.Route.svd, .qrSVD, .automatic] {
            let theta = try oneStep(a, rhs, .init(rtol: 1e-8, stepControl: .fixed(eta: 1), route: route))
            let error = maxAbsDifference(theta, expected) / norm2(expected)
            #expect(error < 1e-6, "route \(route), \(b) × \(p): relative error \(error)")
        }
    }
}
