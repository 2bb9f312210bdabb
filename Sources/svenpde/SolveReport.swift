import Foundation
import SolutionIO
import SvenSolver

/// A number of summary.json that may be missing or not finite. JSON has no NaN
/// or ∞, so the file's one rule is: a key `k` holds a finite number, or `null`
/// and then `k_note` beside it says why (not given, not computed, not finite
/// and the cause). `k_note` is present exactly when `k` is null.
struct Metric: Encodable {
    var value: Double?
    var note: String?
    /// True when a value existed but was NaN or ±∞ (not merely absent).
    var isNonFinite = false

    /// `x` when finite; nil with the note `missing` when there is no `x`, or with
    /// `nonFinite()` when `x` is NaN or ±∞.
    init(_ x: Double?, missing: String, nonFinite: @autoclosure () -> String) {
        if let x {
            if x.isFinite { value = x } else { note = nonFinite(); isNonFinite = true }
        } else {
            note = missing
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}

/// A string key for the report's hand-written encoding.
struct ReportKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedEncodingContainer where K == ReportKey {
    /// `key: value` and, when the value is null, `key_note: why`.
    mutating func encode(_ m: Metric, _ key: String) throws {
        try encode(m.value, forKey: ReportKey(key))
        if let note = m.note, m.value == nil { try encode(note, forKey: ReportKey(key + "_note")) }
    }
}

/// What `summary.json` of `svenpde solve` holds. Keys are snake_case; every
/// number that can be missing follows `Metric`'s rule (null with a `_note`).
/// It is always written — also when the run produced nothing usable — and
/// `exit_status` repeats the process's exit status (see `ExitStatus`).
struct SolveReport: Encodable {
    var problem: String
    var method: String
    var network: [Int]
    var parameters: Int
    var residuals: Int
    var steps: Int
    var wallSeconds: Double
    var secondsPerStep: Metric
    var initialLoss: Metric
    var finalLoss: Metric
    var relL2Reference: Metric
    var relL2Exact: Metric
    var maxAbsErrorReference: Metric
    var referenceRelL2VsExact: Metric
    var termination: String
    var converged: Bool
    var message: String
    var finalRank: Int?
    /// Why the run ended where it did (`RunDiagnosis`); nil when no step was taken.
    var diagnosis: DiagnosisReport?
    var blasThreads: Int
    /// Per field: rel L2 and max error against `[exact]`.
    var perField: [FieldErrors] = []
    /// Time-dependent problems: the first field's errors per time slice of the grid.
    var perTimeSlice: [SliceErrors] = []
    /// The files written beside summary.json.
    var files: [String] = []
    var seed: UInt64 = 0
    /// What the solution was compared with (method, resolution, estimated error).
    var reference = ReferenceRecord(method: "none")
    /// `[[data]]` held-out points: their count (0: none) and the fit's errors on them.
    var validationPoints = 0
    var validationMSE = Metric(nil, missing: "no [[data]] table holds rows out (validation or validation_file)", nonFinite: "")
    var validationRelL2 = Metric(nil, missing: "no [[data]] table holds rows out (validation or validation_file)", nonFinite: "")
    /// The file the initial parameters came from (`--init`, `[network] init_file`); nil: from `seed`.
    var initFile: String?
    /// Peak resident memory of the process (getrusage ru_maxrss), bytes.
    var peakMemoryBytes: Int = SolveReport.peakMemory()
    /// What went wrong without ending the run (a checkpoint or history row not written).
    var warnings: [String] = []
    /// Inverse problems: the identified unknowns (`UnknownsReport`).
    var unknowns: UnknownsReport?
    var exitStatus: Int32 = ExitStatus.success

    static func peakMemory() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024          // kilobytes on Linux
    }

    struct FieldErrors: Encodable {
        var field: String
        var relL2Exact: Metric
        var maxAbsExact: Metric
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ReportKey.self)
            try c.encode(field, forKey: ReportKey("field"))
            try c.encode(relL2Exact, "rel_l2_exact"); try c.encode(maxAbsExact, "max_abs_exact")
        }
    }

    struct SliceErrors: Encodable {
        var t: Double
        var relL2: Metric
        var maxAbs: Metric
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ReportKey.self)
            try c.encode(t, forKey: ReportKey("t"))
            try c.encode(relL2, "rel_l2"); try c.encode(maxAbs, "max_abs")
        }
    }

    /// The solver's part; the errors are filled in by the caller (`SolveReport+Errors`).
    init(problem: String, method: String, network: [Int], parameters: Int, residuals: Int, summary: Summary,
         threads: Int, initialLossNote: String) {
        self.problem = problem; self.method = method; self.network = network
        self.parameters = parameters; self.residuals = residuals
        steps = summary.steps
        wallSeconds = summary.wallSeconds
        secondsPerStep = Metric(summary.steps > 0 ? summary.wallSeconds / Double(summary.steps) : nil,
                                missing: "no steps were taken", nonFinite: "not finite")
        initialLoss = Metric(summary.initialCost, missing: "", nonFinite: initialLossNote)
        finalLoss = Metric(summary.finalCost, missing: "",
                           nonFinite: summary.steps == 0 ? initialLossNote : "the loss is not finite at the final parameters")
        let none = Metric(nil, missing: "not computed", nonFinite: "")
        relL2Reference = none; relL2Exact = none; maxAbsErrorReference = none; referenceRelL2VsExact = none
        termination = summary.termination.rawValue
        converged = summary.termination.isConvergence
        message = summary.message
        finalRank = summary.history.last?.rank
        blasThreads = threads
    }

    /// Every metric whose value was not finite, with its note.
    var nonFiniteMetrics: [(key: String, note: String)] {
        var out: [(key: String, note: String)] = []
        func add(_ m: Metric, _ key: String) { if m.isNonFinite { out.append((key, m.note ?? "not finite")) } }
        add(initialLoss, "initial_loss"); add(finalLoss, "final_loss")
        add(relL2Reference, "rel_l2_reference"); add(relL2Exact, "rel_l2_exact")
        add(validationMSE, "validation_mse"); add(validationRelL2, "validation_rel_l2")
        add(maxAbsErrorReference, "max_abs_error_reference"); add(referenceRelL2VsExact, "reference_rel_l2_vs_exact")
        for f in perField { add(f.relL2Exact, "per_field.\(f.field).rel_l2_exact"); add(f.maxAbsExact, "per_field.\(f.field).max_abs_exact") }
        for s in perTimeSlice { add(s.relL2, "per_time_slice[t=\(s.t)].rel_l2"); add(s.maxAbs, "per_time_slice[t=\(s.t)].max_abs") }
        return out
    }

    /// One line for metrics that are not finite: the keys that share a reason, then the reason.
    static func nonFiniteLine(_ metrics: [(key: String, note: String)], path: String) -> String {
        var notes: [String] = [], keys: [String: [String]] = [:]
        for m in metrics {
            if keys[m.note] == nil { notes.append(m.note) }
            keys[m.note, default: []].append(m.key)
        }
        return "not finite, written as null in \(path): "
            + notes.map { "\(keys[$0]!.joined(separator: ", ")) (\($0))" }.joined(separator: "; ")
    }

    /// Encode every key, with null (and a note) for missing values.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ReportKey.self)
        func put<T: Encodable>(_ v: T, _ key: String) throws { try c.encode(v, forKey: ReportKey(key)) }
        try put(problem, "problem"); try put(method, "method"); try put(network, "network")
        try put(parameters, "parameters"); try put(residuals, "residuals"); try put(steps, "steps")
        try put(wallSeconds.isFinite ? wallSeconds : 0, "wall_seconds")
        try c.encode(secondsPerStep, "seconds_per_step")
        try c.encode(initialLoss, "initial_loss"); try c.encode(finalLoss, "final_loss")
        try c.encode(relL2Reference, "rel_l2_reference"); try c.encode(relL2Exact, "rel_l2_exact")
        try c.encode(maxAbsErrorReference, "max_abs_error_reference")
        try c.encode(referenceRelL2VsExact, "reference_rel_l2_vs_exact")
        try put(reference, "reference")
        try put(validationPoints, "validation_points")
        try c.encode(validationMSE, "validation_mse"); try c.encode(validationRelL2, "validation_rel_l2")
        try put(termination, "termination"); try put(converged, "converged"); try put(message, "message")
        try put(finalRank, "final_rank")
        if finalRank == nil { try put("no steps were taken", "final_rank_note") }
        try put(diagnosis, "diagnosis")
        if diagnosis == nil { try put("no steps were taken", "diagnosis_note") }
        try put(blasThreads, "blas_threads")
        try put(perField, "per_field"); try put(perTimeSlice, "per_time_slice")
        try put(files, "files"); try put(seed, "seed"); try put(initFile, "init_file")
        if initFile == nil { try put("the initial parameters were drawn from seed", "init_file_note") }
        try put(peakMemoryBytes, "peak_memory_bytes")
        try put(warnings, "warnings"); try put(exitStatus, "exit_status")
        if let unknowns { try put(unknowns, "unknowns") }
    }

    /// Write `summary.json` into `directory`; returns its path.
    func write(to directory: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let path = (directory as NSString).appendingPathComponent("summary.json")
        try AtomicFile.write(Array(try encoder.encode(self)) + Array("\n".utf8), to: path)
        return path
    }
}
