// MARK: - α, β and values of conditions: numbers, formulas, and [unknowns]

extension ProblemFileBuilder {
    /// The `value` of a Dirichlet, Neumann or Robin condition (default 0) and, for
    /// Neumann (α, β) = (0, 1), for Robin the required `alpha` and `beta` (each a
    /// number or a formula), into `spec`.
    ///
    /// The formulas may read the variables and `[unknowns]`. When one of them reads
    /// an unknown, or α or β varies in space, `spec.formulas` holds all three (over
    /// the variables followed by the unknowns) and `spec.value` is nil; otherwise
    /// `spec.value` is over the variables alone and `spec.alpha`, `spec.beta` are numbers.
    func readValueCondition(_ b: TOMLReader, kind: String, into spec: inout BoundarySpec,
                            scope: Scope) throws(ProblemFileError) -> ConditionFormulas? {
        let inputs = scope.box.variables + scope.unknowns.map(\.name)
        var value = try zeroFormula(inputs)
        if let v = try b.expression("value", variables: inputs, constants: scope.parameters) { value = v }
        var (alpha, beta) = (try constantFormula(1, inputs), try constantFormula(0, inputs))
        if kind == "neumann" { (alpha, beta) = (try constantFormula(0, inputs), try constantFormula(1, inputs)) }
        if kind == "robin" {
            alpha = try coefficient(b, "alpha", "α", inputs: inputs, scope: scope)
            beta = try coefficient(b, "beta", "β", inputs: inputs, scope: scope)
            if let a = constant(alpha), let c = constant(beta), a == 0 && c == 0 { throw b.error("alpha", "α and β are both 0") }
        }
        if reads(value, scope) || reads(alpha, scope) || reads(beta, scope) || !alpha.isConstant || !beta.isConstant {
            let formulas = ConditionFormulas(alpha: alpha, beta: beta, value: value)
            (spec.value, spec.alpha, spec.beta, spec.formulas) = (nil, constant(alpha) ?? .nan, constant(beta) ?? .nan, formulas)
            return formulas
        }
        spec.value = try overVariables(b, "value", value, scope)
        (spec.alpha, spec.beta) = (constant(alpha)!, constant(beta)!)
        return nil
    }

    /// The term of a condition whose formulas read unknowns (or vary in space), at
    /// `points` with unit normals over `dimensions` (point-major).
    func formulaTerm(_ f: ConditionFormulas, name: String, points: PointSet, normals: [Double], dimensions: [Int],
                     weight: Double?, field: Int, scope: Scope) -> FormulaConditionTerm {
        FormulaConditionTerm(name: name, points: points, alpha: f.alpha, beta: f.beta, value: f.value, normals: normals,
                             dimensions: dimensions, unknowns: scope.unknownValues, weight: weight, field: field)
    }

    /// The outward normals ±e_d of box faces, point-major over the directions the faces span.
    static func faceNormals(_ faces: [Face]) -> (normals: [Double], dimensions: [Int]) {
        let dims = Array(Set(faces.map(\.dimension))).sorted()
        var normals = [Double](repeating: 0, count: faces.count * dims.count)
        for (i, f) in faces.enumerated() { normals[i * dims.count + dims.firstIndex(of: f.dimension)!] = f.normalSign }
        return (normals, dims)
    }

    /// A formula that may not read `[unknowns]` (a Poisson source, a hard constraint,
    /// `[exact]`): one that names an unknown is refused with `instead`.
    func formulaWithoutUnknowns(_ t: TOMLReader, _ key: String, variables: [String], scope: Scope,
                                instead: String) throws(ProblemFileError) -> MathExpression? {
        guard let source = try t.string(key) else { return nil }
        if let u = Equation.identifiers(in: source).first(where: { w in scope.unknowns.contains { $0.name == w } }) {
            throw t.error(key, "reads the unknown \"\(u)\" of [unknowns]; \(instead)")
        }
        return try t.expression(key, variables: variables, constants: scope.parameters)
    }

    // MARK: - Pieces

    /// `alpha = 2` or `alpha = "h"`: a finite number or a formula in `inputs`.
    private func coefficient(_ b: TOMLReader, _ key: String, _ symbol: String, inputs: [String],
                             scope: Scope) throws(ProblemFileError) -> MathExpression {
        if b.table[key]?.string != nil, let e = try b.expression(key, variables: inputs, constants: scope.parameters) { return e }
        let expected = "\(symbol) in αu + β∂u/∂n = value: a number or a formula in \((scope.box.variables + scope.unknowns.map(\.name)).joined(separator: ", "))"
        guard let a = try b.double(key) else { throw b.error(key, "missing; expected \(expected)") }
        guard a.isFinite else { throw b.error(key, "must be finite, got \(a); expected \(expected)") }
        return try constantFormula(a, inputs)
    }

    /// Whether `e` reads one of the unknowns.
    func reads(_ e: MathExpression, _ scope: Scope) -> Bool {
        scope.unknowns.contains { e.referencedVariables.contains($0.name) }
    }

    /// The value of a formula that reads no variable, or nil.
    private func constant(_ e: MathExpression) -> Double? {
        e.isConstant ? e.evaluate([Double](repeating: 0, count: e.variables.count)) : nil
    }

    /// The number `a` as a formula over `inputs` (Swift's shortest round-trip spelling).
    private func constantFormula(_ a: Double, _ inputs: [String]) throws(ProblemFileError) -> MathExpression {
        do { return try MathExpression("\(a)", variables: inputs) } catch {
            throw root.error(nil, "internal: cannot build the formula \(a) over \(inputs): \(error.message)")
        }
    }

    /// `e` (read over the variables and the unknowns, reading none of the latter) over the variables alone.
    func overVariables(_ t: TOMLReader, _ key: String, _ e: MathExpression, _ scope: Scope) throws(ProblemFileError) -> MathExpression {
        guard !scope.unknowns.isEmpty else { return e }
        do { return try MathExpression(e.source, variables: scope.box.variables, constants: scope.parameters) } catch {
            throw t.located(key, error)
        }
    }
}
