import SeededRandom

// MARK: - Conditions: [pde], [[boundary]], [[initial]], [constraint]

extension ProblemFileBuilder {
    /// The most points one term may have (a grid's product of counts, or a total):
    /// 10⁷ points of a 5D box are 400 MB of coordinates before anything else;
    /// the memory budget (svenpde) then bounds what they add up to with the network.
    static let maxPoints = 10_000_000
    static let interiorRules = ["grid", "chebyshev", "halton", "sobol", "lhs", "random"]
    static let faceRules = ["perimeter", "grid", "chebyshev", "halton", "sobol", "lhs", "random"]
    static let boundaryKinds = ["dirichlet", "neumann", "robin", "periodic", "equation"]

    func readPDE(_ scope: Scope) throws(ProblemFileError) -> (PDESpec, [any ResidualTerm]) {
        let t = try root.requiredTable("pde")
        let box = scope.box
        let (points, resample, rule, seed) = try readInteriorPoints(t, box: box, geometry: scope.geometry)
        let weight = try positive(t, "weight")
        var spec = PDESpec(equations: [], poissonSource: nil, resampleEvery: resample)
        (spec.rule, spec.seed, spec.weight) = (rule, seed, weight)
        try readAdaptiveSampling(t, into: &spec, count: points.count)
        var terms: [any ResidualTerm] = []
        if let op = try t.choice("operator", ["poisson"]) {
            guard let source = try formulaWithoutUnknowns(t, "source", variables: box.variables, scope: scope,
                                                          instead: "write the condition as an equation, e.g. equation = \"-lap(u) = …\"") else {
                throw t.error("source", "missing; expected f in −Δu = f as a formula in \(box.variables.joined(separator: ", "))")
            }
            guard try t.string("equation") == nil else { throw t.error("equation", "give either operator = \"\(op)\" or an equation, not both") }
            spec.poissonSource = source
            terms.append(PoissonTerm(points: points, source: source.evaluate(points: points.coordinates, dimension: box.dimension),
                                     weight: weight))
        } else {
            guard let texts = try t.table["equation"]?.array != nil ? t.strings("equation") : t.string("equation").map({ [$0] }) else {
                throw t.error("equation", "missing; expected e.g. \"-(u_xx + u_yy) = f\" (or operator = \"poisson\" with source)")
            }
            guard !texts.isEmpty else { throw t.error("equation", "the array is empty; give at least one equation") }
            for (k, text) in texts.enumerated() {
                let equation = try equationOf(t, "equation", text, scope)
                spec.equations.append(equation)
                terms.append(EquationTerm(name: texts.count == 1 ? "pde" : "pde[\(k)]", equation: equation, points: points,
                                          weight: weight, unknowns: scope.unknownValues))
            }
        }
        try t.rejectUnknownKeys()
        return (spec, terms)
    }

    func readConstraint(_ scope: Scope) throws(ProblemFileError) -> ConstraintSpec? {
        guard let c = try root.table("constraint") else { return nil }
        let v = scope.box.variables
        let instead = "a hard constraint is built into the network's output and cannot learn one; impose the condition as a [[boundary]] instead"
        guard let g = try formulaWithoutUnknowns(c, "g", variables: v, scope: scope, instead: instead) else {
            throw c.error("g", "missing; expected the boundary data as a formula")
        }
        let formula = try formulaWithoutUnknowns(c, "d", variables: v, scope: scope, instead: instead)
        let d: any ConstraintFunction
        if let geometry = scope.geometry {
            d = try shapeDistance(c, geometry: geometry, formula: formula)
        } else {
            guard let formula else { throw c.error("d", "missing; expected a formula that vanishes on the boundary") }
            d = formula
        }
        try c.rejectUnknownKeys()
        return ConstraintSpec(g: g, d: d)
    }

