import Testing
import Residuals

/// The RAD draw (`AdaptiveSampling`) on synthetic residuals: candidate j sits at
/// x_j = (j + ½)/M, the residual is 1 on the "hot" tenth x < 0.1 and 0.01 elsewhere.
struct AdaptiveSamplingTests {
    static let M = 10_000, N = 500
    static let magnitudes = (0..<M).map { (Double($0) + 0.5) / Double(M) < 0.1 ? 1.0 : 0.01 }

    /// Share of the drawn points in the hot region.
    static func hotShare(_ chosen: [Int]) -> Double {
        Double(chosen.filter { magnitudes[$0] == 1 }.count) / Double(chosen.count)
    }

    /// The share of the probability mass on the hot region (with replacement; N ≪ M
    /// makes the draw without replacement close to it).
    static func expectedHotShare(k: Double, c: Double) -> Double {
        let meanPower = 0.1 + 0.9 * Foundation_pow(0.01, k)
        let hot = 0.1 * (1 / meanPower + c), cold = 0.9 * (Foundation_pow(0.01, k) / meanPower + c)
        return hot / (hot + cold)
    }

    @Test(arguments: [(2.0, 0.0), (2.0, 1.0), (1.0, 1.0), (2.0, 1e6)])
    func pointsGoWhereTheResidualIsLargeAndTheUniformShareHolds(_ k: Double, _ c: Double) {
        let rad = AdaptiveSampling(exponent: k, constant: c, candidates: Self.M)
        let chosen = rad.draw(magnitudes: Self.magnitudes, count: Self.N, seed: 7)
        let share = Self.hotShare(chosen), expected = Self.expectedHotShare(k: k, c: c)
        // Binomial standard deviation √(p(1−p)/N) ≤ 0.023: five of them.
        #expect(abs(share - expected) < 0.11, "k = \(k), c = \(c): hot share \(share), expected ≈ \(expected)")
        if c == 0 { #expect(share > 0.95) }                // residual-driven: nearly all in the hot tenth
        if c == 1 && k == 2 { #expect(share > 0.4 && share < 0.7) }   // half the mass kept uniform
        if c == 1e6 { #expect(share > 0.05 && share < 0.16) }          // uniform: the tenth's own share
    }

    @Test func drawIsDistinctSortedAndReproducibleBySeed() {
        let rad = AdaptiveSampling(candidates: Self.M)
        let a = rad.draw(magnitudes: Self.magnitudes, count: Self.N, seed: 3)
        let b = rad.draw(magnitudes: Self.magnitudes, count: Self.N, seed: 3)
        let c = rad.draw(magnitudes: Self.magnitudes, count: Self.N, seed: 4)
        #expect(a.count == Self.N && Set(a).count == Self.N && a == a.sorted())
        #expect(a == b)
        // Another seed: another sample (two samples of 500 of 10 000 share far fewer than half their points).
        #expect(Set(a).intersection(c).count < Self.N / 2)
        #expect(AdaptiveSampling.drawSeed(seed: 1, epoch: 2) != AdaptiveSampling.drawSeed(seed: 1, epoch: 3))
    }

    @Test func allCandidatesAreTakenWhenNEqualsM() {
        let rad = AdaptiveSampling(candidates: 50)
        let m = (0..<50).map { Double($0) }
        #expect(rad.draw(magnitudes: m, count: 50, seed: 1) == Array(0..<50))
    }

    @Test func weightsIgnoreScaleAndSurviveZerosAndNonFiniteValues() {
        let rad = AdaptiveSampling(exponent: 2, constant: 1, candidates: 4)
        let w = rad.weights(magnitudes: [1, 2, 0, 3])
        let scaled = rad.weights(magnitudes: [1e200, 2e200, 0, 3e200])
        for (a, b) in zip(w, scaled) { #expect(abs(a - b) <= 1e-12 * a) }
        // Mean of the first part is 1: Σ p = M(1 + c).
        #expect(abs(w.reduce(0, +) - 8) < 1e-12)
        #expect(w[2] == 1 && w[3] > w[1] && w[1] > w[0])
        #expect(rad.weights(magnitudes: [0, 0, 0]) == [1, 1, 1])
        let bad = rad.weights(magnitudes: [1, .nan, .infinity, 1])
        #expect(bad.allSatisfy(\.isFinite) && bad[1] == bad[2] && bad[1] == bad[0])
        // k = 0: every candidate alike.
        let flat = AdaptiveSampling(exponent: 0, constant: 1, candidates: 3).weights(magnitudes: [1, 5, 0])
        #expect(flat[0] == flat[1])
    }
}

import Foundation
private func Foundation_pow(_ a: Double, _ b: Double) -> Double { pow(a, b) }

@Test func candidatePoolCountsInTheMemoryEstimate() {
    var s = MemoryEstimate.Sizes()
    (s.dimension, s.points, s.residuals, s.parameters, s.widthSum, s.channels) = (2, 2_000, 2_300, 921, 63, 4)
    let without = MemoryEstimate(s).bytes
    (s.candidatePoints, s.candidateChunk) = (1_000_000, 2_000)
    let with = MemoryEstimate(s)
    #expect(with.bytes - without >= 8 * 1_000_000 * 4)
    #expect(with.parts.contains { $0.name == "adaptive-sampling candidates" && $0.cause == .points })
}
