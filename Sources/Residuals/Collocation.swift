import SeededRandom

/// Rules that place collocation points in a box and on its boundary.
public enum Collocation {
    /// The tensor grid strictly inside the box: along dimension d the points
    /// a_d + (i + 1)·L_d/(n_d + 1), i = 0 ..< n_d. The first dimension varies fastest.
    public static func interiorGrid(_ box: Box, counts: [Int]) -> PointSet {
        precondition(counts.count == box.dimension,
                     "interiorGrid: \(counts.count) counts for a \(box.dimension)-dimensional box")
        precondition(counts.allSatisfy { $0 >= 1 }, "interiorGrid: counts \(counts) must be ≥ 1")
        let axes = (0..<box.dimension).map { d in
            (0..<counts[d]).map { i in box.lower[d] + Double(i + 1) * box.length(d) / Double(counts[d] + 1) }
        }
        return tensor(axes)
    }

    /// The tensor product of coordinate axes, first axis fastest.
    /// The caller checks the size first (`CheckedSize.product` of the axis lengths,
    /// times the dimension): a product that overflows is a programmer error here.
    public static func tensor(_ axes: [[Double]]) -> PointSet {
        let dim = axes.count
        guard let total = CheckedSize.product(axes.map(\.count)), CheckedSize.product(total, dim) != nil else {
            preconditionFailure("tensor: \(axes.map(\.count)) points per axis overflow an Int; check the size before building the grid")
        }
        var coords = [Double](repeating: 0, count: total * dim)
        var index = [Int](repeating: 0, count: dim)
        for p in 0..<total {
            for d in 0..<dim { coords[p * dim + d] = axes[d][index[d]] }
            var d = 0
            while d < dim {
                index[d] += 1
                if index[d] < axes[d].count { break }
                index[d] = 0
                d += 1
            }
        }
        return PointSet(dimension: dim, coordinates: coords)
    }

    /// `count` points evenly spaced along the boundary of a rectangle, by arc
    /// length, starting at the lower-left corner and going counter-clockwise
    /// (so each corner appears at most once). For an interval: its two ends.
    public static func perimeter(_ box: Box, count: Int) -> PointSet {
        precondition(count >= 1, "perimeter: count \(count) < 1")
        if box.dimension == 1 { return PointSet(dimension: 1, coordinates: [box.lower[0], box.upper[0]]) }
        precondition(box.dimension == 2, "perimeter: needs a 1D or 2D box, got \(box.dimension)D")
        let (a, b) = (box.length(0), box.length(1))
        let total = 2 * (a + b)
        var coords: [Double] = []
        coords.reserveCapacity(2 * count)
        for k in 0..<count {
            var s = Double(k) * total / Double(count)
            let (x0, y0, x1, y1) = (box.lower[0], box.lower[1], box.upper[0], box.upper[1])
            if s < a { coords += [x0 + s, y0]; continue }
            s -= a
            if s < b { coords += [x1, y0 + s]; continue }
            s -= b
            if s < a { coords += [x1 - s, y1]; continue }
            s -= a
            coords += [x0, y1 - s]
        }
        return PointSet(dimension: 2, coordinates: coords)
    }

    /// `count` points uniformly at random on the boundary of a box (a face is
    /// chosen with probability proportional to its area), from `seed`.
    public static func randomBoundary(_ box: Box, count: Int, seed: UInt64) -> PointSet {
        let dim = box.dimension
        if dim == 1 { return perimeter(box, count: count) }
        var g = SeededGenerator(seed: seed)
        // Face areas: the two faces normal to d have area Π_{e≠d} L_e.
        let areas = (0..<dim).map { d in (0..<dim).filter { $0 != d }.reduce(1.0) { $0 * box.length($1) } }
        let total = 2 * areas.reduce(0, +)
        var coords: [Double] = []
        coords.reserveCapacity(count * dim)
        for _ in 0..<count {
            var pick = g.nextUniform() * total
            var face = 0
            while face < 2 * dim - 1 && pick >= areas[face / 2] { pick -= areas[face / 2]; face += 1 }
            for d in 0..<dim {
                if d == face / 2 {
                    coords.append(face % 2 == 0 ? box.lower[d] : box.upper[d])
                } else {
                    coords.append(box.lower[d] + g.nextUniform() * box.length(d))
                }
            }
        }
        return PointSet(dimension: dim, coordinates: coords)
    }
}