    /// `periodicInputs`: the variables the network makes periodic over the domain's
    /// extent (`[network] periodic`): they need no boundary, and a periodic one is refused as redundant.
    func readBoundaries(_ scope: Scope, hasConstraint: Bool, periodicInputs: Set<Int> = []) throws(ProblemFileError) -> ([BoundarySpec], [any ResidualTerm]) {
        let box = scope.box, tables = try root.tables("boundary")
        let allPeriodic = box.spatialFaces.allSatisfy { periodicInputs.contains($0.dimension) }
        // Observed values ([[data]]) may pin the solution where the user has them.
        if tables.isEmpty && !hasConstraint && !box.spatialFaces.isEmpty && root.table["data"] == nil && !allPeriodic {
            throw root.error("boundary", "missing; add at least one [[boundary]] table (or a [constraint], or [[data]])")
        }
        var specs: [BoundarySpec] = [], terms: [any ResidualTerm] = []
        for (i, b) in tables.enumerated() {
            let name = tables.count == 1 ? "boundary" : "boundary[\(i)]"
            if let geometry = scope.geometry {
                let (spec, shapeTerms) = try readShapeBoundary(b, name: name, geometry: geometry, scope: scope)
                specs.append(spec)
                terms += shapeTerms
                continue
            }
            let kind = try b.choice("kind", Self.boundaryKinds) ?? "dirichlet"
            let field = try fieldIndex(b, scope)
            let faces = try readFaces(b, "on", box: box, default: box.spatialFaces)
            var spec = BoundarySpec(kind: kind, faces: faces, value: nil, alpha: 1, beta: 0, equation: nil, field: field)
            let weight = try positive(b, "weight")
            let fromFile = kind == "periodic" ? nil : try filePoints(b, box: box)
            spec.pointsFile = fromFile?.path
            if let f = fromFile, f.normals != nil, !["neumann", "robin"].contains(kind) {
                throw b.error("points", "\(f.path) gives normals, which only kind = \"neumann\" or \"robin\" uses")
            }
            switch kind {
            case "periodic":
                if let d = faces.map(\.dimension).first(where: { periodicInputs.contains($0) }) {
                    let v = box.variables[d]
                    throw b.error("kind", "\"periodic\" on \(v) is redundant: [network] periodic = [\"\(v)\"] makes u periodic in \(v) by construction; remove this table")
                }
                terms += try readPeriodic(b, name: name, faces: faces, field: field, weight: weight, box: box)
            case "equation":
                guard let text = try b.string("equation") else { throw b.error("equation", "missing; expected e.g. \"u_x + u = 0\"") }
                let equation = try equationOf(b, "equation", text, scope)
                spec.equation = equation
                var points: PointSet
                if let f = fromFile { points = f.points } else { points = try readFacePoints(b, box: box, faces: faces).points }
                terms.append(EquationTerm(name: name, equation: equation, points: points, weight: weight,
                                          unknowns: scope.unknownValues))
            default:
                let formulas = try readValueCondition(b, kind: kind, into: &spec, scope: scope)
                if let formulas {
                    // α, β or the value read [unknowns] (or vary in space): one term of formulas.
                    let points: PointSet, normals: [Double], dims: [Int]
                    if let f = fromFile, kind == "dirichlet" {
                        (points, normals, dims) = (f.points, [], [])
                    } else if let f = fromFile, let n = f.normals {
                        (points, normals, dims) = (f.points, n, (0..<box.dimension).filter { $0 != box.time })
                    } else if let f = fromFile {
                        points = f.points
                        (normals, dims) = Self.faceNormals(try facesOfFilePoints(b, f, box: box, faces: faces))
                    } else {
                        let (p, pointFaces) = try readFacePoints(b, box: box, faces: faces)
                        points = p
                        (normals, dims) = Self.faceNormals(pointFaces)
                    }
                    terms.append(formulaTerm(formulas, name: name, points: points, normals: normals, dimensions: dims,
                                             weight: weight, field: field, scope: scope))
                    try b.rejectUnknownKeys()
                    specs.append(spec)
                    continue
                }
                let value = spec.value!
                if let f = fromFile {
                    // Points from a file: anywhere in the domain for Dirichlet; normals given, or the face each lies on.
                    let target = value.evaluate(points: f.points.coordinates, dimension: box.dimension)
                    if kind == "dirichlet" {
                        terms.append(DirichletTerm(name: name, points: f.points, target: target, weight: weight, field: field))
                    } else if let normals = f.normals {
                        terms.append(RobinTermWithNormals(name: name, points: f.points, normals: normals,
                                                          dimensions: (0..<box.dimension).filter { $0 != box.time },
                                                          alpha: spec.alpha, beta: spec.beta, target: target, weight: weight, field: field))
                    } else {
                        terms.append(RobinTerm(name: name, points: f.points, faces: try facesOfFilePoints(b, f, box: box, faces: faces),
                                               alpha: spec.alpha, beta: spec.beta, target: target, weight: weight, field: field))
                    }
                    try b.rejectUnknownKeys()
                    specs.append(spec)
                    continue
                }
                let (points, pointFaces) = try readFacePoints(b, box: box, faces: faces)
                let target = value.evaluate(points: points.coordinates, dimension: box.dimension)
                if kind == "dirichlet" {
                    terms.append(DirichletTerm(name: name, points: points, target: target, weight: weight, field: field))
                } else {
                    terms.append(RobinTerm(name: name, points: points, faces: pointFaces, alpha: spec.alpha, beta: spec.beta,
                                           target: target, weight: weight, field: field))
                }
            }
            try b.rejectUnknownKeys()
            specs.append(spec)
        }
        return (specs, terms)
    }

