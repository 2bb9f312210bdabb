// MARK: - Batched evaluation

extension MathExpression {
    /// The value at many points at once.
    ///
    /// - Parameters:
    ///   - points: point-major coordinates: point i is
    ///     `points[i * dimension ..< (i + 1) * dimension]`, and variable k is
    ///     read from coordinate k (extra trailing coordinates are ignored).
    ///   - dimension: coordinates per point; at least 1 and at least
    ///     `variables.count`.
    ///   - out: one value per point; `out.count` must equal
    ///     `points.count / dimension`.
    ///
    /// Results equal the one-point `evaluate(_:)` at each point, bit for bit.
    /// The only allocation is one stack workspace of a few KiB per call.
    public func evaluate(points: UnsafeBufferPointer<Double>, dimension: Int,
                         into out: UnsafeMutableBufferPointer<Double>) {
        checkLayout(pointStorage: points.count, dimension: dimension, outCount: out.count)
        let workspace = program.makeWorkspace()
        defer { workspace.deallocate() }
        program.run(points: points, dimension: dimension, into: out, workspace: workspace)
    }

    /// The value at many points at once; see the `UnsafeBufferPointer` overload.
    public func evaluate(points: [Double], dimension: Int, into out: inout [Double]) {
        points.withUnsafeBufferPointer { points in
            out.withUnsafeMutableBufferPointer { out in
                evaluate(points: points, dimension: dimension, into: out)
            }
        }
    }

    /// The values at many points, as a new array (one allocation).
    public func evaluate(points: [Double], dimension: Int) -> [Double] {
        precondition(dimension >= 1, "MathExpression '\(source)': dimension is \(dimension), must be ≥ 1")
        var out = [Double](repeating: 0, count: points.count / dimension)
        evaluate(points: points, dimension: dimension, into: &out)
        return out
    }

    // MARK: - Checks

    private func checkLayout(pointStorage: Int, dimension: Int, outCount: Int) {
        precondition(dimension >= 1 && dimension >= variables.count,
                     "MathExpression '\(source)': dimension is \(dimension), must be ≥ 1 and ≥ "
                     + "\(variables.count) (the variables \(variables.joined(separator: ", ")))")
        precondition(pointStorage % dimension == 0,
                     "MathExpression '\(source)': \(pointStorage) coordinates is not a whole number "
                     + "of points of dimension \(dimension)")
        precondition(outCount == pointStorage / dimension,
                     "MathExpression '\(source)': out has \(outCount) entries for "
                     + "\(pointStorage / dimension) points")
    }
}
