import SeededRandom

/// Reads the tables of a problem file in order and builds the `ProblemFile`.
/// Every value is checked where it is read, so the first error names its line.
struct ProblemFileBuilder {
    let root: TOMLReader
    let path: String
    let map: SourceMap

    func build() throws(ProblemFileError) -> ProblemFile {
        let stem = path.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? "problem"
        let name = try root.string("name") ?? stem
        let summary = try root.string("description") ?? ""
        let parameters = try readParameters()
        let box = try readDomain()

        let pdeTable = try root.requiredTable("pde")
        guard let op = try pdeTable.choice("operator", ["poisson"]) else {
            throw pdeTable.error("operator", "missing; expected \"poisson\" (−Δu = source)")
        }
        guard let source = try pdeTable.expression("source", variables: box.variables, constants: parameters) else {
            throw pdeTable.error("source", "missing; expected a formula in \(box.variables.joined(separator: ", "))")
        }
        let interior = try readPoints(pdeTable, box: box, boundary: false)
        let pdeWeight = try positive(pdeTable, "weight")
        try pdeTable.rejectUnknownKeys()
        var terms: [any ResidualTerm] = [
            PoissonTerm(points: interior, source: source.evaluate(points: interior.coordinates, dimension: box.dimension),
                        weight: pdeWeight)
        ]

        var constraint: ConstraintSpec?
        if let c = try root.table("constraint") {
            guard let g = try c.expression("g", variables: box.variables, constants: parameters) else {
                throw c.error("g", "missing; expected the boundary data as a formula")
            }
            guard let d = try c.expression("d", variables: box.variables, constants: parameters) else {
                throw c.error("d", "missing; expected a formula that vanishes on the boundary")
            }
            try c.rejectUnknownKeys()
            constraint = ConstraintSpec(g: g, d: d)
        }
        var boundaries: [BoundarySpec] = []
        let boundaryTables = try root.tables("boundary")
        if boundaryTables.isEmpty && constraint == nil {
            throw root.error("boundary", "missing; add at least one [[boundary]] table (or a [constraint])")
        }
        for (i, b) in boundaryTables.enumerated() {
            let kind = try b.choice("kind", ["dirichlet"]) ?? "dirichlet"
            var value = try zeroFormula(box.variables)
            if let v = try b.expression("value", variables: box.variables, constants: parameters) { value = v }
            let points = try readPoints(b, box: box, boundary: true)
            let weight = try positive(b, "weight")
            try b.rejectUnknownKeys()
            boundaries.append(BoundarySpec(kind: kind, value: value))
            terms.append(DirichletTerm(name: boundaryTables.count == 1 ? "boundary" : "boundary[\(i)]", points: points,
                                       target: value.evaluate(points: points.coordinates, dimension: box.dimension),
                                       weight: weight))
        }

        var exact: MathExpression?
        if let e = try root.table("exact") {
            exact = try e.expression("u", variables: box.variables, constants: parameters)
            try e.rejectUnknownKeys()
        }
        let network = try readNetwork()
        let solver = try readSolver()
        let reference = try readReference()
        var output: String?
        if let o = try root.table("output") {
            output = try o.string("directory")
            try o.rejectUnknownKeys()
        }
        try root.rejectUnknownKeys()

        var exactFunction: (@Sendable ([Double]) -> Double)?
        if let e = exact { exactFunction = { (x: [Double]) -> Double in e.evaluate(x) } }
        return ProblemFile(path: path, name: name, summary: summary,
                           problem: Problem(name: name, domain: box, terms: terms, exact: exactFunction),
                           pde: PDESpec(operatorName: op, source: source), boundaries: boundaries,
                           parameters: parameters, exact: exact, constraint: constraint, network: network, solver: solver,
                           reference: reference, outputDirectory: output, map: map)
    }

    // MARK: - Tables

    private func readParameters() throws(ProblemFileError) -> [String: Double] {
        guard let p = try root.table("parameters") else { return [:] }
        var out: [String: Double] = [:]
        for key in p.table.keys.sorted() {
            guard let v = try p.double(key), v.isFinite else { throw p.error(key, "must be a finite number") }
            out[key] = v
        }
        return out
    }

    private func readDomain() throws(ProblemFileError) -> Box {
        let d = try root.requiredTable("domain")
        guard let lower = try d.doubles("lower") else { throw d.error("lower", "missing; expected an array like [0, 0]") }
        guard let upper = try d.doubles("upper") else { throw d.error("upper", "missing; expected an array like [1, 1]") }
        let variables = try d.strings("variables")
        try d.rejectUnknownKeys()
        do {
            return try Box(lower: lower, upper: upper, variables: variables)
        } catch {
            guard case .invalid(let field, let why) = error else { throw d.error(nil, "\(error)") }
            let key = field.split(separator: ".").dropFirst().first.map(String.init)
            throw d.error(key, why)
        }
    }

