import Testing
import LinearAlgebra
import TestSupport

/// U as an explicit m × n matrix, column by column through `combineLeft`.
private func leftVectors(_ f: QRThinSVD) -> Matrix {
    var u = Matrix(rows: f.rows, cols: f.cols)
    var e = [Double](repeating: 0, count: f.cols), col = [Double](repeating: 0, count: f.rows)
    for j in 0..<f.cols {
        e[j] = 1
        f.combineLeft(e, into: &col)
        e[j] = 0
        for i in 0..<f.rows { u[i, j] = col[i] }
    }
    return u
}

@Suite("QR-preconditioned thin SVD")
struct QRThinSVDTests {
    /// σ from 1 down to 1e-12: every σ agrees with `dgesdd`'s to O(ε σ₁) absolute, as backward
    /// stability promises (both are exact SVDs of A + E, ‖E‖ ≈ ε‖A‖).
    @Test(arguments: [(60, 20), (200, 45), (33, 33)])
    func singularValuesAgreeWithTheFullSVDDownTo1e12(m: Int, n: Int) throws {
        let sigma = TestData.geometricSpectrum(n, decades: 12)
        let a = try TestData.withSpectrum(m, n, sigma: sigma, seed: 5)
        let f = QRThinSVD(rows: m, cols: n)
        try f.factor(a)
        let full = try ThinSVD(a)
        #expect(maxAbsDifference(f.singularValues, full.singularValues) < 1e-13)
        #expect(maxAbsDifference(f.singularValues, sigma) < 1e-13)
        // The ones above 1e-10σ₁ are resolved to a relative 1e-4 or better (absolute ε·σ₁).
        for i in 0..<n where sigma[i] >= 1e-10 {
            #expect(abs(f.singularValues[i] - sigma[i]) <= 1e-4 * sigma[i], "σ_\(i)")
        }
    }

    @Test(arguments: [(50, 12), (24, 24)])
    func leftVectorsAreOrthonormalAndReconstruct(m: Int, n: Int) throws {
        let a = TestData.gaussian(m, n, seed: 7)
        let f = QRThinSVD(rows: m, cols: n)
        try f.factor(a)
        let u = leftVectors(f)
        #expect(maxAbsDifference(Matrix.product(.transpose, u, .none, u).storage, Matrix.identity(n).storage) < 1e-13)
        #expect(maxAbsDifference(Matrix.product(.none, f.zt, .transpose, f.zt).storage, Matrix.identity(n).storage) < 1e-13)
        var us = u
        for j in 0..<n { for i in 0..<m { us[i, j] *= f.singularValues[j] } }
        let back = Matrix.product(.none, us, .none, f.zt)
        #expect(maxAbsDifference(back.storage, a.storage) < 1e-12 * a.frobeniusNorm)
        // projectLeft is Uᵀ.
        let b = TestData.gaussian(m, seed: 8)
        var g = [Double](repeating: 0, count: n)
        f.projectLeft(b, into: &g)
        #expect(maxAbsDifference(g, u.times(b, .transpose)) < 1e-12)
    }

    @Test func transposedInputGivesTheSameFactorsAsTheCopiedTranspose() throws {
        let at = TestData.gaussian(9, 30, seed: 11)
        let f = QRThinSVD(rows: 30, cols: 9), h = QRThinSVD(rows: 30, cols: 9)
        try f.factor(transposeOf: at)
        try h.factor(at.transposed)
        #expect(f.singularValues == h.singularValues)
    }

    @Test func nonFiniteInputThrowsAndTheWorkspaceIsReusable() throws {
        var a = TestData.gaussian(20, 5, seed: 12)
        let f = QRThinSVD(rows: 20, cols: 5)
        try f.factor(a)
        let first = f.singularValues
        a[3, 2] = .nan
        #expect(throws: LinearAlgebraError.nonFiniteInput(routine: "dgeqrt")) { try f.factor(a) }
        try f.factor(TestData.gaussian(20, 5, seed: 13))
        try f.factor(TestData.gaussian(20, 5, seed: 12))
        #expect(maxAbsDifference(f.singularValues, first) < 1e-14)
    }
}
