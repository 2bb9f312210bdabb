/// One condition imposed at a set of points: r_i = F(x_i, jet(x_i)) for each point.
///
/// A term states the jet channels it needs and, for each of its points, returns
/// the residual and its partial derivatives ∂r_i/∂jet_c — enough for any model
/// that produces the jet to assemble the Jacobian by the chain rule
/// (∂r_i/∂θ = Σ_c ∂r_i/∂jet_c · ∂jet_c/∂θ).
///
/// **Layout.** `jet` and `partials` are channel-major: entry (c, i) is at
/// `c * points.count + i`, c indexing `channels`.
public protocol ResidualTerm: Sendable {
    /// A short name for reports ("pde", "boundary", …).
    var name: String { get }
    /// Where the condition is imposed.
    var points: PointSet { get }
    /// The jet channels F reads (of which field), in the order of the `jet` layout.
    var channels: [FieldChannel] { get }
    /// r_i for every point into `residuals`; when `partials` is given, also ∂r_i/∂jet_c.
    func evaluate(jet: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
                  partials: UnsafeMutableBufferPointer<Double>?)
}

/// The Poisson condition −Δu = f at interior points, residual r_i = w·(−Δu(x_i) − f(x_i)).
///
/// The default weight w = 1/√N makes ½‖r‖² the mean squared residual of the
/// term, the loss of the ENGD paper (Müller & Zeinhofer, ICML 2023).
public struct PoissonTerm: ResidualTerm {
    public let name: String
    public let points: PointSet
    public let weight: Double
    /// f at each point, evaluated once.
    public let source: [Double]
    /// The field the condition is on. Default 0 (u).
    public let field: Int
    public var channels: [FieldChannel] { [FieldChannel(field: field, .laplacian)] }

    public init(name: String = "pde", points: PointSet, source: [Double], weight: Double? = nil, field: Int = 0) {
        precondition(source.count == points.count,
                     "PoissonTerm: \(source.count) source values for \(points.count) points")
        self.name = name
        self.points = points
        self.source = source
        self.field = field
        self.weight = weight ?? 1 / Double(max(points.count, 1)).squareRoot()
    }

    public func evaluate(jet: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
                         partials: UnsafeMutableBufferPointer<Double>?) {
        for i in 0..<points.count { residuals[i] = weight * (-jet[i] - source[i]) }
        if let p = partials { for i in 0..<points.count { p[i] = -weight } }
    }
}

/// The Dirichlet condition u = g at boundary points, residual r_i = w·(u(x_i) − g(x_i)),
/// default weight 1/√N.
public struct DirichletTerm: ResidualTerm {
    public let name: String
    public let points: PointSet
    public let weight: Double
    /// g at each point, evaluated once.
    public let target: [Double]
    /// The field the condition is on. Default 0 (u).
    public let field: Int
    public var channels: [FieldChannel] { [FieldChannel(field: field, .value)] }

    public init(name: String = "boundary", points: PointSet, target: [Double], weight: Double? = nil, field: Int = 0) {
        precondition(target.count == points.count,
                     "DirichletTerm: \(target.count) values for \(points.count) points")
        self.name = name
        self.points = points
        self.target = target
        self.field = field
        self.weight = weight ?? 1 / Double(max(points.count, 1)).squareRoot()
    }

    public func evaluate(jet: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
                         partials: UnsafeMutableBufferPointer<Double>?) {
        for i in 0..<points.count { residuals[i] = weight * (jet[i] - target[i]) }
        if let p = partials { for i in 0..<points.count { p[i] = weight } }
    }
}
