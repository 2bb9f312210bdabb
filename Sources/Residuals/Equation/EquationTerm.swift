/// An ``Equation`` imposed at a set of points: r_i = w · F(x_i, jet(x_i)).
///
/// The default weight w = 1/√N makes ½‖r‖² the term's mean squared residual.
/// ∂r_i/∂jet_c = w · Σ_k ∂F/∂input_k over the jet inputs k that contain
/// channel c (one, except `lap(u)` in space × time, which sums channels).
public struct EquationTerm: ResidualTerm {
    public let name: String
    public let points: PointSet
    public let weight: Double
    public let equation: Equation
    public let channels: [FieldChannel]
    /// For each jet input of the equation, the indices into `channels` it sums.
    private let inputChannels: [[Int]]
    /// The current values of the equation's unknowns (inverse problems), in
    /// the order of `equation.unknowns`; nil when it has none.
    public let unknowns: UnknownValues?

    /// - Parameter unknowns: required when the equation has unknowns; their
    ///   names must be `equation.unknowns` in that order.
    public init(name: String = "pde", equation: Equation, points: PointSet, weight: Double? = nil,
                unknowns: UnknownValues? = nil) {
        precondition(equation.unknowns.isEmpty ? unknowns == nil : unknowns?.names == equation.unknowns,
                     "EquationTerm \(name): the equation's unknowns are \(equation.unknowns), the values are for \(unknowns?.names ?? [])")
        self.unknowns = unknowns
        precondition(points.dimension == equation.variables.count,
                     "EquationTerm \(name): \(points.dimension)D points for an equation in \(equation.variables)")
        self.name = name
        self.points = points
        self.equation = equation
        let channels = equation.channels
        self.channels = channels
        inputChannels = equation.jetChannels.map { $0.map { channels.firstIndex(of: $0)! } }
        self.weight = weight ?? 1 / Double(max(points.count, 1)).squareRoot()
    }

    public func evaluate(jet: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
                         partials: UnsafeMutableBufferPointer<Double>?) {
        let n = points.count, D = points.dimension, J = inputChannels.count
        let program = equation.residual.program
        let lambda = unknowns?.values ?? [], U = lambda.count
        points.coordinates.withUnsafeBufferPointer { x in
            if let p = partials, J <= Dual8.capacity {
                run(program, as: Dual8.self, D: D, J: J + U) { inputs, i in
                    for d in 0..<D { inputs[d] = Dual8(x[i * D + d]) }
                    for k in 0..<J { inputs[D + k] = Dual8.variable(jetInput(k, i, jet, n), index: k) }
                    for k in 0..<U { inputs[D + J + k] = Dual8(lambda[k]) }
                } store: { f, i in
                    residuals[i] = weight * f.value
                    for c in channels.indices { p[c * n + i] = 0 }
                    for k in 0..<J { for c in inputChannels[k] { p[c * n + i] += weight * f.partials[k] } }
                }
            } else if let p = partials {
                run(program, as: Dual.self, D: D, J: J + U) { inputs, i in
                    for d in 0..<D { inputs[d] = Dual(x[i * D + d]) }
                    for k in 0..<J { inputs[D + k] = Dual.variable(jetInput(k, i, jet, n), index: k, count: J) }
                    for k in 0..<U { inputs[D + J + k] = Dual(lambda[k]) }
                } store: { f, i in
                    residuals[i] = weight * f.value
                    for c in channels.indices { p[c * n + i] = 0 }
                    for k in 0..<J { for c in inputChannels[k] { p[c * n + i] += weight * f.partial(k) } }
                }
            } else {
                run(program, as: Double.self, D: D, J: J + U) { inputs, i in
                    for d in 0..<D { inputs[d] = x[i * D + d] }
                    for k in 0..<J { inputs[D + k] = jetInput(k, i, jet, n) }
                    for k in 0..<U { inputs[D + J + k] = lambda[k] }
                } store: { f, i in residuals[i] = weight * f }
            }
        }
    }

    /// ∂r_i/∂λ_k for the equation's unknowns into `out[k * points.count + i]`:
    /// the same program run with the unknowns seeded as the dual variables and
    /// the jet as constants — exact, like ∂r/∂jet. Nothing when there are none.
    public func unknownPartials(jet: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        guard let lambda = unknowns?.values, !lambda.isEmpty else { return }
        let n = points.count, D = points.dimension, J = inputChannels.count, U = lambda.count
        precondition(out.count >= U * n, "EquationTerm.unknownPartials: room for \(out.count), need \(U * n)")
        let program = equation.residual.program
        points.coordinates.withUnsafeBufferPointer { x in
            if U <= Dual8.capacity {
                run(program, as: Dual8.self, D: D, J: J + U) { inputs, i in
                    for d in 0..<D { inputs[d] = Dual8(x[i * D + d]) }
                    for k in 0..<J { inputs[D + k] = Dual8(jetInput(k, i, jet, n)) }
                    for k in 0..<U { inputs[D + J + k] = Dual8.variable(lambda[k], index: k) }
                } store: { f, i in
                    for k in 0..<U { out[k * n + i] = weight * f.partials[k] }
                }
            } else {
                run(program, as: Dual.self, D: D, J: J + U) { inputs, i in
                    for d in 0..<D { inputs[d] = Dual(x[i * D + d]) }
                    for k in 0..<J { inputs[D + k] = Dual(jetInput(k, i, jet, n)) }
                    for k in 0..<U { inputs[D + J + k] = Dual.variable(lambda[k], index: k, count: U) }
                } store: { f, i in
                    for k in 0..<U { out[k * n + i] = weight * f.partial(k) }
                }
            }
        }
    }

    /// Jet input k at point i: the sum of its channels.
    @inline(__always)
    private func jetInput(_ k: Int, _ i: Int, _ jet: UnsafeBufferPointer<Double>, _ n: Int) -> Double {
        var s = 0.0
        for c in inputChannels[k] { s += jet[c * n + i] }
        return s
    }

    /// Runs the program at every point with scalar type S; `load` fills the
    /// inputs of point i, `store` consumes F at point i. Allocates only the
    /// two small temporary buffers.
    @inline(__always)
    private func run<S: ExpressionScalar>(_ program: ExpressionProgram, as: S.Type, D: Int, J: Int,
                                          load: (UnsafeMutableBufferPointer<S>, Int) -> Void,
                                          store: (S, Int) -> Void) {
        withUnsafeTemporaryAllocation(of: S.self, capacity: D + J) { inputs in
            inputs.initialize(repeating: S(0))
            withUnsafeTemporaryAllocation(of: S.self, capacity: max(program.maximumDepth, 1)) { stack in
                for i in 0..<points.count {
                    load(inputs, i)
                    store(program.run(inputs: UnsafeBufferPointer(inputs), stack: stack.baseAddress!), i)
                }
            }
            inputs.deinitialize()
        }
    }
}
