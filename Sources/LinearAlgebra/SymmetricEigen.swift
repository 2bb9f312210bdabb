import CLapack

/// Eigendecomposition A = Q Λ Qᵀ of a real symmetric n × n matrix by LAPACK's
/// divide-and-conquer `dsyevd`. Eigenvalues ascend; column i of `vectors` is the
/// unit eigenvector of `values[i]`. Only the upper triangle of A is read.
///
/// A reusable workspace, like `ThinSVD`. Reference: Golub & Van Loan, §8.
public final class SymmetricEigen {
    public let size: Int
    /// λ₁ ≤ … ≤ λ_n.
    public private(set) var values: [Double]
    /// Q, n × n, orthonormal columns.
    public private(set) var vectors: Matrix

    private var work: [Double]
    private var iwork: [Int32]

    public init(size: Int) {
        precondition(size >= 1, "SymmetricEigen: size \(size) must be positive")
        self.size = size
        values = Array(repeating: 0, count: size)
        vectors = Matrix(rows: size, cols: size)
        var wq = 0.0
        var iq: Int32 = 0
        var a = vectors.storage, w = values
        _ = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")),
                                Int32(size), &a, Int32(size), &w, &wq, -1, &iq, -1)
        work = Array(repeating: 0, count: max(Int(wq), 1))
        iwork = Array(repeating: 0, count: max(Int(iq), 1))
    }

    public convenience init(_ matrix: Matrix) throws(LinearAlgebraError) {
        self.init(size: matrix.rows)
        try factor(matrix)
    }

    /// Factor the symmetric `matrix` (copied). Throws on NaN/Inf without calling LAPACK.
    public func factor(_ matrix: Matrix) throws(LinearAlgebraError) {
        precondition(matrix.rows == size && matrix.cols == size,
                     "SymmetricEigen.factor: workspace is \(size) × \(size), matrix is \(matrix.rows) × \(matrix.cols)")
        guard matrix.isFinite else { throw .nonFiniteInput(routine: "dsyevd") }
        vectors.storage.withUnsafeMutableBufferPointer { dst in
            matrix.storage.withUnsafeBufferPointer { dst.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
        }
        let n = Int32(size)
        let info = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")),
                                       n, &vectors.storage, n, &values, &work, Int32(work.count),
                                       &iwork, Int32(iwork.count))
        try LinearAlgebraError.check(info, "dsyevd")
    }
}
