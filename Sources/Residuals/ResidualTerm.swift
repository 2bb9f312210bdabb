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
    /// Whether residual i reads two points, i and N + i (default false; see ``PeriodicTerm``).
    var pairedRows: Bool { get }
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

// MARK: - Paired terms

extension ResidualTerm {
    /// Whether residual i couples two points (see ``PeriodicTerm``): then
    /// `points` holds 2N points, there are N residuals, and residual i reads
    /// points i and N + i — `jet` and `partials` span all 2N points.
    public var pairedRows: Bool { false }

    /// The number of residuals: the point count, or half of it for a paired term.
    public var rowCount: Int { pairedRows ? points.count / 2 : points.count }
}

/// Periodicity between opposite faces: for pairs (a_i, b_i) with b_i = a_i + L_d e_d,
///
///     order 0:  r_i = w·(u(a_i) − u(b_i)),
///     order 1:  r_i = w·(∂u/∂x_d(a_i) − ∂u/∂x_d(b_i)),
///
/// d being the periodic direction of pair i. Both orders together make a C¹
/// periodic solution of a second-order PDE. Default weight 1/√N.
public struct PeriodicTerm: ResidualTerm {
    public let name: String
    /// The N points a_i on lower faces, then the N partners b_i.
    public let points: PointSet
    public let weight: Double
    /// The periodic direction d of each pair.
    public let directions: [Int]
    public let order: Int
    public let field: Int
    public let channels: [FieldChannel]
    private let channelOfPair: [Int]

    /// - Parameters:
    ///   - lowerPoints: a_i, each on the lower face of `directions[i]`.
    ///   - order: 0 matches values, 1 matches the derivative along the direction.
    public init(name: String, lowerPoints: PointSet, directions: [Int], box: Box, order: Int, field: Int = 0,
                weight: Double? = nil) {
        precondition(directions.count == lowerPoints.count && (order == 0 || order == 1),
                     "PeriodicTerm \(name): \(directions.count) directions for \(lowerPoints.count) points, order \(order)")
        var partners = lowerPoints.coordinates
        let D = lowerPoints.dimension
        for (i, d) in directions.enumerated() { partners[i * D + d] = box.upper[d] }
        self.name = name
        self.points = lowerPoints.appending(PointSet(dimension: D, coordinates: partners))
        self.directions = directions
        self.order = order
        self.field = field
        self.weight = weight ?? 1 / Double(max(lowerPoints.count, 1)).squareRoot()
        let dims = order == 0 ? [] : Array(Set(directions)).sorted()
        channels = order == 0 ? [FieldChannel(field: field, .value)] : dims.map { FieldChannel(field: field, .first($0)) }
        channelOfPair = directions.map { order == 0 ? 0 : dims.firstIndex(of: $0)! }
    }

    public var pairedRows: Bool { true }

    public func evaluate(jet: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
                         partials: UnsafeMutableBufferPointer<Double>?) {
        let m = points.count, n = m / 2
        for i in 0..<n {
            let c = channelOfPair[i] * m
            residuals[i] = weight * (jet[c + i] - jet[c + n + i])
        }
        guard let p = partials else { return }
        for k in 0..<(channels.count * m) { p[k] = 0 }
        for i in 0..<n {
            let c = channelOfPair[i] * m
            p[c + i] = weight
            p[c + n + i] = -weight
        }
    }
}
