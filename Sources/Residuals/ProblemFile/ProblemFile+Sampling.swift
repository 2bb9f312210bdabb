// MARK: - Redrawn interior points (resample_every, sampling = "rad")

extension ProblemFile {
    /// How many of `problem.terms` are the `[pde]` terms (they come first): one per equation.
    public var interiorTermCount: Int { pde.poissonSource != nil ? 1 : pde.equations.count }

    /// The candidate pool of redraw `epoch` ≥ 1 for `sampling = "rad"`: `candidates`
    /// points by the file's rule, seeded by seed + epoch (the seed a uniform redraw of
    /// that round uses), inside the shape when the domain is one.
    public func candidatePoints(epoch: Int) throws(ProblemFileError) -> PointSet {
        guard let rad = pde.adaptive, let rule = pde.rule else {
            throw error(at: "pde.sampling", "candidate points need sampling = \"rad\" with a point rule")
        }
        let seed = pde.seed &+ UInt64(truncatingIfNeeded: epoch)
        guard let geometry = problem.geometry else {
            return Collocation.interior(problem.domain, rule: rule, counts: [rad.candidates], seed: seed)
        }
        do {
            return try geometry.interiorPoints(rule: rule, counts: [rad.candidates], seed: seed)
        } catch {
            throw self.error(at: "pde.candidates", "\(error)")
        }
    }

    /// The `[pde]` terms at `points` with weight `weight` (nil: the file's, whose
    /// default is 1/√N): the same equations, or −Δu = f with f evaluated there.
    public func interiorTerms(at points: PointSet, weight: Double?) -> [any ResidualTerm] {
        if let source = pde.poissonSource {
            let f = source.evaluate(points: points.coordinates, dimension: points.dimension)
            return [PoissonTerm(points: points, source: f, weight: weight)]
        }
        let many = pde.equations.count > 1
        return pde.equations.enumerated().map { k, e in
            EquationTerm(name: many ? "pde[\(k)]" : "pde", equation: e, points: points, weight: weight, unknowns: unknownValues)
        }
    }

    /// The problem's terms with the `[pde]` terms at `points` (the file's weight),
    /// every other term unchanged; `points` must have N points, so a `PINNSystem`
    /// can swap them in (`replaceTerms`).
    public func terms(withInterior points: PointSet) -> [any ResidualTerm] {
        let n = interiorTermCount
        precondition(n > 0 && problem.terms[0].points.count == points.count,
                     "ProblemFile.terms(withInterior:): \(points.count) points for \(n > 0 ? problem.terms[0].points.count : 0)")
        return interiorTerms(at: points, weight: pde.weight) + problem.terms.dropFirst(n)
    }
}
