import Testing
import LinearAlgebra
import TestSupport

/// Naive triple loop, the oracle for the BLAS wrappers.
private func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    var c = Matrix(rows: a.rows, cols: b.cols)
    for i in 0..<a.rows { for j in 0..<b.cols {
        var s = 0.0
        for k in 0..<a.cols { s += a[i, k] * b[k, j] }
        c[i, j] = s
    } }
    return c
}

private func maxDiff(_ a: Matrix, _ b: Matrix) -> Double {
    #expect(a.rows == b.rows && a.cols == b.cols)
    return maxAbsDifference(a.storage, b.storage)
}

/// ‖QᵀQ − I‖_max for a matrix with (supposedly) orthonormal columns.
private func orthonormalityDefect(_ q: Matrix) -> Double {
    maxDiff(Matrix.product(.transpose, q, .none, q), .identity(q.cols))
}

@Suite("BLAS wrappers")
struct BLASTests {
    @Test(arguments: [(Transpose.none, Transpose.none), (.transpose, .none), (.none, .transpose), (.transpose, .transpose)])
    func gemmMatchesNaive(ta: Transpose, tb: Transpose) {
        let a = TestData.gaussian(7, 5, seed: 1), b = TestData.gaussian(5, 6, seed: 2)
        let opA = ta == .none ? a : a.transposed, opB = tb == .none ? b : b.transposed
        let c = Matrix.product(ta, opA, tb, opB)
        #expect(maxDiff(c, naiveProduct(a, b)) < 1e-13)
    }

