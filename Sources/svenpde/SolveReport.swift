import Foundation
import SolutionIO
import SvenSolver

/// What `summary.json` holds. Keys are snake_case; a quantity that is unknown
/// or not finite is `null`.
struct SolveReport: Encodable {
    var problem: String
    var method: String
    var network: [Int]
    var parameters: Int
    var residuals: Int
    var steps: Int
    var wallSeconds: Double
    var secondsPerStep: Double?
    var initialLoss: Double?
    var finalLoss: Double?
    var relL2Reference: Double?
    var relL2Exact: Double?
    var maxAbsErrorReference: Double?
    var referenceRelL2VsExact: Double?
    var termination: String
    var converged: Bool
    var message: String
    var finalRank: Int?
    var blasThreads: Int
    /// Per field: rel L2 and max error against `[exact]` (nil where not given).
    var perField: [FieldErrors] = []
    /// Time-dependent problems: the first field's errors per time slice of the grid.
    var perTimeSlice: [SliceErrors] = []
    /// The files written beside summary.json.
    var files: [String] = []
    var seed: UInt64 = 0
    /// Peak resident memory of the process (getrusage ru_maxrss), bytes.
    var peakMemoryBytes: Int = SolveReport.peakMemory()

    static func peakMemory() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024          // kilobytes on Linux
    }

    struct FieldErrors: Encodable {
        var field: String
        var relL2Exact: Double?
        var maxAbsExact: Double?
        enum CodingKeys: String, CodingKey { case field, relL2Exact = "rel_l2_exact", maxAbsExact = "max_abs_exact" }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(field, forKey: .field); try c.encode(relL2Exact, forKey: .relL2Exact); try c.encode(maxAbsExact, forKey: .maxAbsExact)
        }
    }

    struct SliceErrors: Encodable {
        var t: Double
        var relL2: Double
        var maxAbs: Double
        enum CodingKeys: String, CodingKey { case t, relL2 = "rel_l2", maxAbs = "max_abs" }
    }

    init(problem: String, method: String, network: [Int], parameters: Int, residuals: Int,
         summary: Summary, errors: SolutionErrors, threads: Int) {
        func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }
        self.problem = problem; self.method = method; self.network = network
        self.parameters = parameters; self.residuals = residuals
        steps = summary.steps
        wallSeconds = summary.wallSeconds
        secondsPerStep = summary.steps > 0 ? summary.wallSeconds / Double(summary.steps) : nil
        initialLoss = finite(summary.initialCost)
        finalLoss = finite(summary.finalCost)
        relL2Reference = finite(errors.relL2Reference)
        relL2Exact = finite(errors.relL2Exact)
        maxAbsErrorReference = finite(errors.maxAbsReference)
        referenceRelL2VsExact = finite(errors.referenceVsExact)
        termination = summary.termination.rawValue
        converged = summary.termination.isConvergence
        message = summary.message
        finalRank = summary.history.last?.rank
        blasThreads = threads
    }

    enum CodingKeys: String, CodingKey {
        case problem, method, network, parameters, residuals, steps, termination, converged, message
        case wallSeconds = "wall_seconds", secondsPerStep = "seconds_per_step"
        case initialLoss = "initial_loss", finalLoss = "final_loss"
        case relL2Reference = "rel_l2_reference", relL2Exact = "rel_l2_exact"
        case maxAbsErrorReference = "max_abs_error_reference", referenceRelL2VsExact = "reference_rel_l2_vs_exact"
        case finalRank = "final_rank", blasThreads = "blas_threads"
        case perField = "per_field", perTimeSlice = "per_time_slice", files, seed, peakMemoryBytes = "peak_memory_bytes"
    }

    /// Encode every key, with null for missing values (the default encoder would drop them).
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(problem, forKey: .problem); try c.encode(method, forKey: .method)
        try c.encode(network, forKey: .network); try c.encode(parameters, forKey: .parameters)
        try c.encode(residuals, forKey: .residuals); try c.encode(steps, forKey: .steps)
        try c.encode(wallSeconds, forKey: .wallSeconds); try c.encode(secondsPerStep, forKey: .secondsPerStep)
        try c.encode(initialLoss, forKey: .initialLoss); try c.encode(finalLoss, forKey: .finalLoss)
        try c.encode(relL2Reference, forKey: .relL2Reference); try c.encode(relL2Exact, forKey: .relL2Exact)
        try c.encode(maxAbsErrorReference, forKey: .maxAbsErrorReference)
        try c.encode(referenceRelL2VsExact, forKey: .referenceRelL2VsExact)
        try c.encode(termination, forKey: .termination); try c.encode(converged, forKey: .converged)
        try c.encode(message, forKey: .message); try c.encode(finalRank, forKey: .finalRank)
        try c.encode(blasThreads, forKey: .blasThreads)
        try c.encode(perField, forKey: .perField); try c.encode(perTimeSlice.filter { $0.relL2.isFinite }, forKey: .perTimeSlice)
        try c.encode(files, forKey: .files); try c.encode(seed, forKey: .seed)
        try c.encode(peakMemoryBytes, forKey: .peakMemoryBytes)
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
