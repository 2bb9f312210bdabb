/// A condition α·u + β·∂u/∂n = g whose coefficients and data are formulas in the
/// variables and the unknowns λ of an inverse problem — a Robin coefficient
/// `alpha = "h"`, an inflow `value = "A*sin(pi*y)"` with h or A unknown:
///
///     r_i = w·(α(x_i; λ)·u(x_i) + β(x_i; λ)·Σ_k n_{i,k} ∂u/∂x_{d_k}(x_i) − g(x_i; λ)),
///
/// with the unit normal n_i over the directions `dimensions` (±e_d on a box
/// face, the outward normal of a shape or a points file). Dirichlet is α = 1,
/// β = 0 (no derivative is read), Neumann α = 0, β = 1; an initial value is
/// Dirichlet on t = t₀ and an initial rate β = 1 with n = e_t. Default weight 1/√N.
///
/// The partials the chain rule needs:
///
///     ∂r_i/∂u = w·α,   ∂r_i/∂(∂u/∂x_{d_k}) = w·β·n_{i,k},
///     ∂r_i/∂λ_j = w·(∂α/∂λ_j·u + ∂β/∂λ_j·∂u/∂n − ∂g/∂λ_j),
///
/// the last from forward-mode dual numbers run through the formulas (``Dual8`` up
/// to eight unknowns, ``Dual`` beyond) with λ seeded — exact, as ∂F/∂λ of an
/// ``EquationTerm``. A formula that reads no unknown is evaluated once at the points.
public struct FormulaConditionTerm: UnknownReadingTerm {
    public let name: String
    public let points: PointSet
    public let weight: Double
    /// α, β and g over the point's coordinates followed by the unknowns (`unknowns.names`).
    public let alpha: MathExpression
    public let beta: MathExpression
    public let value: MathExpression
    /// Point-major normals: n_{i,k} for the k-th of `dimensions`.
    public let normals: [Double]
    public let dimensions: [Int]
    public let field: Int
    public let channels: [FieldChannel]
    /// The values the formulas read (nil: no unknowns).
    public let unknowns: UnknownValues?
    /// Per formula (α, β, g): its values at the points when it reads no unknown.
    private let fixed: [[Double]?]
    private let derivatives: Bool

    /// - Parameters:
    ///   - alpha, beta, value: formulas over the points' coordinates followed by
    ///     `unknowns.names` (none when `unknowns` is nil).
    ///   - normals: point-major, `dimensions.count` entries a point (ignored when β ≡ 0).
    public init(name: String, points: PointSet, alpha: MathExpression, beta: MathExpression, value: MathExpression,
                normals: [Double], dimensions: [Int], unknowns: UnknownValues?, weight: Double? = nil, field: Int = 0) {
        let inputs = points.dimension + (unknowns?.count ?? 0)
        for f in [alpha, beta, value] {
            precondition(f.variables.count == inputs && Array(f.variables.suffix(unknowns?.count ?? 0)) == (unknowns?.names ?? []),
                         "FormulaConditionTerm \(name): formula '\(f.source)' has inputs \(f.variables), need \(points.dimension) coordinates and the unknowns \(unknowns?.names ?? [])")
        }
        precondition(normals.count == points.count * dimensions.count,
                     "FormulaConditionTerm \(name): \(normals.count) normal entries for \(points.count) points in \(dimensions.count) dimensions")
        self.name = name; self.points = points; self.alpha = alpha; self.beta = beta; self.value = value
        self.normals = normals; self.dimensions = dimensions; self.unknowns = unknowns; self.field = field
        self.weight = weight ?? 1 / Double(max(points.count, 1)).squareRoot()
        derivatives = !(beta.isConstant && beta.evaluate([Double](repeating: 0, count: inputs)) == 0)
        channels = [FieldChannel(field: field, .value)] + (derivatives ? dimensions.map { FieldChannel(field: field, .first($0)) } : [])
        let names = Set(unknowns?.names ?? [])
        let n = points.count, D = points.dimension, zeros = [Double](repeating: 0, count: inputs - D)
        fixed = [alpha, beta, value].map { f in
            guard f.referencedVariables.isDisjoint(with: names) else { return nil }
            return (0..<n).map { i in f.evaluate(Array(points.coordinates[(i * D)..<((i + 1) * D)]) + zeros) }
        }
    }

