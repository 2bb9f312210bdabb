// MARK: - [domain] shape = "…" and conditions on named boundary parts

extension ProblemFileBuilder {
    /// `[domain] shape = "…"` (see `ShapeParser`), with optional `variables`; nil
    /// when the domain is a box (`lower`, `upper`). The problem's `Box` is then the
    /// shape's bounding box.
    func readShapeDomain(parameters: [String: Double]) throws(ProblemFileError) -> (Box, Geometry)? {
        let d = try root.requiredTable("domain")
        guard let text = try d.string("shape") else { return nil }
        let variables = try d.strings("variables")
        for key in ["lower", "upper", "time"] where d.table[key] != nil {
            throw d.error(key, key == "time"
                          ? "a shape is a domain in space; time-dependent problems on shapes are not supported yet (use a box)"
                          : "not used with shape: the shape gives the domain's extent")
        }
        try d.rejectUnknownKeys()
        let geometry: Geometry
        do {
            geometry = try ShapeParser.parse(text, constants: parameters)
        } catch {
            let place = d.context.map.valuePlace(of: d.fieldPath("shape"))
            throw d.error("shape", error.message, column: place.map { $0.column + error.offset },
                          detail: text + "\n" + String(repeating: " ", count: error.offset) + "^")
        }
        do {
            return (try geometry.boundingBox(variables: variables), geometry)
        } catch {
            guard case .invalid(_, let why) = error else { throw d.error("variables", "\(error)") }
            throw d.error("variables", why)
        }
    }

    /// Interior points of the box, or of the shape when the domain has one.
    func interiorPoints(_ t: TOMLReader, box: Box, geometry: Geometry?, rule: SamplingRule, counts: [Int],
                        seed: UInt64) throws(ProblemFileError) -> PointSet {
        guard let geometry else { return Collocation.interior(box, rule: rule, counts: counts, seed: seed) }
        do {
            return try geometry.interiorPoints(rule: rule, counts: counts, seed: seed)
        } catch {
            guard case .invalid(let field, let why) = error else { throw t.error("count", "\(error)") }
            throw t.error(field, why)
        }
    }

    /// A `[[boundary]]` on a shape: `on` names boundary parts (all by default);
    /// points by arc length (`points`, `count`, `seed`); Neumann and Robin use the
    /// outward normals of the parts.
    func readShapeBoundary(_ b: TOMLReader, name: String, geometry: Geometry,
                           scope: Scope) throws(ProblemFileError) -> (BoundarySpec, [any ResidualTerm]) {
        let kind = try b.choice("kind", Self.boundaryKinds) ?? "dirichlet"
        guard kind != "periodic" else {
            throw b.error("kind", "periodic pairs need opposite faces of a box; this domain is a shape")
        }
        let field = try fieldIndex(b, scope)
        let parts = try b.strings("on")
        if let parts, parts.isEmpty { throw b.error("on", "is empty; name parts such as \(geometry.partNames.joined(separator: ", "))") }
        for p in parts ?? [] where !geometry.partNames.contains(p) {
            let hint = nearest(p, in: geometry.partNames).map { "did you mean \"\($0)\"? " } ?? ""
            throw b.error("on", "\"\(p)\" is not a boundary part of the shape; \(hint)parts: \(geometry.partNames.joined(separator: ", "))")
        }
        let rule = try b.choice("points", Self.faceRules) ?? "grid"
        let count = try single(b, try readCounts(b))
        let seed = try readSeed(b)
        let weight = try positive(b, "weight")
        let sample: BoundarySample
        do {
            sample = try geometry.boundaryPoints(parts: parts, rule: SamplingRule(rawValue: rule) ?? .grid, count: count, seed: seed)
        } catch {
            guard case .invalid(let key, let why) = error else { throw b.error("on", "\(error)") }
            throw b.error(key, why)
        }
        let box = scope.box
        var spec = BoundarySpec(kind: kind, faces: [], value: nil, alpha: 1, beta: 0, equation: nil, field: field)
        spec.parts = sample.partNames
        var terms: [any ResidualTerm] = []
        if kind == "equation" {
            guard let text = try b.string("equation") else { throw b.error("equation", "missing; expected e.g. \"u_x + u = 0\"") }
            let equation = try equationOf(b, "equation", text, scope)
            spec.equation = equation
            terms.append(EquationTerm(name: name, equation: equation, points: sample.points, weight: weight,
                                      unknowns: scope.unknownValues))
        } else {
            let formulas = try readValueCondition(b, kind: kind, into: &spec, scope: scope)
            if let formulas {
                terms.append(formulaTerm(formulas, name: name, points: sample.points, normals: sample.normals,
                                         dimensions: Array(0..<box.dimension), weight: weight, field: field, scope: scope))
                try b.rejectUnknownKeys()
                return (spec, terms)
            }
            let target = spec.value!.evaluate(points: sample.points.coordinates, dimension: box.dimension)
            if kind == "dirichlet" {
                terms.append(DirichletTerm(name: name, points: sample.points, target: target, weight: weight, field: field))
            } else {
                terms.append(RobinTermWithNormals(name: name, points: sample.points, normals: sample.normals,
                                                  dimensions: Array(0..<box.dimension), alpha: spec.alpha,
                                                  beta: spec.beta, target: target, weight: weight, field: field))
            }
        }
        try b.rejectUnknownKeys()
        return (spec, terms)
    }

    /// `[constraint]` on a shape: `d` as a formula, or (without `d`) the shape's
    /// approximate distance function, vanishing on the parts named in `on` (all by default).
    func shapeDistance(_ c: TOMLReader, geometry: Geometry,
                       formula: MathExpression?) throws(ProblemFileError) -> any ConstraintFunction {
        let parts = try c.strings("on")
        if let formula {
            guard parts == nil else { throw c.error("on", "give either d (a formula) or on (parts of the shape), not both") }
            return formula
        }
        do {
            return try DistanceFunction(geometry, parts: parts)
        } catch {
            guard case .invalid(_, let why) = error else { throw c.error("on", "\(error)") }
            throw c.error("on", why)
        }
    }
}
