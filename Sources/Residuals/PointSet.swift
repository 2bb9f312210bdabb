/// Points in D dimensions, stored point-major: point i is
/// `coordinates[i*dimension ..< (i+1)*dimension]`.
public struct PointSet: Sendable, Equatable {
    public let dimension: Int
    public private(set) var coordinates: [Double]

    public init(dimension: Int, coordinates: [Double]) {
        precondition(dimension >= 1, "PointSet: dimension \(dimension) < 1")
        precondition(coordinates.count % dimension == 0,
                     "PointSet: \(coordinates.count) coordinates is not a multiple of dimension \(dimension)")
        self.dimension = dimension
        self.coordinates = coordinates
    }

    /// Number of points.
    public var count: Int { coordinates.count / dimension }

    /// Coordinates of point i.
    public func point(_ i: Int) -> ArraySlice<Double> {
        coordinates[(i * dimension)..<((i + 1) * dimension)]
    }

    /// All points of `self` followed by all points of `other`.
    public func appending(_ other: PointSet) -> PointSet {
        precondition(other.dimension == dimension, "PointSet: appending dimension \(other.dimension) to \(dimension)")
        return PointSet(dimension: dimension, coordinates: coordinates + other.coordinates)
    }
}
