import Foundation
import Testing
import LinearAlgebra
import SeededRandom
@testable import SvenSolver
import TestSupport

/// A = Q₁ diag(σ) Q₂ᵀ (b × p) with the given σ (length r ≤ min(b, p)).
private func matrix(_ b: Int, _ p: Int, sigma: [Double], seed: UInt64) throws -> (a: Matrix, q1: Matrix, q2: Matrix) {
    let r = sigma.count
    let q1 = ThinQR(rows: b, cols: r), q2 = ThinQR(rows: p, cols: r)
    try q1.orthonormalize(TestData.gaussian(b, r, seed: seed))
    try q2.orthonormalize(TestData.gaussian(p, r, seed: seed + 1))
    var left = q1.q
    for j in 0..<r { for i in 0..<b { left[i, j] *= sigma[j] } }
    return (Matrix.product(.none, left, .transpose, q2.q), q1.q, q2.q)
}

/// The truncated step's coefficients −g_i/σ_i (σ_i > rtol·σ₁) mapped through V.
private func truncatedStep(_ f: SpectralFactor, jt: Matrix, rtol: Double) -> [Double] {
    let k = f.sigma.prefix(while: { $0 > rtol * f.sigma[0] }).count
    var c = [Double](repeating: 0, count: f.count)
    for i in 0..<k { c[i] = -f.g[i] / f.sigma[i] }
    var delta = [Double](repeating: 0, count: jt.rows)
    f.applyV(c, jt: jt, into: &delta)
    return delta
}

@Suite("The tracked route: SVD on a subspace carried between steps")
struct TrackedSubspaceTests {
    /// Spectrum 1 … 1e-12 over 60 values, then exactly zero (a 400 × 300 J of rank 60):
    /// the kept rank at rtol 1e-10 is 51, well below min(B, P)/2, so a sketch must answer
    /// (not the fallback) and give σ to round-off of σ₁ and the closed-form truncated step.
    @Test(arguments: [(400, 300), (300, 400)])
    func aSketchGivesTheExactPairsWhenTheRankIsLow(b: Int, p: Int) throws {
        let sigma = TestData.geometricSpectrum(60, decades: 12)
        let (a, q1, q2) = try matrix(b, p, sigma: sigma, seed: 31)
        let jt = a.transposed
        let coefficients = TestData.gaussian(60, seed: 33)
        let r = q1.times(coefficients).map { -$0 }                  // r = −Q₁ c: step δ = Q₂ Σ⁻¹ c
        let f = SpectralFactor(route: .tracked, p: p, b: b, rtol: 1e-10, seed: 5)
        try f.factor(jt: jt, residuals: r, system: LinearSystem(a, r), parameters: [])
        let t = f.tracked!
        #expect(!t.usedFullSVD && t.width < min(b, p) / 2, "width \(t.width), full \(t.usedFullSVD)")
        for i in 0..<60 where sigma[i] >= 1e-10 {
            #expect(abs(f.sigma[i] - sigma[i]) <= 1e-13, "σ_\(i): \(f.sigma[i]) vs \(sigma[i])")
        }
        let k = sigma.filter { $0 > 1e-10 }.count
        var c = [Double](repeating: 0, count: 60)
        for i in 0..<k { c[i] = coefficients[i] / sigma[i] }
        let expected = q2.times(c)
        let delta = truncatedStep(f, jt: jt, rtol: 1e-10)
        let error = maxAbsDifference(delta, expected) / norm2(expected)
        #expect(error < 1e-6, "relative error of the step \(error)")
    }