    func readInitial(_ scope: Scope) throws(ProblemFileError) -> ([InitialSpec], [any ResidualTerm]) {
        let box = scope.box, tables = try root.tables("initial")
        guard !tables.isEmpty else { return ([], []) }
        guard let time = box.time else {
            throw root.error("initial", "needs a time variable: set time = \"t\" in [domain]")
        }
        var specs: [InitialSpec] = [], terms: [any ResidualTerm] = []
        for (i, t) in tables.enumerated() {
            let kind = try t.choice("kind", ["value", "rate"]) ?? "value"
            let field = try fieldIndex(t, scope)
            let inputs = box.variables + scope.unknowns.map(\.name)
            guard var value = try t.expression("value", variables: inputs, constants: scope.parameters) else {
                throw t.error("value", "missing; expected the initial \(kind == "value" ? "value" : "rate u_t") as a formula")
            }
            let weight = try positive(t, "weight")
            let points = try readFacePoints(t, box: box, faces: [Face(dimension: time, upper: false)]).points
            let name = tables.count == 1 ? "initial" : "initial[\(i)]"
            if reads(value, scope) {
                // g(x; λ): u = g is α = 1, β = 0; u_t = g is α = 0, β = 1 with n = e_t.
                let rate = kind == "rate"
                func number(_ a: Double) throws(ProblemFileError) -> MathExpression {
                    do { return try MathExpression(a == 0 ? "0" : "1", variables: inputs) } catch { throw t.located("value", error) }
                }
                let formulas = ConditionFormulas(alpha: try number(rate ? 0 : 1), beta: try number(rate ? 1 : 0), value: value)
                terms.append(formulaTerm(formulas, name: name, points: points,
                                         normals: rate ? [Double](repeating: 1, count: points.count) : [],
                                         dimensions: rate ? [time] : [], weight: weight, field: field, scope: scope))
            } else {
                value = try overVariables(t, "value", value, scope)
                let channel = FieldChannel(field: field, kind == "value" ? .value : .first(time))
                terms.append(ChannelTerm(name: name, points: points, channel: channel,
                                         target: value.evaluate(points: points.coordinates, dimension: box.dimension), weight: weight))
            }
            try t.rejectUnknownKeys()
            specs.append(InitialSpec(kind: kind, value: value, field: field, readsUnknowns: reads(value, scope)))
        }
        return (specs, terms)
    }

    // MARK: - Pieces

    /// `periodic`: pairs of points on the faces x_d = a_d and x_d = b_d for each
    /// dimension d named in `on` (both faces of a dimension must be named).
    private func readPeriodic(_ b: TOMLReader, name: String, faces: [Face], field: Int, weight: Double?,
                              box: Box) throws(ProblemFileError) -> [PeriodicTerm] {
        let dims = Array(Set(faces.map(\.dimension))).sorted()
        for d in dims where !(faces.contains(Face(dimension: d, upper: false)) && faces.contains(Face(dimension: d, upper: true))) {
            throw b.error("on", "periodic pairs need both faces of \(box.variables[d]): \(box.name(of: Face(dimension: d, upper: false))) and \(box.name(of: Face(dimension: d, upper: true)))")
        }
        let lowerFaces = dims.map { Face(dimension: $0, upper: false) }
        let (points, pointFaces) = try readFacePoints(b, box: box, faces: lowerFaces)
        let derivatives = try b.bool("derivatives") ?? true
        return (0...(derivatives ? 1 : 0)).map { order in
            PeriodicTerm(name: order == 0 ? name : "\(name) (derivative)", lowerPoints: points,
                         directions: pointFaces.map(\.dimension), box: box, order: order, field: field, weight: weight)
        }
    }

