/// The Robin condition α·u + β·∂u/∂n = g at points with given unit normals n_i
/// (Neumann: α = 0, β = 1): r_i = w·(α u(x_i) + β Σ_d n_{i,d} ∂u/∂x_d(x_i) − g_i),
/// for boundary points read from a file with normal columns (`n_x`, `n_y`, …) and
/// for the curved or slanted boundary parts of a shape (`Geometry.boundaryPoints`).
/// Where the normals are the box's face normals ±e_d, `RobinTerm` is the same
/// condition with fewer channels. With β = 0 (Dirichlet) no derivative channel is
/// read. Default weight 1/√N.
public struct RobinTermWithNormals: ResidualTerm {
    public let name: String
    public let points: PointSet
    public let weight: Double
    public let alpha: Double
    public let beta: Double
    public let target: [Double]
    /// Point-major unit normals: n_{i,k} for the k-th of `dimensions`.
    public let normals: [Double]
    /// The (spatial) dimensions the normals span.
    public let dimensions: [Int]
    public let field: Int
    public let channels: [FieldChannel]

    public init(name: String, points: PointSet, normals: [Double], dimensions: [Int], alpha: Double, beta: Double,
                target: [Double], weight: Double? = nil, field: Int = 0) {
        precondition(normals.count == points.count * dimensions.count && target.count == points.count,
                     "RobinTermWithNormals \(name): \(normals.count) normal entries and \(target.count) values for \(points.count) points in \(dimensions.count) dimensions")
        precondition(alpha != 0 || beta != 0, "RobinTermWithNormals \(name): α and β are both 0")
        self.name = name; self.points = points; self.normals = normals; self.dimensions = dimensions
        self.alpha = alpha; self.beta = beta; self.target = target; self.field = field
        self.weight = weight ?? 1 / Double(max(points.count, 1)).squareRoot()
        channels = [FieldChannel(field: field, .value)] + (beta == 0 ? [] : dimensions.map { FieldChannel(field: field, .first($0)) })
    }

    public func evaluate(jet: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
                         partials: UnsafeMutableBufferPointer<Double>?) {
        let n = points.count, S = dimensions.count, derivatives = beta != 0
        for i in 0..<n {
            var dn = 0.0
            if derivatives { for k in 0..<S { dn += normals[i * S + k] * jet[(1 + k) * n + i] } }
            residuals[i] = weight * (alpha * jet[i] + beta * dn - target[i])
        }
        guard let p = partials else { return }
        for i in 0..<n {
            p[i] = weight * alpha
            if derivatives { for k in 0..<S { p[(1 + k) * n + i] = weight * beta * normals[i * S + k] } }
        }
    }
}
