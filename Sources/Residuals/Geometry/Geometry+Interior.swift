// MARK: - Interior sampling

extension Geometry {
    /// The bounding box as a `Box` in the variables `variables` (default x, y, z).
    public func boundingBox(variables: [String]? = nil) throws(ProblemError) -> Box {
        try Box(lower: lower, upper: upper, variables: variables)
    }

    /// The largest number of candidate points drawn to fill the interior: 2²⁶
    /// (a domain filling less than `count`/2²⁶ of its bounding box is refused).
    public static let maxCandidates = 1 << 26

    /// Points strictly inside the domain by `rule`, by deterministic rejection
    /// from the bounding box:
    ///
    /// - the tensor rules (`grid`, `chebyshev`, `counts` per dimension) keep the
    ///   nodes of the bounding box's grid that fall inside, so they give fewer
    ///   points than the product of the counts;
    /// - the other rules (`counts[0]` in total) draw the rule's sequence on the
    ///   bounding box and keep the first `counts[0]` points inside. For Halton and
    ///   Sobol this is the sequence restricted to the domain, which keeps its low
    ///   discrepancy with respect to the domain's volume; the sequence is extended
    ///   (its count doubled) until enough points fall inside. For Latin hypercubes
    ///   the doubled design is a new one. Same seed, same points.
    public func interiorPoints(rule: SamplingRule, counts: [Int], seed: UInt64) throws(ProblemError) -> PointSet {
        let box = try boundingBox()
        let D = dimension
        if rule.isTensor {
            let grid = Collocation.interior(box, rule: rule, counts: counts, seed: seed)
            var kept: [Double] = []
            for i in 0..<grid.count where contains(Array(grid.point(i))) { kept += grid.point(i) }
            guard !kept.isEmpty else {
                throw .invalid(field: "count", "no node of the \(counts.map(String.init).joined(separator: " × ")) grid of the bounding box lies inside the shape; raise the count")
            }
            return PointSet(dimension: D, coordinates: kept)
        }
        precondition(counts.count == 1, "interiorPoints(\(rule)): give one total count")
        let n = counts[0]
        let fill = measure.map { $0 / boundingVolume } ?? 0.5
        var m = Int((Double(n) / max(fill, 1e-3) * 1.1).rounded(.up)) + 16
        while true {
            let unit = Collocation.unitCube(rule, count: m, dimension: D, seed: seed)
            var kept: [Double] = [], found = 0, p = [Double](repeating: 0, count: D)
            kept.reserveCapacity(n * D)
            for i in 0..<m where found < n {
                for d in 0..<D { p[d] = lower[d] + (upper[d] - lower[d]) * unit[i * D + d] }
                if contains(p) { kept += p; found += 1 }
            }
            if found == n { return PointSet(dimension: D, coordinates: kept) }
            // Give up at once when even the largest draw would not, at this rate, find n points.
            guard let next = CheckedSize.product(m, 2), next <= Self.maxCandidates,
                  Double(found) * Double(Self.maxCandidates) / Double(m) >= Double(n) else {
                throw .invalid(field: "count", "only \(found) of \(m) candidate points fell inside the shape; "
                               + "it fills too little of its bounding box for \(n) points")
            }
            m = next
        }
    }
}
