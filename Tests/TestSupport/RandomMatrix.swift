import LinearAlgebra
import SeededRandom

/// Seeded test data shared by the test targets.
public enum TestData {
    /// An m × n matrix of standard normal entries from `seed`.
    public static func gaussian(_ m: Int, _ n: Int, seed: UInt64) -> Matrix {
        var g = SeededGenerator(seed: seed)
        return Matrix(rows: m, cols: n, columnMajor: (0..<(m * n)).map { _ in g.nextNormal() })
    }

    /// A vector of standard normal entries from `seed`.
    public static func gaussian(_ n: Int, seed: UInt64) -> [Double] {
        var g = SeededGenerator(seed: seed)
        return (0..<n).map { _ in g.nextNormal() }
    }

    /// An m × n matrix of exact rank `rank` (product of two Gaussian factors).
    public static func lowRank(_ m: Int, _ n: Int, rank: Int, seed: UInt64) -> Matrix {
        Matrix.product(gaussian(m, rank, seed: seed), gaussian(rank, n, seed: seed &+ 1))
    }
}

/// max_i |a_i − b_i|.
public func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "maxAbsDifference: \(a.count) vs \(b.count) entries")
    var m = 0.0
    for i in a.indices { m = max(m, abs(a[i] - b[i])) }
    return m
}

/// Euclidean norm.
public func norm2(_ a: [Double]) -> Double {
    a.reduce(0) { $0 + $1 * $1 }.squareRoot()
}
