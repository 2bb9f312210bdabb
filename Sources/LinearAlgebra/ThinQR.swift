import CLapack

/// Orthonormal basis of the columns of an m × n matrix (m ≥ n) by Householder
/// QR: A = Q R with Q m × n, QᵀQ = I (LAPACK `dgeqrf` then `dorgqr`).
///
/// Used by the randomized SVD (Halko, Martinsson & Tropp, SIAM Review 2011,
/// Alg. 4.4) to orthonormalise range samples. A reusable workspace.
public final class ThinQR {
    public let rows: Int
    public let cols: Int
    /// Q after `orthonormalize`, rows × cols.
    public private(set) var q: Matrix
    private var tau: [Double]
    private var work: [Double]

    public init(rows: Int, cols: Int) {
        precondition(rows >= cols && cols >= 1, "ThinQR: need rows ≥ cols ≥ 1, got \(rows) × \(cols)")
        self.rows = rows
        self.cols = cols
        q = Matrix(rows: rows, cols: cols)
        tau = Array(repeating: 0, count: cols)
        var w1 = 0.0, w2 = 0.0
        var a = q.storage, t = tau
        _ = LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, Int32(rows), Int32(cols), &a, Int32(rows), &t, &w1, -1)
        _ = LAPACKE_dorgqr_work(LAPACK_COL_MAJOR, Int32(rows), Int32(cols), Int32(cols), &a, Int32(rows), &t, &w2, -1)
        work = Array(repeating: 0, count: max(Int(w1), Int(w2), 1))
    }

    /// Q of `matrix` (copied). Throws on NaN/Inf without calling LAPACK.
    public func orthonormalize(_ matrix: Matrix) throws(LinearAlgebraError) {
        precondition(matrix.rows == rows && matrix.cols == cols,
                     "ThinQR: workspace is \(rows) × \(cols), matrix is \(matrix.rows) × \(matrix.cols)")
        guard matrix.isFinite else { throw .nonFiniteInput(routine: "dgeqrf") }
        q.storage.withUnsafeMutableBufferPointer { dst in
            matrix.storage.withUnsafeBufferPointer { dst.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
        }
        let (m, n) = (Int32(rows), Int32(cols))
        try LinearAlgebraError.check(
            LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, m, n, &q.storage, m, &tau, &work, Int32(work.count)), "dgeqrf")
        try LinearAlgebraError.check(
            LAPACKE_dorgqr_work(LAPACK_COL_MAJOR, m, n, n, &q.storage, m, &tau, &work, Int32(work.count)), "dorgqr")
    }
}