    /// After a step the carried basis starts the next sketch: on a perturbed J (A·(I + E),
    /// ‖E‖ ≈ 1e-3, so its spectrum is not known in closed form) one sketch answers, and its σ
    /// and step agree with dgesdd of the new J.
    @Test func theCarriedBasisAnswersTheNextStep() throws {
        let (b, p) = (400, 300)
        let (a, _, _) = try matrix(b, p, sigma: TestData.geometricSpectrum(60, decades: 12), seed: 41)
        var e = TestData.gaussian(p, p, seed: 43)
        for i in e.storage.indices { e.storage[i] *= 1e-3 / Double(p).squareRoot() }
        for i in 0..<p { e[i, i] += 1 }
        let a2 = Matrix.product(a, e)
        let r = TestData.gaussian(b, seed: 44)
        let f = SpectralFactor(route: .tracked, p: p, b: b, rtol: 1e-10, seed: 6)
        try f.factor(jt: a.transposed, residuals: r, system: LinearSystem(a, r), parameters: [])
        let carried = f.tracked!.basis.cols
        #expect(carried > 51 && carried < 150, "carried \(carried) columns")
        let jt2 = a2.transposed
        try f.factor(jt: jt2, residuals: r, system: LinearSystem(a2, r), parameters: [])
        #expect(!f.tracked!.usedFullSVD && f.tracked!.attempts == 1)
        let exact = SpectralFactor(route: .svdOfJt, p: p, b: b, seed: 0)
        try exact.factor(jt: jt2, residuals: r, system: LinearSystem(a2, r), parameters: [])
        let k = exact.sigma.prefix(while: { $0 > 1e-10 * exact.sigma[0] }).count
        for i in 0..<k { #expect(abs(f.sigma[i] - exact.sigma[i]) <= 1e-13 * exact.sigma[0]) }
        let want = truncatedStep(exact, jt: jt2, rtol: 1e-10), got = truncatedStep(f, jt: jt2, rtol: 1e-10)
        let error = maxAbsDifference(got, want) / norm2(want)
        #expect(error < 1e-6, "relative error of the step \(error)")
    }

    /// A spectrum 1 … 1e-12 over all 150 values keeps 125 at rtol 1e-10, more than a sketch
    /// of min(B, P)/2 can resolve: the exact route answers, with the same step as dgesdd.
    @Test func aHighRankFallsBackToTheExactRoute() throws {
        let (b, p) = (200, 150)
        let (a, _, _) = try matrix(b, p, sigma: TestData.geometricSpectrum(150, decades: 12), seed: 51)
        let r = TestData.gaussian(b, seed: 52)
        let f = SpectralFactor(route: .tracked, p: p, b: b, rtol: 1e-10, seed: 7)
        let exact = SpectralFactor(route: .svdOfJ, p: p, b: b, seed: 0)
        for _ in 0..<2 {        // the second step goes straight to the exact route (rank known)
            try f.factor(jt: a.transposed, residuals: r, system: LinearSystem(a, r), parameters: [])
            #expect(f.tracked!.usedFullSVD)
        }
        #expect(f.tracked!.attempts == 0)
        try exact.factor(jt: a.transposed, residuals: r, system: LinearSystem(a, r), parameters: [])
        let want = truncatedStep(exact, jt: a.transposed, rtol: 1e-10)
        let got = truncatedStep(f, jt: a.transposed, rtol: 1e-10)
        #expect(maxAbsDifference(got, want) / norm2(want) < 1e-6)
    }

    /// Through Sven: one fixed step (η = 1) with the tracked and the automatic route is the
    /// closed-form truncated step; the automatic route is the tracked one at rtol 1e-10.
    @Test func svenTakesTheClosedFormStepOnTheTrackedRoute() throws {
        let sigma = TestData.geometricSpectrum(60, decades: 12)
        let (a, q1, q2) = try matrix(400, 300, sigma: sigma, seed: 61)
        let coefficients = TestData.gaussian(60, seed: 63)
        let rhs = q1.times(coefficients)
        let k = sigma.filter { $0 > 1e-10 }.count
        var c = [Double](repeating: 0, count: 60)
        for i in 0..<k { c[i] = coefficients[i] / sigma[i] }
        let expected = q2.times(c)
        #expect(Sven.resolve(.automatic, rtol: 1e-10, k: .max, p: 300, b: 400, matrixFree: false) == .tracked)
        #expect(Sven.resolve(.automatic, rtol: 1e-13, k: .max, p: 300, b: 400, matrixFree: false) != .tracked)
        for route in [Sven.Route.tracked, .automatic] {
            var sven = Sven(.init(rtol: 1e-10, stepControl: .fixed(eta: 1), route: route))
            let theta = try LeastSquaresDriver.solve(LinearSystem(a, rhs), from: Array(repeating: 0, count: 300),
                                                     optimizer: &sven, stopping: .init(maxSteps: 1)).parameters
            #expect(maxAbsDifference(theta, expected) / norm2(expected) < 1e-6, "route \(route)")
        }
    }
}

/// The 1-64-1 tanh fit of sin 2x + 0.3 cos 5x at 300 points: a Jacobian of 300 × 193
/// whose numerical rank at 1e-10 (29–41 along the first 12 steps, widths ≤ 60) is far below 193/2, so
/// the tracked route's sketches (not its fallback) take the steps.
private func wideFit() -> MLPFit { MLPFit(hidden: 64, points: 300) { sin(2 * $0) + 0.3 * cos(5 * $0) } }

@Suite("The tracked route in a run")
struct TrackedRunTests {
    /// Resuming from a checkpoint continues the run bit for bit: the carried basis and
    /// the last rank travel in the checkpoint (through JSON).
    @Test func resumeIsBitForBitWithTheCarriedBasis() throws {
        let stopping = StoppingCriteria(maxSteps: 12)
        let options = Sven.Options(route: .tracked)
        var straight = Sven(options)
        var saved: [SolverCheckpoint] = []
        let (theta, summary) = try LeastSquaresDriver.solve(
            wideFit(), from: MLPFit.initialParameters(seed: 9, hidden: 64), optimizer: &straight, stopping: stopping,
            checkpointEvery: 4) { saved.append($0) }
        #expect(summary.steps == 12)
        let tracked = try #require(straight.workspace?.factor.tracked)
        #expect(!tracked.usedFullSVD && tracked.basis.cols > 0, "the last step was not a sketch")
        for checkpoint in saved.dropLast() {
            let read = try SolverCheckpoint(json: checkpoint.json())
            var fresh = Sven(options)
            let (resumedTheta, resumed) = try LeastSquaresDriver.resume(wideFit(), from: read, optimizer: &fresh,
                                                                        stopping: stopping)
            #expect(bits(resumedTheta) == bits(theta), "resumed from step \(checkpoint.driver.steps)")
            #expect(bits(resumed.history) == bits(summary.history))
        }
    }
}
