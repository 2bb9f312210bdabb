import SeededRandom

/// Reads the tables of a problem file in order and builds the `ProblemFile`.
/// Every value is checked where it is read, so the first error names its line.
struct ProblemFileBuilder {
    let root: TOMLReader
    let path: String
    let map: SourceMap
    /// Resampling round: added to the seed of `[pde]` points when `resample_every` is set.
    var resampling: UInt64 = 0

    func build() throws(ProblemFileError) -> ProblemFile {
        if root.table["model"] != nil {
            throw root.error("model", "this is a data-fitting file (it has a [model] table); run `svenpde fit \(path)`")
        }
        let stem = path.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? "problem"
        let name = try root.string("name") ?? stem
        let summary = try root.string("description") ?? ""
        let parameters = try readParameters()
        let shape = try readShapeDomain(parameters: parameters)
        let box: Box
        if let shape { box = shape.0 } else { box = try readDomain() }
        let fields = try readFields(box: box, parameters: parameters)
        var scope = Scope(box: box, fields: fields, parameters: parameters, geometry: shape?.1)
        let unknowns = try readUnknowns(box: box, fields: fields, parameters: parameters)
        if !unknowns.isEmpty {
            scope.unknowns = unknowns
            scope.unknownValues = UnknownValues(names: unknowns.map(\.name), values: unknowns.map(\.initial))
        }

        // A file of [[data]] tables alone is a regression: no [pde], no [[boundary]] needed.
        let dataOnly = root.table["pde"] == nil && root.table["data"] != nil
        var (pde, terms) = dataOnly ? (PDESpec(equations: [], poissonSource: nil, resampleEvery: nil), []) : try readPDE(scope)
        let constraint = try readConstraint(scope)
        let network = try readNetwork(box: box, onShape: shape != nil)
        let (boundaries, boundaryTerms) = try readBoundaries(scope, hasConstraint: constraint != nil || dataOnly,
                                                             periodicInputs: Self.exactlyPeriodic(network, box: box))
        let (initial, initialTerms) = try readInitial(scope)
        let (data, dataTerms) = try readData(scope)
        terms += boundaryTerms + initialTerms + dataTerms

        var exact: [MathExpression?] = Array(repeating: nil, count: fields.count)
        if let e = try root.table("exact") {
            for (f, field) in fields.enumerated() {
                exact[f] = try formulaWithoutUnknowns(e, field, variables: box.variables, scope: scope,
                                                     instead: "[exact] is the known solution: write the unknown's true value")
            }
            try e.rejectUnknownKeys()
        }
        let solver = try readSolver()
        let reference = try readReference(box: box)
        var output: String?
        if let o = try root.table("output") {
            output = try o.string("directory")
            try o.rejectUnknownKeys()
        }
        try root.rejectUnknownKeys()

        // Paired (periodic) terms go last: their rows couple two points each.
        terms = terms.filter { !($0 is PeriodicTerm) } + terms.filter { $0 is PeriodicTerm }
        var exactFunction: (@Sendable ([Double]) -> Double)?
        if let e = exact[0] { exactFunction = { (x: [Double]) -> Double in e.evaluate(x) } }
        var file = ProblemFile(path: path, name: name, summary: summary,
                               problem: Problem(name: name, domain: box, terms: terms, fields: fields, exact: exactFunction,
                                                geometry: shape?.1),
                               pde: pde, boundaries: boundaries, initial: initial,
                               parameters: parameters, exactFields: exact, constraint: constraint, network: network,
                               solver: solver, reference: reference, outputDirectory: output, data: data, map: map)
        file.unknowns = scope.unknowns
        file.unknownValues = scope.unknownValues
        return file
    }

    /// What formulas in this file may name.
    struct Scope {
        let box: Box
        let fields: [String]
        let parameters: [String: Double]
        /// `[domain] shape`, when the domain is not a box.
        var geometry: Geometry? = nil
        /// `[unknowns]`, and the values their equation terms read.
        var unknowns: [Unknown] = []
        var unknownValues: UnknownValues? = nil
    }

