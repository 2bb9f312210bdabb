import LinearAlgebra
import SeededRandom
import Testing
import Distributed

@Suite struct TriangularFactorTests {
    /// TSQR's combine: the R of two stacked R factors has the Gram matrix of the whole
    /// matrix (RᵀR = AᵀA, the R of A up to row signs), whether a block is tall or short.
    @Test(arguments: [(30, 20, 5), (12, 3, 5), (2, 2, 5)])
    func stackedFactorsGiveTheWholeFactor(rows1: Int, rows2: Int, cols: Int) {
        var g = SeededGenerator(seed: 19)
        let a = Matrix(rows: rows1 + rows2, cols: cols, columnMajor: (0..<((rows1 + rows2) * cols)).map { _ in g.nextNormal() })
        func block(_ lo: Int, _ hi: Int) -> [Double] {
            (0..<cols).flatMap { j in (lo..<hi).map { a[$0, j] } }
        }
        var r1 = Matrix(rows: cols, cols: cols), r2 = r1, r = r1
        var b1 = block(0, rows1), b2 = block(rows1, rows1 + rows2)
        RowDistributedSystem.triangularFactor(rows: rows1, cols: cols, &b1, into: &r1)
        RowDistributedSystem.triangularFactor(rows: rows2, cols: cols, &b2, into: &r2)
        var stacked = (0..<cols).flatMap { j in (0..<cols).map { r1[$0, j] } + (0..<cols).map { r2[$0, j] } }
        RowDistributedSystem.triangularFactor(rows: 2 * cols, cols: cols, &stacked, into: &r)
        // The tree's combine (dtpqrt on the two triangles) gives the same factor.
        var combined = r1
        RowDistributedSystem.combine(&combined, r2)
        let ctc = Matrix.product(.transpose, combined, .none, combined)
        let gram = Matrix.product(.transpose, a, .none, a), rtr = Matrix.product(.transpose, r, .none, r)
        var diff = 0.0
        for i in gram.storage.indices { diff = max(diff, abs(gram.storage[i] - rtr.storage[i])) }
        #expect(diff <= 1e-12 * gram.frobeniusNorm)
        var diffCombined = 0.0
        for i in gram.storage.indices { diffCombined = max(diffCombined, abs(gram.storage[i] - ctc.storage[i])) }
        #expect(diffCombined <= 1e-12 * gram.frobeniusNorm)
        for j in 0..<cols { for i in (j + 1)..<cols { #expect(combined[i, j] == 0) } }
        for j in 0..<cols { for i in (j + 1)..<cols { #expect(r[i, j] == 0) } }
    }

    @Test func nonFiniteInputGivesANaNFactor() {
        var a = [1.0, .nan, 3, 4]
        var r = Matrix(rows: 2, cols: 2)
        RowDistributedSystem.triangularFactor(rows: 2, cols: 2, &a, into: &r)
        #expect(!r.isFinite)
        var finite = Matrix([[1, 2], [0, 3]])
        RowDistributedSystem.combine(&finite, r)
        #expect(!finite.isFinite)
    }
}
