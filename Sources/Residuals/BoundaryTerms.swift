/// One jet channel equal to data at points: r_i = w·(jet_c(x_i) − g_i), default
/// weight 1/√N. With the value channel it is a Dirichlet or initial-value
/// condition; with ∂/∂t at t = t₀ the initial-rate condition u_t = h.
public struct ChannelTerm: ResidualTerm {
    public let name: String
    public let points: PointSet
    public let weight: Double
    public let channel: FieldChannel
    /// g at each point.
    public let target: [Double]
    public var channels: [FieldChannel] { [channel] }

    public init(name: String, points: PointSet, channel: FieldChannel, target: [Double], weight: Double? = nil) {
        precondition(target.count == points.count, "ChannelTerm \(name): \(target.count) values for \(points.count) points")
        self.name = name
        self.points = points
        self.channel = channel
        self.target = target
        self.weight = weight ?? 1 / Double(max(points.count, 1)).squareRoot()
    }

    public func evaluate(jet: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
                         partials: UnsafeMutableBufferPointer<Double>?) {
        for i in 0..<points.count { residuals[i] = weight * (jet[i] - target[i]) }
        if let p = partials { for i in 0..<points.count { p[i] = weight } }
    }
}

/// The Robin condition α·u + β·∂u/∂n = g on faces of a box, residual
/// r_i = w·(α u(x_i) + β n_i·∇u(x_i) − g_i) with the outward normal n_i of the
/// face point i lies on (n = ±e_d, so ∂u/∂n = ±∂u/∂x_d). Neumann is α = 0, β = 1.
/// Default weight 1/√N.
public struct RobinTerm: ResidualTerm {
    public let name: String
    public let points: PointSet
    public let weight: Double
    public let alpha: Double
    public let beta: Double
    public let target: [Double]
    /// The face of each point.
    public let faces: [Face]
    public let field: Int
    public let channels: [FieldChannel]
    /// Per point: the index in `channels` of its normal derivative.
    private let normalChannel: [Int]

    public init(name: String, points: PointSet, faces: [Face], alpha: Double, beta: Double, target: [Double],
                weight: Double? = nil, field: Int = 0) {
        precondition(faces.count == points.count && target.count == points.count,
                     "RobinTerm \(name): \(faces.count) faces and \(target.count) values for \(points.count) points")
        precondition(alpha != 0 || beta != 0, "RobinTerm \(name): α and β are both 0")
        self.name = name
        self.points = points
        self.faces = faces
        self.alpha = alpha
        self.beta = beta
        self.target = target
        self.field = field
        self.weight = weight ?? 1 / Double(max(points.count, 1)).squareRoot()
        let dims = Array(Set(faces.map(\.dimension))).sorted()
        channels = [FieldChannel(field: field, .value)] + dims.map { FieldChannel(field: field, .first($0)) }
        normalChannel = faces.map { 1 + dims.firstIndex(of: $0.dimension)! }
    }

    public func evaluate(jet: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
                         partials: UnsafeMutableBufferPointer<Double>?) {
        let n = points.count
        for i in 0..<n {
            let s = faces[i].normalSign, c = normalChannel[i]
            residuals[i] = weight * (alpha * jet[i] + beta * s * jet[c * n + i] - target[i])
        }
        guard let p = partials else { return }
        for k in 0..<(channels.count * n) { p[k] = 0 }
        for i in 0..<n {
            p[i] = weight * alpha
            p[normalChannel[i] * n + i] = weight * beta * faces[i].normalSign
        }
    }
}
