// MARK: - [pde] sampling: uniform or residual-based redraws, and the final fixed phase

extension ProblemFileBuilder {
    static let samplingKinds = ["uniform", "rad"]

    /// `sampling`, `rad_exponent`, `rad_constant`, `candidates` and `resample_until` of
    /// `[pde]` into `spec` (whose `resampleEvery` is already read); `count` is N.
    func readAdaptiveSampling(_ t: TOMLReader, into spec: inout PDESpec, count: Int) throws(ProblemFileError) {
        let kind = try t.choice("sampling", Self.samplingKinds)
        if let until = try t.int("resample_until") {
            guard let every = spec.resampleEvery else {
                throw t.error("resample_until", "needs resample_every: only redrawn points can be fixed after a step")
            }
            guard until >= every else {
                throw t.error("resample_until", "must be ≥ resample_every (\(every)), got \(until); the first redraw is after step \(every)")
            }
            spec.resampleUntil = until
        }
        if let kind, spec.resampleEvery == nil {
            throw t.error("sampling", "\"\(kind)\" needs resample_every: set how often the points are redrawn")
        }
        let exponent = try t.double("rad_exponent")
        let constant = try t.double("rad_constant")
        let candidates = try t.int("candidates")
        guard kind == "rad" else {
            for (key, given) in [("rad_exponent", exponent != nil), ("rad_constant", constant != nil), ("candidates", candidates != nil)]
            where given {
                throw t.error(key, "applies only with sampling = \"rad\"")
            }
            return
        }
        var rad = AdaptiveSampling(candidates: 1)
        if let k = exponent {
            guard k.isFinite && k >= 0 && k <= 16 else { throw t.error("rad_exponent", "must be in [0, 16], got \(k)") }
            rad.exponent = k
        }
        if let c = constant {
            guard c.isFinite && c >= 0 && c <= 1e6 else { throw t.error("rad_constant", "must be in [0, 1e6], got \(c)") }
            rad.constant = c
        }
        if let m = candidates {
            guard m >= count && m <= Self.maxPoints else {
                throw t.error("candidates", "must be between the point count \(count) and \(Self.maxPoints), got \(m)")
            }
            rad.candidates = m
        } else {
            // Ten times the points, within the largest term.
            rad.candidates = min(CheckedSize.product(count, AdaptiveSampling.defaultCandidateFactor) ?? Self.maxPoints,
                                 Self.maxPoints)
        }
        spec.adaptive = rad
    }
}