    /// `points` (the rule) with `count` and, for random rules, `seed`.
    private func readPoints(_ t: TOMLReader, box: Box, boundary: Bool) throws(ProblemFileError) -> PointSet {
        let rules = boundary ? ["perimeter", "random"] : ["grid", "random"]
        let rule = try t.choice("points", rules) ?? rules[0]
        guard let counts = try t.ints("count") else { throw t.error("count", "missing; expected the number of points") }
        guard counts.allSatisfy({ $0 >= 1 && $0 <= 10_000_000 }) else { throw t.error("count", "must be between 1 and 10000000") }
        let seed = try t.int("seed") ?? 0
        guard seed >= 0 else { throw t.error("seed", "must be ≥ 0") }
        switch rule {
        case "grid":
            let perDim = counts.count == 1 ? Array(repeating: counts[0], count: box.dimension) : counts
            guard perDim.count == box.dimension else {
                throw t.error("count", "has \(counts.count) entries; the domain has \(box.dimension) dimensions")
            }
            return Collocation.interiorGrid(box, counts: perDim)
        case "perimeter":
            guard box.dimension <= 2 else { throw t.error("points", "\"perimeter\" needs a 1D or 2D domain; use \"random\"") }
            return Collocation.perimeter(box, count: try single(t, counts))
        default:
            let n = try single(t, counts)
            if boundary { return Collocation.randomBoundary(box, count: n, seed: UInt64(seed)) }
            var g = SeededGenerator(seed: UInt64(seed))
            var coords: [Double] = []
            for _ in 0..<n { for d in 0..<box.dimension { coords.append(box.lower[d] + g.nextUniform() * box.length(d)) } }
            return PointSet(dimension: box.dimension, coordinates: coords)
        }
    }

    /// The formula "0" (the default boundary value).
    private func zeroFormula(_ variables: [String]) throws(ProblemFileError) -> MathExpression {
        do { return try MathExpression("0", variables: variables) } catch {
            throw root.error(nil, "internal: cannot build the formula 0 over \(variables): \(error.message)")
        }
    }

    private func single(_ t: TOMLReader, _ counts: [Int]) throws(ProblemFileError) -> Int {
        guard counts.count == 1 else { throw t.error("count", "expected one integer for this rule, got \(counts.count)") }
        return counts[0]
    }

    private func positive(_ t: TOMLReader, _ key: String) throws(ProblemFileError) -> Double? {
        guard let w = try t.double(key) else { return nil }
        guard w.isFinite && w > 0 else { throw t.error(key, "must be finite and > 0, got \(w)") }
        return w
    }

    private func readNetwork() throws(ProblemFileError) -> NetworkSpec {
        var spec = NetworkSpec()
        guard let n = try root.table("network") else { return spec }
        if let h = try n.ints("hidden") {
            guard !h.isEmpty, h.allSatisfy({ $0 >= 1 && $0 <= 100_000 }) else {
                throw n.error("hidden", "needs at least one layer, each of width 1…100000")
            }
            spec.hidden = h
        }
        spec.activation = try n.string("activation") ?? spec.activation
        spec.initialization = try n.string("init") ?? spec.initialization
        if let s = try n.int("seed") {
            guard s >= 0 else { throw n.error("seed", "must be ≥ 0, got \(s)") }
            spec.seed = UInt64(s)
        }
        if let m = try n.int("fourier_features") {
            guard m >= 0 && m <= 100_000 else { throw n.error("fourier_features", "must be in 0…100000, got \(m)") }
            spec.fourierFeatures = m
        }
        if let sigma = try n.double("fourier_scale") {
            guard sigma.isFinite && sigma > 0 else { throw n.error("fourier_scale", "must be finite and > 0, got \(sigma)") }
            spec.fourierScale = sigma
        }
        try n.rejectUnknownKeys()
        return spec
    }

    private func readSolver() throws(ProblemFileError) -> SolverSpec {
        var spec = SolverSpec()
        guard let s = try root.table("solver") else { return spec }
        spec.method = try s.string("method") ?? spec.method
        spec.maxSteps = try s.int("max_steps") ?? spec.maxSteps
        spec.timeLimit = try s.double("time_limit")
        spec.targetLoss = try s.double("target_loss") ?? spec.targetLoss
        spec.rtol = try s.double("rtol")
        spec.k = try s.int("k")
        spec.stepControl = try s.string("step_control")
        spec.eta = try s.double("eta")
        spec.reportEvery = try s.int("report_every") ?? spec.reportEvery
        guard spec.reportEvery >= 1 else { throw s.error("report_every", "must be ≥ 1, got \(spec.reportEvery)") }
        try s.rejectUnknownKeys()
        return spec
    }

    private func readReference() throws(ProblemFileError) -> ReferenceSpec? {
        guard let r = try root.table("reference") else { return nil }
        var spec = ReferenceSpec()
        spec.method = try r.choice("method", ["dst"]) ?? spec.method
        spec.n = try r.int("n") ?? spec.n
        spec.grid = try r.int("grid") ?? spec.grid
        guard spec.grid >= 2 && spec.grid <= 4097 else { throw r.error("grid", "must be between 2 and 4097, got \(spec.grid)") }
        try r.rejectUnknownKeys()
        return spec
    }
}