    /// `on = ["x=0", "x=1"]`: face names; `default` when absent.
    private func readFaces(_ t: TOMLReader, _ key: String, box: Box, default all: [Face]) throws(ProblemFileError) -> [Face] {
        guard let names = try t.strings(key) else {
            guard !all.isEmpty else { throw t.error(key, "missing; this domain has no spatial faces (faces: \(box.faceNames.joined(separator: ", ")))") }
            return all
        }
        guard !names.isEmpty else { throw t.error(key, "is empty; name faces such as \(box.faceNames.joined(separator: ", "))") }
        var faces: [Face] = []
        for n in names {
            guard let f = box.face(named: n) else {
                let hint = nearest(n.replacingOccurrences(of: " ", with: ""), in: box.faceNames).map { "did you mean \"\($0)\"? " } ?? ""
                throw t.error(key, "\"\(n)\" is not a face; \(hint)faces: \(box.faceNames.joined(separator: ", "))")
            }
            if !faces.contains(f) { faces.append(f) }
        }
        return faces.sorted()
    }

    func fieldIndex(_ t: TOMLReader, _ scope: Scope) throws(ProblemFileError) -> Int {
        guard let name = try t.string("field") else { return 0 }
        guard let f = scope.fields.firstIndex(of: name) else {
            let hint = nearest(name, in: scope.fields).map { "did you mean \"\($0)\"? " } ?? ""
            throw t.error("field", "unknown field \"\(name)\"; \(hint)fields: \(scope.fields.joined(separator: ", "))")
        }
        return f
    }

    func equationOf(_ t: TOMLReader, _ key: String, _ text: String, _ scope: Scope) throws(ProblemFileError) -> Equation {
        do {
            return try Equation(text, variables: scope.box.variables, fields: scope.fields, constants: scope.parameters,
                                time: scope.box.time, unknowns: scope.unknowns.map(\.name))
        } catch {
            throw t.located(key, error)
        }
    }

    /// Interior points: `points` (rule), `count`, `seed`, `resample_every`.
    private func readInteriorPoints(_ t: TOMLReader, box: Box,
                                    geometry: Geometry?) throws(ProblemFileError) -> (PointSet, Int?, SamplingRule?, UInt64) {
        if let f = try filePoints(t, box: box) {
            if t.table["resample_every"] != nil { throw t.error("resample_every", "cannot redraw points read from a file") }
            guard f.normals == nil else { throw t.error("points", "\(f.path) gives normals; interior points have none") }
            if let geometry {
                let d = f.points.dimension
                for i in 0..<f.points.count where !geometry.contains(Array(f.points.coordinates[i * d..<(i + 1) * d])) {
                    throw t.error("points", "\(f.path) row \(i + 1) lies outside the domain's shape")
                }
            }
            return (f.points, nil, nil, 0)
        }
        let rule = try t.choice("points", Self.interiorRules) ?? "grid"
        let counts = try readCounts(t)
        let seed = try readSeed(t)
        var resample: Int?
        if let r = try t.int("resample_every") {
            guard r >= 1 else { throw t.error("resample_every", "must be ≥ 1, got \(r)") }
            guard ["halton", "sobol", "lhs", "random"].contains(rule) else {
                throw t.error("resample_every", "needs a random rule (halton, sobol, lhs or random), not \"\(rule)\"")
            }
            resample = r
        }
        let r = SamplingRule(rawValue: rule)!
        let drawSeed = resample == nil ? seed : seed &+ resampling
        if r.isTensor {
            let perDim = counts.count == 1 ? Array(repeating: counts[0], count: box.dimension) : counts
            guard perDim.count == box.dimension else {
                throw t.error("count", "has \(counts.count) entries; the domain has \(box.dimension) dimensions")
            }
            let total = CheckedSize.product(perDim)
            guard let total, total <= Self.maxPoints else {
                let size = total.map { "\($0) points" } ?? "more points than an Int can count"
                throw t.error("count", "\(perDim.map(String.init).joined(separator: " × ")) grid gives \(size); "
                              + "a term takes at most \(Self.maxPoints) points — lower the count")
            }
            return (try interiorPoints(t, box: box, geometry: geometry, rule: r, counts: perDim, seed: drawSeed), resample, r, seed)
        }
        return (try interiorPoints(t, box: box, geometry: geometry, rule: r, counts: [try single(t, counts)], seed: drawSeed),
                resample, r, seed)
    }