    public var unknownNames: [String] { unknowns?.names ?? [] }

    /// Whether α, β or g reads an unknown.
    public var readsUnknowns: Bool { fixed.contains { $0 == nil } }

    public func evaluate(jet: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
                         partials: UnsafeMutableBufferPointer<Double>?) {
        let n = points.count, S = dimensions.count
        let lambda = unknowns?.values ?? []
        run(Double.self, unknown: { lambda[$0] }) { i, a, b, g in
            let dn = normalDerivative(i, jet, n)
            residuals[i] = weight * (a * jet[i] + b * dn - g)
            guard let p = partials else { return }
            p[i] = weight * a
            if derivatives { for k in 0..<S { p[(1 + k) * n + i] = weight * b * normals[i * S + k] } }
        }
    }

    /// ∂r_i/∂λ_j into `out[j * points.count + i]`; nothing when there are no unknowns.
    public func unknownPartials(jet: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        guard let lambda = unknowns?.values, !lambda.isEmpty else { return }
        let n = points.count, U = lambda.count
        precondition(out.count >= U * n, "FormulaConditionTerm.unknownPartials: room for \(out.count), need \(U * n)")
        if U <= Dual8.capacity {
            run(Dual8.self, unknown: { Dual8.variable(lambda[$0], index: $0) }) { i, a, b, g in
                let u = jet[i], dn = normalDerivative(i, jet, n)
                for j in 0..<U { out[j * n + i] = weight * (a.partials[j] * u + b.partials[j] * dn - g.partials[j]) }
            }
        } else {
            run(Dual.self, unknown: { Dual.variable(lambda[$0], index: $0, count: U) }) { i, a, b, g in
                let u = jet[i], dn = normalDerivative(i, jet, n)
                for j in 0..<U { out[j * n + i] = weight * (a.partial(j) * u + b.partial(j) * dn - g.partial(j)) }
            }
        }
    }

    /// ∂u/∂n at point i (0 when β ≡ 0 and no derivative is read).
    @inline(__always)
    private func normalDerivative(_ i: Int, _ jet: UnsafeBufferPointer<Double>, _ n: Int) -> Double {
        guard derivatives else { return 0 }
        let S = dimensions.count
        var s = 0.0
        for k in 0..<S { s += normals[i * S + k] * jet[(1 + k) * n + i] }
        return s
    }

    /// Runs α, β, g at every point with scalar type S (the unknowns from `unknown`,
    /// the coordinates as constants); `body` consumes (i, α, β, g).
    @inline(__always)
    private func run<S: ExpressionScalar>(_: S.Type, unknown: (Int) -> S, body: (Int, S, S, S) -> Void) {
        let n = points.count, D = points.dimension, U = unknowns?.count ?? 0
        let formulas = [alpha, beta, value]
        let depth = max(alpha.program.maximumDepth, beta.program.maximumDepth, value.program.maximumDepth, 1)
        points.coordinates.withUnsafeBufferPointer { x in
            withUnsafeTemporaryAllocation(of: S.self, capacity: D + U) { inputs in
                inputs.initialize(repeating: S(0))
                for k in 0..<U { inputs[D + k] = unknown(k) }
                withUnsafeTemporaryAllocation(of: S.self, capacity: depth) { stack in
                    for i in 0..<n {
                        for d in 0..<D { inputs[d] = S(x[i * D + d]) }
                        func f(_ k: Int) -> S {
                            if let v = fixed[k] { return S(v[i]) }
                            return formulas[k].program.run(inputs: UnsafeBufferPointer(inputs), stack: stack.baseAddress!)
                        }
                        body(i, f(0), f(1), f(2))
                    }
                }
                inputs.deinitialize()
            }
        }
    }
}
