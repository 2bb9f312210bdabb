/// A condition written in Swift: the jet channels it reads and a residual
/// F(x, jet) generic over the scalar type, so that the same code gives the
/// value (S = Double) and the partials ∂F/∂jet (S = a dual number).
///
///     struct Reaction: PointwiseCondition {          // −u″ + u³ = f
///         let channels = [FieldChannel(.second(0, 0)), FieldChannel(.value)]
///         func residual<S: ExpressionScalar>(x: [Double], jet: [S]) -> S {
///             -jet[0] + jet[1] * jet[1] * jet[1] - S(f(x[0]))
///         }
///     }
public protocol PointwiseCondition: Sendable {
    /// The jet channels F reads, in the order of `jet`.
    var channels: [FieldChannel] { get }
    /// F at one point x, given the jet values there.
    func residual<S: ExpressionScalar>(x: [Double], jet: [S]) -> S
}

/// A ``PointwiseCondition`` imposed at points: r_i = w·F(x_i, jet(x_i)), default
/// weight 1/√N; ∂r_i/∂jet_c by forward-mode duals (``Dual8`` up to eight
/// channels, ``Dual`` beyond).
public struct CustomTerm<Condition: PointwiseCondition>: ResidualTerm {
    public let name: String
    public let points: PointSet
    public let weight: Double
    public let condition: Condition
    public let channels: [FieldChannel]

    /// `name` defaults to the condition's type name (`Reaction` above), so terms of
    /// different conditions are told apart in reports without naming them.
    public init(name: String? = nil, condition: Condition, points: PointSet, weight: Double? = nil) {
        let name = name ?? String(describing: Condition.self)
        precondition(!condition.channels.isEmpty && Set(condition.channels).count == condition.channels.count,
                     "CustomTerm \(name): channels \(condition.channels) must be distinct and non-empty")
        self.name = name
        self.points = points
        self.condition = condition
        self.channels = condition.channels
        self.weight = weight ?? 1 / Double(max(points.count, 1)).squareRoot()
    }

    public func evaluate(jet: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
                         partials: UnsafeMutableBufferPointer<Double>?) {
        let n = points.count, C = channels.count, D = points.dimension
        // One x and one jet array for all points, overwritten in place (no allocation per point).
        var x = [Double](repeating: 0, count: D)
        func load(_ i: Int) { for d in 0..<D { x[d] = points.coordinates[i * D + d] } }
        guard let p = partials else {
            var values = [Double](repeating: 0, count: C)
            for i in 0..<n {
                load(i)
                for c in 0..<C { values[c] = jet[c * n + i] }
                residuals[i] = weight * condition.residual(x: x, jet: values)
            }
            return
        }
        if C <= Dual8.capacity {
            var duals = [Dual8](repeating: Dual8(0), count: C)
            for i in 0..<n {
                load(i)
                for c in 0..<C { duals[c] = Dual8.variable(jet[c * n + i], index: c) }
                let f = condition.residual(x: x, jet: duals)
                residuals[i] = weight * f.value
                for c in 0..<C { p[c * n + i] = weight * f.partials[c] }
            }
        } else {
            var duals = [Dual](repeating: Dual(0), count: C)
            for i in 0..<n {
                load(i)
                for c in 0..<C { duals[c] = Dual.variable(jet[c * n + i], index: c, count: C) }
                let f = condition.residual(x: x, jet: duals)
                residuals[i] = weight * f.value
                for c in 0..<C { p[c * n + i] = weight * f.partial(c) }
            }
        }
    }
}