    @Test func gemmAccumulatesWithAlphaBeta() {
        let a = TestData.gaussian(4, 3, seed: 3), b = TestData.gaussian(3, 2, seed: 4)
        var c = TestData.gaussian(4, 2, seed: 5)
        let c0 = c
        Matrix.gemm(a, b, alpha: 2, beta: -1, into: &c)
        let expected = naiveProduct(a, b)
        for i in 0..<4 { for j in 0..<2 { #expect(abs(c[i, j] - (2 * expected[i, j] - c0[i, j])) < 1e-13) } }
    }

    @Test func gemvBothWays() {
        let a = TestData.gaussian(6, 4, seed: 6)
        let x = TestData.gaussian(4, seed: 7), w = TestData.gaussian(6, seed: 8)
        let ax = a.times(x), atw = a.times(w, .transpose)
        #expect(maxAbsDifference(ax, naiveProduct(a, Matrix(rows: 4, cols: 1, columnMajor: x)).storage) < 1e-13)
        #expect(maxAbsDifference(atw, naiveProduct(a.transposed, Matrix(rows: 6, cols: 1, columnMajor: w)).storage) < 1e-13)
    }

    @Test func syrkFillsBothTriangles() {
        let a = TestData.gaussian(5, 8, seed: 9)
        var g = Matrix(rows: 5, cols: 5), h = Matrix(rows: 8, cols: 8)
        Matrix.syrk(.none, a, into: &g)
        Matrix.syrk(.transpose, a, into: &h)
        #expect(maxDiff(g, naiveProduct(a, a.transposed)) < 1e-12)
        #expect(maxDiff(h, naiveProduct(a.transposed, a)) < 1e-12)
    }

    @Test func transposeAndIdentity() {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(a.transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(Matrix.identity(3) * a.transposed == a.transposed)
        #expect(a[1, 2] == 6)
    }
}

@Suite("Thin SVD")
struct ThinSVDTests {
    @Test(arguments: [(40, 12), (12, 40), (25, 25), (1, 7), (9, 1)])
    func reconstructsWithOrthonormalFactors(m: Int, n: Int) throws {
        let a = TestData.gaussian(m, n, seed: UInt64(m * 100 + n))
        let svd = try ThinSVD(a)
        var us = svd.u
        for j in 0..<svd.count { for i in 0..<m { us[i, j] *= svd.singularValues[j] } }
        #expect(maxDiff(us * svd.vt, a) < 1e-12)
        #expect(orthonormalityDefect(svd.u) < 1e-13)
        #expect(orthonormalityDefect(svd.vt.transposed) < 1e-13)
        #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(svd.singularValues.allSatisfy { $0 >= 0 })
    }

    @Test func fullRankTallSolveIsLeastSquares() throws {
        let a = TestData.gaussian(30, 6, seed: 11), b = TestData.gaussian(30, seed: 12)
        let x = try ThinSVD(a).solve(b)
        let residual = zip(a.times(x), b).map { $0 - $1 }
        // Normal equations: Aᵀ(Ax − b) = 0.
        #expect(norm2(a.times(residual, .transpose)) < 1e-12)
    }

    @Test func rankDeficientSolveIsMinimumNorm() throws {
        let a = TestData.lowRank(20, 10, rank: 4, seed: 13), b = TestData.gaussian(20, seed: 14)
        let svd = try ThinSVD(a)
        #expect(svd.rank(rtol: 1e-10) == 4)
        let x = svd.solve(b, rtol: 1e-10)
        let residual = zip(a.times(x), b).map { $0 - $1 }
        #expect(norm2(a.times(residual, .transpose)) < 1e-10)
        // Minimum norm: x has no component in the null space (rows k..r of Vᵀ).
        for i in 4..<svd.count {
            let vi = (0..<10).map { svd.vt[i, $0] }
            #expect(abs(zip(vi, x).reduce(0) { $0 + $1.0 * $1.1 }) < 1e-12)
        }
        // Adding a null-space vector to x only makes it longer and fits as well.
        let null = (0..<10).map { svd.vt[svd.count - 1, $0] }
        let y = zip(x, null).map { $0 + 0.5 * $1 }
        #expect(norm2(y) > norm2(x))
        #expect(abs(norm2(zip(a.times(y), b).map { $0 - $1 }) - norm2(residual)) < 1e-10)
    }

    @Test func wideSolveInterpolatesWithMinimumNorm() throws {
        let a = TestData.gaussian(5, 12, seed: 15), b = TestData.gaussian(5, seed: 16)
        let x = try ThinSVD(a).solve(b)
        #expect(maxAbsDifference(a.times(x), b) < 1e-12)
        // The minimum-norm solution is Aᵀ(AAᵀ)⁻¹b: it lies in the row space of A.
        var g = Matrix(rows: 5, cols: 5)
        Matrix.syrk(.none, a, into: &g)
        let eig = try SymmetricEigen(g)
        var z = eig.vectors.times(b, .transpose)
        for i in 0..<5 { z[i] /= eig.values[i] }
        let xRef = a.times(eig.vectors.times(z), .transpose)
        #expect(maxAbsDifference(x, xRef) < 1e-11)
    }

    @Test func maxRankTruncates() throws {
        let svd = try ThinSVD(TestData.gaussian(10, 8, seed: 17))
        #expect(svd.rank(rtol: 0, maxRank: 3) == 3)
        #expect(svd.rank(rtol: 0) == 8)
        #expect(svd.rank(rtol: 2) == 0)
    }

    @Test func zeroMatrixHasRankZero() throws {
        let svd = try ThinSVD(Matrix(rows: 4, cols: 3))
        #expect(svd.rank(rtol: 1e-12) == 0)
        #expect(svd.solve([1, 2, 3, 4]) == [0, 0, 0])
    }

    @Test func nonFiniteInputThrowsInsteadOfLooping() throws {
        var a = TestData.gaussian(6, 4, seed: 18)
        a[2, 3] = .nan
        #expect(throws: LinearAlgebraError.nonFiniteInput(routine: "dgesdd")) { try ThinSVD(a) }
        a[2, 3] = .infinity
        #expect(throws: LinearAlgebraError.nonFiniteInput(routine: "dgesdd")) { try ThinSVD(a) }
    }

    @Test func workspaceIsReusable() throws {
        let svd = ThinSVD(rows: 8, cols: 5)
        let a = TestData.gaussian(8, 5, seed: 19), b = TestData.gaussian(8, 5, seed: 20)
        try svd.factor(a)
        let sa = svd.singularValues
        try svd.factor(b)
        try svd.factor(a)
        #expect(svd.singularValues == sa)
    }
}

@Suite("Symmetric eigendecomposition")
struct SymmetricEigenTests {
    @Test func decomposesGramMatrix() throws {
        let a = TestData.gaussian(9, 6, seed: 21)
        var g = Matrix(rows: 6, cols: 6)
        Matrix.syrk(.transpose, a, into: &g)
        let eig = try SymmetricEigen(g)
        #expect(orthonormalityDefect(eig.vectors) < 1e-13)
        #expect(zip(eig.values, eig.values.dropFirst()).allSatisfy { $0 <= $1 })
        var ql = eig.vectors
        for j in 0..<6 { for i in 0..<6 { ql[i, j] *= eig.values[j] } }
        #expect(maxDiff(g * eig.vectors, ql) < 1e-11)
        // Eigenvalues of AᵀA are the squared singular values of A.
        let s = try ThinSVD(a).singularValues.map { $0 * $0 }.reversed()
        #expect(maxAbsDifference(Array(s), eig.values) < 1e-11)
    }

    @Test func nonFiniteInputThrows() {
        var g = Matrix.identity(3)
        g[0, 1] = .nan
        #expect(throws: LinearAlgebraError.nonFiniteInput(routine: "dsyevd")) { try SymmetricEigen(g) }
        #expect(throws: LinearAlgebraError.nonFiniteInput(routine: "dsyev")) {
            try SymmetricEigen(size: 3, method: .lowMemory).factorInPlace(&g)
        }
    }

    @Test func lowMemoryInPlaceAgreesWithDivideAndConquer() throws {
        let a = TestData.gaussian(30, 12, seed: 22)
        var g = Matrix(rows: 12, cols: 12)
        Matrix.syrk(.transpose, a, into: &g)
        let reference = try SymmetricEigen(g)
        let lean = SymmetricEigen(size: 12, method: .lowMemory)
        var q = g
        try lean.factorInPlace(&q)
        #expect(maxAbsDifference(lean.values, reference.values) < 1e-11)
        #expect(orthonormalityDefect(q) < 1e-13)
        var ql = q
        for j in 0..<12 { for i in 0..<12 { ql[i, j] *= lean.values[j] } }
        #expect(maxDiff(g * q, ql) < 1e-11)
        // The three leading pairs by MRRR.
        let top = SymmetricEigen(size: 12, method: .top(3))
        var copy = g
        try top.factorInPlace(&copy)
        #expect(top.computedCount == 3 && top.vectors.cols == 3)
        #expect(maxAbsDifference(Array(top.values[0..<3]), Array(reference.values[9..<12])) < 1e-11)
        for j in 0..<3 {
            let v = top.vectors.column(j), gv = g.times(v)
            #expect(maxAbsDifference(gv, v.map { $0 * top.values[j] }) < 1e-10)
        }
    }
}

@Suite("Thin QR")
struct ThinQRTests {
    @Test func orthonormalBasisOfTheSameColumnSpace() throws {
        let a = TestData.gaussian(20, 6, seed: 31)
        let qr = ThinQR(rows: 20, cols: 6)
        try qr.orthonormalize(a)
        #expect(orthonormalityDefect(qr.q) < 1e-14)
        // A lies in span(Q): Q Qᵀ A = A.
        let projected = qr.q * Matrix.product(.transpose, qr.q, .none, a)
        #expect(maxDiff(projected, a) < 1e-12)
    }

    @Test func nonFiniteInputThrows() {
        var a = TestData.gaussian(5, 2, seed: 32)
        a[0, 0] = .nan
        #expect(throws: LinearAlgebraError.nonFiniteInput(routine: "dgeqrf")) { try ThinQR(rows: 5, cols: 2).orthonormalize(a) }
    }
}
