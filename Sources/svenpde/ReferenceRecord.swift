import Foundation

/// What a solve compared its solution with, as `summary.json` records it under
/// `reference` (also for `--quiet` runs):
///
///     "reference": {"method": "spectral-box", "description": "…", "resolution": "256×256 modes",
///                   "estimated_error": 3.1e-15, "seconds": 0.05}
///
/// `method` is the solver `[reference] method = "auto"` chose ("spectral-box",
/// "chebyshev", "heat-exact", "burgers-etdrk4", "reaction-diffusion-etdrk4"),
/// "dst", "exact" (the file asked for `[exact]` only) or "none" (no reference
/// applies, or the file has no `[reference]`); then `reason` says why and what
/// the errors are measured against. `estimated_error` follows `Metric`'s rule: a
/// number, or null with `estimated_error_note`.
struct ReferenceRecord: Encodable {
    var method: String
    var description: String?
    var resolution: String?
    var estimatedError: Double?
    var seconds: Double?
    var estimateNote: String?
    var reason: String?

    init(method: String, description: String? = nil, resolution: String? = nil, estimatedError: Double? = nil,
         seconds: Double? = nil, estimateNote: String? = nil, reason: String? = nil) {
        self.method = method; self.description = description; self.resolution = resolution
        self.estimatedError = estimatedError; self.seconds = seconds; self.estimateNote = estimateNote; self.reason = reason
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ReportKey.self)
        try c.encode(method, forKey: ReportKey("method"))
        try c.encode(description, forKey: ReportKey("description"))
        try c.encode(resolution, forKey: ReportKey("resolution"))
        let none = method == "none" || method == "exact" ? "no reference solver was run" : "the solver gives no estimate"
        try c.encode(Metric(estimatedError, missing: estimateNote ?? none, nonFinite: "the estimate is not finite"), "estimated_error")
        try c.encode(seconds, forKey: ReportKey("seconds"))
        if let reason { try c.encode(reason, forKey: ReportKey("reason")) }
    }
}
