// DenseLapack.swift — the few dense LAPACK/BLAS calls the Chebyshev solvers need.

import CLapack

/// Thin wrappers over LAPACKE (column-major, Int32 sizes) used by the Chebyshev
/// collocation solvers and Chebyshev ETDRK4. Matrices are column-major [Double].
enum DenseLapack {
    /// Solves A X = B (A n × n, B n × nrhs) by LU with partial pivoting (dgesv).
    static func solve(_ a: [Double], n: Int, rhs b: [Double], nrhs: Int) throws -> [Double] {
        precondition(a.count == n * n && b.count == n * nrhs, "DenseLapack.solve: sizes \(a.count), \(b.count) for n = \(n), nrhs = \(nrhs)")
        var a = a, x = b
        var pivots = [Int32](repeating: 0, count: n)
        let info = LAPACKE_dgesv(LAPACK_COL_MAJOR, Int32(n), Int32(nrhs), &a, Int32(n), &pivots, &x, Int32(n))
        guard info == 0 else { throw SpectralReferenceError.lapackFailed(routine: "dgesv", info: Int(info)) }
        return x
    }

    /// Eigen-decomposition A = V Λ V⁻¹ of a real matrix with real eigenvalues (dgeev).
    /// - Throws: `lapackFailed` if dgeev fails or an eigenvalue has an imaginary
    ///   part above 1e-8·max|λ| (the matrix is then not treated here).
    static func realEigen(_ a: [Double], n: Int) throws -> (values: [Double], vectors: [Double]) {
        var a = a
        var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
        var vl = [Double](repeating: 0, count: 1), vr = [Double](repeating: 0, count: n * n)
        let info = LAPACKE_dgeev(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "V")), Int32(n),
                                 &a, Int32(n), &wr, &wi, &vl, 1, &vr, Int32(n))
        guard info == 0 else { throw SpectralReferenceError.lapackFailed(routine: "dgeev", info: Int(info)) }
        let scale = wr.map(abs).max() ?? 0
        if let bad = wi.firstIndex(where: { abs($0) > 1e-8 * scale }) {
            throw SpectralReferenceError.lapackFailed(routine: "dgeev (complex eigenvalue \(wr[bad]) + \(wi[bad])i)", info: -1)
        }
        return (wr, vr)
    }

    /// y = A x for a column-major m × n matrix (dgemv).
    static func multiply(_ a: UnsafePointer<Double>, rows m: Int, columns n: Int,
                         _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
        cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(m), Int32(n), 1, a, Int32(m), x, 1, 0, y, 1)
    }
}
