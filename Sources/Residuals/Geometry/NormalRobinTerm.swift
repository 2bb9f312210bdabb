/// The Robin condition α·u + β·∂u/∂n = g on a curved or slanted boundary:
///
///     r_i = w·(α u(x_i) + β Σ_d n_{i,d} ∂u/∂x_d(x_i) − g_i)
///
/// with n_i the outward unit normal at x_i (from `Geometry.boundaryPoints`).
/// Neumann is α = 0, β = 1; Dirichlet α = 1, β = 0. Default weight 1/√N.
/// (`RobinTerm` is the same on the faces of a box, where n = ±e_d.)
public struct NormalRobinTerm: ResidualTerm {
    public let name: String
    public let points: PointSet
    public let weight: Double
    public let alpha: Double
    public let beta: Double
    public let target: [Double]
    /// n_i, point-major (D per point).
    public let normals: [Double]
    public let field: Int
    public let channels: [FieldChannel]

    public init(name: String, points: PointSet, normals: [Double], alpha: Double, beta: Double, target: [Double],
                weight: Double? = nil, field: Int = 0) {
        precondition(normals.count == points.count * points.dimension && target.count == points.count,
                     "NormalRobinTerm \(name): \(normals.count) normal entries and \(target.count) values for \(points.count) \(points.dimension)D points")
        precondition(alpha != 0 || beta != 0, "NormalRobinTerm \(name): α and β are both 0")
        self.name = name
        self.points = points
        self.normals = normals
        self.alpha = alpha
        self.beta = beta
        self.target = target
        self.field = field
        self.weight = weight ?? 1 / Double(max(points.count, 1)).squareRoot()
        channels = [FieldChannel(field: field, .value)]
            + (beta == 0 ? [] : (0..<points.dimension).map { FieldChannel(field: field, .first($0)) })
    }

    public func evaluate(jet: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
                         partials: UnsafeMutableBufferPointer<Double>?) {
        let n = points.count, D = points.dimension, derivatives = beta != 0
        for i in 0..<n {
            var dudn = 0.0
            if derivatives { for d in 0..<D { dudn += normals[i * D + d] * jet[(1 + d) * n + i] } }
            residuals[i] = weight * (alpha * jet[i] + beta * dudn - target[i])
        }
        guard let p = partials else { return }
        for i in 0..<n {
            p[i] = weight * alpha
            if derivatives { for d in 0..<D { p[(1 + d) * n + i] = weight * beta * normals[i * D + d] } }
        }
    }
}
