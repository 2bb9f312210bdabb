import Foundation

/// Why a run ended where it did, read from measured signals of its history, so a
/// user knows what to change: wait longer, enlarge the network or the point set,
/// restart, or stop redrawing points.
///
/// The signals (all from `StepRecord`s, so every method gets one):
/// - the descent rate over the last window (the last quarter of the steps, at least
///   10 and at most 200): decades of ½‖r‖² per 100 steps and per minute;
/// - the rank of the step against its ceiling min(B, P) (B residuals, P parameters),
///   and against the largest rank the run had;
/// - how often the cost rose from one step to the next (only possible with redrawn
///   points or mini-batches; a monotone method never lets it rise);
/// - the cost against the round-off floor ε²·½‖r₀‖² of float64;
/// - the share of the window's steps accepted shortened, η < 1/8 (meaningful for Sven,
///   whose η is a backtracking factor: its Gauss–Newton model was not trusted at the
///   scale of the step, where a damped step chosen by the gain ratio does better —
///   `SvenLM`).
///
/// The classes, first match wins:
/// 1. `roundOff`: the cost is within 10⁴ ε² of where it started — nothing left to gain.
/// 2. `resamplingNoise`: points are redrawn and the cost rose on ≥ 20 % of the window's
///    steps — the draws' noise, not the solver, sets the floor.
/// 3. `stillDescending`: the window lost ≥ 0.5 decade per 100 steps — stopping was
///    the budget's doing; the rate says how far more time goes.
/// 4. `floor`: slower than that after the cost fell ≥ 10 decades from the start — the
///    run converged to what this network at these points can do (poisson.toml stops
///    here at rel L2 ~1e-10); only a larger network or more points go further.
/// 5. `rankCollapse`: the rank ended below half the largest rank of the run.
/// 6. `plateauFullRank`: slower than that, with the rank at ≥ 90 % of min(B, P) — the
///    linearised model has no direction left: when P ≤ B the network is too small;
///    when B < P the points are too few to pin the solution down.
/// 7. `plateau`: slower, below full rank — a flat region or a local minimum of this
///    network; a larger network (which enlarges the tangent space) or another seed.
public struct RunDiagnosis: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case roundOff = "round_off"
        case resamplingNoise = "resampling_noise"
        case rankCollapse = "rank_collapse"
        case stillDescending = "still_descending"
        case floor
        case plateauFullRank = "plateau_full_rank"
        case plateau
        case tooShort = "too_short"
    }

    public var kind: Kind
    /// Steps of the window the rates are measured over.
    public var windowSteps: Int
    /// Decades of cost lost per 100 steps over the window (≥ 0 when it fell).
    public var decadesPer100Steps: Double
    /// Decades of cost lost per minute of wall time over the window (nil when no time passed).
    public var decadesPerMinute: Double?
    /// The last step's rank, the largest rank of the run, and min(B, P).
    public var finalRank: Int
    public var maxRank: Int
    public var rankCeiling: Int
    /// Fraction of the window's steps on which the cost rose.
    public var costRiseFraction: Double
    /// True when P ≤ B (the network, not the points, bounds the rank).
    public var parameterBound: Bool
    /// Fraction of the window's steps taken with 0 < η < 1/8.
    public var shortStepFraction: Double

    /// Reads `history`. `resampled`: the interior points were redrawn during the run.
    public init(history: [StepRecord], initialCost: Double, parameters: Int, residuals: Int, resampled: Bool) {
        let n = history.count
        let w = min(200, max(10, n / 4))
        let window = Array(history.suffix(min(n, w + 1)))
        windowSteps = max(0, window.count - 1)
        rankCeiling = min(parameters, residuals)
        parameterBound = parameters <= residuals
        finalRank = history.last?.rank ?? 0
        maxRank = history.map(\.rank).max() ?? 0
        var rises = 0
        for (a, b) in zip(window, window.dropFirst()) where b.cost > a.cost * (1 + 1e-12) { rises += 1 }
        costRiseFraction = windowSteps > 0 ? Double(rises) / Double(windowSteps) : 0
        let short = window.dropFirst().filter { $0.eta > 0 && $0.eta < 0.125 }.count
        shortStepFraction = windowSteps > 0 ? Double(short) / Double(windowSteps) : 0
        if let first = window.first, let last = window.last, windowSteps > 0, first.cost > 0, last.cost > 0 {
            // The best cost of the window against its first: noise does not pass for descent.
            let best = window.map(\.cost).min()!
            let decades = log10(first.cost / best)
            decadesPer100Steps = 100 * decades / Double(windowSteps)
            let dt = last.elapsed - first.elapsed
            decadesPerMinute = dt > 0 ? 60 * decades / dt : nil
        } else {
            decadesPer100Steps = 0
            decadesPerMinute = nil
        }
        let finalCost = history.last?.cost ?? initialCost
        let eps = Double.ulpOfOne
        if n < 10 {
            kind = finalCost <= 1e4 * eps * eps * initialCost ? .roundOff : .tooShort
        } else if finalCost <= 1e4 * eps * eps * initialCost || finalCost == 0 {
            kind = .roundOff
        } else if resampled && costRiseFraction >= 0.2 {
            kind = .resamplingNoise
        } else if decadesPer100Steps >= 0.5 {
            kind = .stillDescending
        } else if finalCost <= 1e-10 * initialCost {
            kind = .floor
        } else if maxRank > 0 && finalRank * 2 < maxRank {
            kind = .rankCollapse
        } else if maxRank > 0 && Double(finalRank) >= 0.9 * Double(rankCeiling) {
            kind = .plateauFullRank
        } else {
            kind = .plateau
        }
    }

    /// The evidence in one clause, e.g. "0.02 decades per 100 steps over the last 200 steps, rank 321 of 321".
    public var evidence: String {
        var parts = [String(format: "the loss fell %.2g decades per 100 steps over the last %d steps", decadesPer100Steps, windowSteps)]
        if let m = decadesPerMinute { parts.append(String(format: "%.2g per minute", m)) }
        if maxRank > 0 { parts.append("rank \(finalRank) of at most \(rankCeiling) (largest in the run \(maxRank))") }
        if costRiseFraction > 0 { parts.append(String(format: "the loss rose on %.0f%% of those steps", 100 * costRiseFraction)) }
        return parts.joined(separator: ", ")
    }

    /// What the class means and what to try, without problem-specific advice (the CLI adds the sizes).
    public var advice: String {
        switch kind {
        case .roundOff: return "the loss is at float64 round-off: nothing more to gain"
        case .resamplingNoise:
            return "the redrawn points' noise sets the floor: use more points per draw or stop redrawing for the final steps"
        case .rankCollapse:
            return "the Jacobian's rank collapsed (saturated units): try another seed or a smaller initial scale"
        case .stillDescending: return "still descending when the run stopped: more time or steps will lower the error"
        case .floor:
            return "converged: the loss fell more than 10 decades and stopped at what this network can do at these points; only a larger network or more points go further"
        case .plateauFullRank:
            return parameterBound
                ? "a plateau at full rank: the network has too few parameters for this problem; use a larger network"
                : "a plateau at full rank with fewer residuals than parameters: the points are too few to pin the solution down; use more points"
        case .plateau: return "a plateau below full rank: a flat region or local minimum of this network; a larger network or another seed may go further"
        case .tooShort: return "too few steps to tell why it stopped"
        }
    }
}