    // MARK: - Tables

    /// `fields = ["u", "v"]` (default `["u"]`): distinct identifiers, none a
    /// variable, parameter, function or built-in constant.
    private func readFields(box: Box, parameters: [String: Double]) throws(ProblemFileError) -> [String] {
        let fields = try root.strings("fields") ?? ["u"]
        guard !fields.isEmpty, Set(fields).count == fields.count else {
            throw root.error("fields", "needs distinct names, got \(fields)")
        }
        for f in fields {
            do {
                _ = try MathExpression("0", variables: box.variables + [f], constants: parameters)
            } catch {
                throw root.error("fields", "\"\(f)\" cannot name a field: \(error.message)")
            }
        }
        return fields
    }

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
        let time = try d.string("time")
        try d.rejectUnknownKeys()
        do {
            return try Box(lower: lower, upper: upper, variables: variables, time: time)
        } catch {
            guard case .invalid(let field, let why) = error else { throw d.error(nil, "\(error)") }
            let key = field.split(separator: ".").dropFirst().first.map(String.init)
            throw d.error(key, why)
        }
    }

    private func readNetwork(box: Box, onShape: Bool) throws(ProblemFileError) -> NetworkSpec {
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
        if let f = try n.string("init_file") {
            guard !f.isEmpty else { throw n.error("init_file", "must name a file or a directory, got \"\"") }
            spec.initFile = Self.resolve(f, relativeTo: path)
        }
        try readPeriodicEmbedding(n, box: box, onShape: onShape, into: &spec)
        try n.rejectUnknownKeys()
        return spec
    }

    func readSolver() throws(ProblemFileError) -> SolverSpec {
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
        spec.scaled = try s.bool("scaled")
        spec.reportEvery = try s.int("report_every") ?? spec.reportEvery
        if let seed = try s.int("seed") {
            guard seed >= 0 else { throw s.error("seed", "must be ≥ 0, got \(seed)") }
            spec.seed = UInt64(seed)
        }
        if let n = try s.int("stall_steps") {
            guard n >= 0 else { throw s.error("stall_steps", "must be ≥ 0 (0: never stop as stalled), got \(n)") }
            spec.stallSteps = n
        }
        for (key, path) in [("ftol", \SolverSpec.functionTolerance), ("xtol", \SolverSpec.parameterTolerance),
                            ("gtol", \SolverSpec.gradientTolerance), ("stall_tolerance", \SolverSpec.stallTolerance)] {
            if let v = try s.double(key) {
                guard v.isFinite && v >= 0 && v < 1 else { throw s.error(key, "must be in [0, 1), got \(v)") }
                spec[keyPath: path] = v
            }
        }
        if let b = try s.int("batch_size") {
            guard b >= 1 else { throw s.error("batch_size", "must be ≥ 1, got \(b)") }
            spec.batchSize = b
        }
        guard spec.reportEvery >= 1 else { throw s.error("report_every", "must be ≥ 1, got \(spec.reportEvery)") }
        try s.rejectUnknownKeys()
        return spec
    }

    /// `[reference]`; `grid` defaults to the box's `defaultEvaluationGridCount`.
    private func readReference(box: Box) throws(ProblemFileError) -> ReferenceSpec? {
        guard let r = try root.table("reference") else { return nil }
        var spec = ReferenceSpec()
        spec.method = try r.choice("method", ReferenceSpec.methods) ?? spec.method
        spec.n = try r.int("n") ?? spec.n
        spec.grid = try r.int("grid") ?? box.defaultEvaluationGridCount
        guard spec.grid >= 2 && spec.grid <= 4097 else { throw r.error("grid", "must be between 2 and 4097, got \(spec.grid)") }
        try r.rejectUnknownKeys()
        return spec
    }
}
