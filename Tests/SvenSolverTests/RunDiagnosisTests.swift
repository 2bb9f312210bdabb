import Foundation
import Testing
@testable import SvenSolver

/// `RunDiagnosis` on synthetic histories, one per class: each history is built so
/// exactly one rule of the documented order applies.
@Suite struct RunDiagnosisTests {
    /// `n` steps, cost c(i), rank r(i), one second per step.
    func history(_ n: Int, cost: (Int) -> Double, rank: (Int) -> Int) -> [StepRecord] {
        (1...n).map { i in
            StepRecord(step: i, cost: cost(i), rank: rank(i), sigmaMax: 1, sigmaMinKept: 1e-6, eta: 1, lambda: 0,
                       elapsed: Double(i), stepNorm: 1)
        }
    }

    @Test func stillDescendingReportsTheRate() {
        // One decade per 100 steps throughout.
        let h = history(400, cost: { pow(10, -Double($0) / 100) }, rank: { _ in 50 })
        let d = RunDiagnosis(history: h, initialCost: 1, parameters: 100, residuals: 200, resampled: false)
        #expect(d.kind == .stillDescending)
        #expect(abs(d.decadesPer100Steps - 1) < 1e-9)
        #expect(abs(d.decadesPerMinute! - 0.6) < 1e-9)      // 1 decade / 100 s
        #expect(d.windowSteps == 100)
    }

    @Test func plateauAtFullRankBlamesTheNetworkWhenParametersAreFewer() {
        let h = history(400, cost: { 1e-3 * (1 + 1e-4 / Double($0)) }, rank: { _ in 99 })
        let d = RunDiagnosis(history: h, initialCost: 1, parameters: 100, residuals: 200, resampled: false)
        #expect(d.kind == .plateauFullRank)
        #expect(d.parameterBound)
        #expect(d.advice.contains("larger network"))
        let wide = RunDiagnosis(history: h, initialCost: 1, parameters: 300, residuals: 100, resampled: false)
        #expect(wide.kind == .plateauFullRank)
        #expect(wide.advice.contains("more points"))
    }

    @Test func plateauBelowFullRank() {
        let h = history(400, cost: { _ in 1e-3 }, rank: { _ in 60 })
        let d = RunDiagnosis(history: h, initialCost: 1, parameters: 100, residuals: 200, resampled: false)
        #expect(d.kind == .plateau)
        #expect(d.decadesPer100Steps == 0)
    }

    @Test func floorAfterTenDecades() {
        // Fell 12 decades in 100 steps, then flat: converged to the network's floor.
        let h = history(400, cost: { pow(10, -0.12 * Double(min($0, 100))) }, rank: { $0 < 100 ? 180 : 120 })
        let d = RunDiagnosis(history: h, initialCost: 1, parameters: 257, residuals: 1020, resampled: false)
        #expect(d.kind == .floor)
        // The same flat end 5 decades down is a plateau.
        let p = history(400, cost: { pow(10, -0.05 * Double(min($0, 100))) }, rank: { $0 < 100 ? 180 : 120 })
        #expect(RunDiagnosis(history: p, initialCost: 1, parameters: 257, residuals: 1020, resampled: false).kind == .plateau)
    }

    @Test func rankCollapse() {
        let h = history(400, cost: { _ in 1e-3 }, rank: { $0 < 200 ? 90 : 20 })
        let d = RunDiagnosis(history: h, initialCost: 1, parameters: 100, residuals: 200, resampled: false)
        #expect(d.kind == .rankCollapse)
        #expect(d.maxRank == 90 && d.finalRank == 20)
    }

    @Test func resamplingNoiseOnlyWhenPointsWereRedrawn() {
        // The cost alternates up and down around 1e-4: rises on half the steps.
        let h = history(400, cost: { 1e-4 * ($0 % 2 == 0 ? 1.5 : 1) }, rank: { _ in 50 })
        let d = RunDiagnosis(history: h, initialCost: 1, parameters: 100, residuals: 200, resampled: true)
        #expect(d.kind == .resamplingNoise)
        #expect(d.costRiseFraction > 0.4)
        let fixed = RunDiagnosis(history: h, initialCost: 1, parameters: 100, residuals: 200, resampled: false)
        #expect(fixed.kind != .resamplingNoise)
    }

    @Test func roundOffAndShortRuns() {
        let h = history(50, cost: { _ in 1e-30 }, rank: { _ in 50 })
        #expect(RunDiagnosis(history: h, initialCost: 1, parameters: 100, residuals: 200, resampled: false).kind == .roundOff)
        let short = history(3, cost: { 1 / Double($0) }, rank: { _ in 5 })
        #expect(RunDiagnosis(history: short, initialCost: 1, parameters: 100, residuals: 200, resampled: false).kind == .tooShort)
    }
}

/// The short-step share: steps with 0 < η < 1/8 among the window's.
@Suite struct RunDiagnosisShortStepTests {
    @Test func shortStepShareCountsOnlyTheWindow() {
        // 400 steps: the first 300 at η = 1, the last 100 (the window) alternating 1/16 and 1.
        let h = (1...400).map { i in
            StepRecord(step: i, cost: pow(10, -Double(i) / 100), rank: 50, sigmaMax: 1, sigmaMinKept: 1e-6,
                       eta: i > 300 && i % 2 == 0 ? 1.0 / 16 : 1, lambda: 0, elapsed: Double(i), stepNorm: 1)
        }
        let d = RunDiagnosis(history: h, initialCost: 1, parameters: 100, residuals: 200, resampled: false)
        #expect(d.windowSteps == 100)
        #expect(abs(d.shortStepFraction - 0.5) < 1e-12)
        let none = RunDiagnosis(history: Array(h.prefix(300)), initialCost: 1, parameters: 100, residuals: 200, resampled: false)
        #expect(none.shortStepFraction == 0)
    }
}