    /// Points on `faces`: `points` (rule), `count` (total), `seed`; with the face of each point.
    func readFacePoints(_ t: TOMLReader, box: Box, faces: [Face]) throws(ProblemFileError) -> (points: PointSet, faces: [Face]) {
        if let f = try filePoints(t, box: box) {
            guard f.normals == nil else { throw t.error("points", "\(f.path) gives normals, which only kind = \"neumann\" or \"robin\" uses") }
            return (f.points, try facesOfFilePoints(t, f, box: box, faces: faces))
        }
        let rule = try t.choice("points", Self.faceRules) ?? (box.dimension == 2 && faces.count == 4 ? "perimeter" : "grid")
        let count = try single(t, try readCounts(t))
        let seed = try readSeed(t)
        if rule == "perimeter" {
            guard box.dimension == 2, faces.count == 4 else {
                throw t.error("points", "\"perimeter\" needs all four sides of a 2D box; use \"grid\" or \"random\"")
            }
            let p = Collocation.perimeter(box, count: count)
            return (p, (0..<p.count).map { box.faceOf(Array(p.point($0))) })
        }
        guard count >= faces.count else { throw t.error("count", "must be at least \(faces.count), one per face") }
        let p = Collocation.faces(box, faces, rule: SamplingRule(rawValue: rule)!, count: count, seed: seed)
        return (p, (0..<p.count).map { box.faceOf(Array(p.point($0)), among: faces) })
    }

    func readCounts(_ t: TOMLReader) throws(ProblemFileError) -> [Int] {
        guard let counts = try t.ints("count") else { throw t.error("count", "missing; expected the number of points") }
        guard !counts.isEmpty, counts.allSatisfy({ $0 >= 1 && $0 <= Self.maxPoints }) else {
            throw t.error("count", "must be between 1 and \(Self.maxPoints)")
        }
        return counts
    }

    func readSeed(_ t: TOMLReader) throws(ProblemFileError) -> UInt64 {
        let seed = try t.int("seed") ?? 0
        guard seed >= 0 else { throw t.error("seed", "must be ≥ 0") }
        return UInt64(seed)
    }

    /// The formula "0" (the default boundary value).
    func zeroFormula(_ variables: [String]) throws(ProblemFileError) -> MathExpression {
        do { return try MathExpression("0", variables: variables) } catch {
            throw root.error(nil, "internal: cannot build the formula 0 over \(variables): \(error.message)")
        }
    }

    func single(_ t: TOMLReader, _ counts: [Int]) throws(ProblemFileError) -> Int {
        guard counts.count == 1 else { throw t.error("count", "expected one integer for this rule, got \(counts.count)") }
        return counts[0]
    }

    func positive(_ t: TOMLReader, _ key: String) throws(ProblemFileError) -> Double? {
        guard let w = try t.double(key) else { return nil }
        guard w.isFinite && w > 0 else { throw t.error(key, "must be finite and > 0, got \(w)") }
        return w
    }
}

extension Box {
    /// The face a boundary point lies on (the first of `among` it is on; all faces by default).
    func faceOf(_ p: [Double], among faces: [Face]? = nil) -> Face {
        let candidates = faces ?? (0..<dimension).flatMap { [Face(dimension: $0, upper: false), Face(dimension: $0, upper: true)] }
        return candidates.first { p[$0.dimension] == ($0.upper ? upper[$0.dimension] : lower[$0.dimension]) } ?? candidates[0]
    }
}
