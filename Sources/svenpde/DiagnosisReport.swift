import Foundation
import PINN
import SvenSolver

/// `RunDiagnosis` as `solve` reports it: the class, its evidence, and advice with
/// sizes for this problem (the next network and the residual count it would want).
struct DiagnosisReport: Encodable {
    var diagnosis: RunDiagnosis
    /// The advice sentence, with the suggested sizes where the class asks for them.
    var advice: String

    /// Sven runs whose steps were mostly shortened (η < 1/8 on at least half the window)
    /// and that stalled or descend slowly (< `slowDescent` decades per 100 steps) are
    /// pointed to `--method sven-lm`.
    static let shortStepShare = 0.5, slowDescent = 2.0

    /// `hidden`: the file's hidden widths; `inputs`, `outputs`: the network's ends;
    /// `method`: the one that ran.
    init(_ d: RunDiagnosis, hidden: [Int], inputs: Int, outputs: Int, residuals: Int, method: Method) {
        diagnosis = d
        var advice = d.advice
        let wantsNetwork = d.kind == .plateau || d.kind == .floor || (d.kind == .plateauFullRank && d.parameterBound)
        if wantsNetwork {
            let next = Self.nextHidden(hidden)
            let p = MLP(widths: [inputs] + next + [outputs], activation: .tanh).parameterCount
            advice += ", e.g. hidden = \(next) (\(Self.grouped(p)) parameters)"
            if p > residuals {
                advice += " with at least \(Self.grouped(p + p / 4)) residuals (now \(Self.grouped(residuals))): raise the point counts too"
            }
        } else if d.kind == .plateauFullRank {
            advice += ": at least \(Self.grouped(d.rankCeiling + d.rankCeiling / 2)) residuals (now \(Self.grouped(residuals)))"
        }
        if Self.suggestsSvenLM(d, method: method) {
            advice += String(format: "; Sven's steps were accepted shortened (η < 1/8) on %.0f%% of the last %d steps: "
                             + "try --method sven-lm (damped LM steps where Sven's are short)",
                             100 * d.shortStepFraction, d.windowSteps)
        }
        self.advice = advice
    }

    /// The rule above, also read by the tests.
    static func suggestsSvenLM(_ d: RunDiagnosis, method: Method) -> Bool {
        let slow = d.kind == .plateau || d.kind == .plateauFullRank
            || (d.kind == .stillDescending && d.decadesPer100Steps < slowDescent)
        return method == .sven && slow && d.shortStepFraction >= shortStepShare
    }

    /// One step up from `hidden`: one hidden layer of width w becomes two of width
    /// max(16, w/2) (about four times the parameters in 2D); a deeper network gains a
    /// layer of its last width.
    static func nextHidden(_ hidden: [Int]) -> [Int] {
        guard let last = hidden.last else { return [32, 32] }
        if hidden.count == 1 { let w = max(16, last / 2); return [w, w] }
        return hidden + [last]
    }

    static func grouped(_ n: Int) -> String {
        let s = String(n)
        guard s.count > 4 else { return s }
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(" ") }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// "diagnosis: <kind> — <evidence>; <advice>".
    var line: String { "diagnosis: \(diagnosis.kind.rawValue) — \(diagnosis.evidence); \(advice)" }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ReportKey.self)
        try c.encode(diagnosis.kind.rawValue, forKey: ReportKey("kind"))
        try c.encode(advice, forKey: ReportKey("advice"))
        var e = c.nestedContainer(keyedBy: ReportKey.self, forKey: ReportKey("evidence"))
        try e.encode(diagnosis.windowSteps, forKey: ReportKey("window_steps"))
        try e.encode(diagnosis.decadesPer100Steps, forKey: ReportKey("decades_per_100_steps"))
        try e.encode(diagnosis.decadesPerMinute, forKey: ReportKey("decades_per_minute"))
        if diagnosis.decadesPerMinute == nil {
            try e.encode("no wall time passed over the window", forKey: ReportKey("decades_per_minute_note"))
        }
        try e.encode(diagnosis.finalRank, forKey: ReportKey("final_rank"))
        try e.encode(diagnosis.maxRank, forKey: ReportKey("max_rank"))
        try e.encode(diagnosis.rankCeiling, forKey: ReportKey("rank_ceiling"))
        try e.encode(diagnosis.costRiseFraction, forKey: ReportKey("cost_rise_fraction"))
        try e.encode(diagnosis.parameterBound, forKey: ReportKey("parameters_at_most_residuals"))
        try e.encode(diagnosis.shortStepFraction, forKey: ReportKey("short_step_fraction"))
    }
}
