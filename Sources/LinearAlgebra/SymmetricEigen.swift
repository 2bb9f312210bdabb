import CLapack

/// Eigendecomposition A = Q Λ Qᵀ of a real symmetric n × n matrix. Eigenvalues
/// ascend; column i of Q is the unit eigenvector of `values[i]`. Only the upper
/// triangle of A is read.
///
/// Two LAPACK drivers: divide and conquer (`dsyevd`, the fastest, with a 2n²
/// workspace) and the implicit QL/QR iteration (`dsyev`, workspace 3n — for Gram
/// matrices so large that only one n × n array fits). `factorInPlace` leaves Q in
/// the caller's matrix, so with `.lowMemory` the whole decomposition needs n² + O(n).
///
/// A reusable workspace, like `ThinSVD`. Reference: Golub & Van Loan, §8.
public final class SymmetricEigen {
    public enum Method: Sendable { case divideAndConquer, lowMemory }

    public let size: Int
    public let method: Method
    /// λ₁ ≤ … ≤ λ_n.
    public private(set) var values: [Double]
    /// Q after `factor(_:)` (not touched by `factorInPlace`), n × n, orthonormal columns.
    public private(set) var vectors: Matrix

    private var work: [Double]
    private var iwork: [Int32]

    public init(size: Int, method: Method = .divideAndConquer) {
        precondition(size >= 1, "SymmetricEigen: size \(size) must be positive")
        self.size = size
        self.method = method
        values = Array(repeating: 0, count: size)
        vectors = Matrix(rows: 0, cols: 0)
        var wq = 0.0
        var iq: Int32 = 0
        var a = [Double](repeating: 0, count: 1), w = values
        let n = Int32(size)
        switch method {
        case .divideAndConquer:
            _ = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")),
                                    n, &a, n, &w, &wq, -1, &iq, -1)
        case .lowMemory:
            _ = LAPACKE_dsyev_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")),
                                   n, &a, n, &w, &wq, -1)
        }
        work = Array(repeating: 0, count: max(Int(wq), 1))
        iwork = Array(repeating: 0, count: max(Int(iq), 1))
    }

    public convenience init(_ matrix: Matrix) throws(LinearAlgebraError) {
        self.init(size: matrix.rows)
        try factor(matrix)
    }

    /// Factor the symmetric `matrix` (copied into `vectors`). Throws on NaN/Inf without calling LAPACK.
    public func factor(_ matrix: Matrix) throws(LinearAlgebraError) {
        if vectors.rows != size { vectors = Matrix(rows: size, cols: size) }
        precondition(matrix.rows == size && matrix.cols == size,
                     "SymmetricEigen.factor: workspace is \(size) × \(size), matrix is \(matrix.rows) × \(matrix.cols)")
        vectors.storage.withUnsafeMutableBufferPointer { dst in
            matrix.storage.withUnsafeBufferPointer { dst.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
        }
        try factorInPlace(&vectors)
    }

    /// Factor the symmetric `matrix` and overwrite it with Q. Throws on NaN/Inf without calling LAPACK.
    public func factorInPlace(_ matrix: inout Matrix) throws(LinearAlgebraError) {
        precondition(matrix.rows == size && matrix.cols == size,
                     "SymmetricEigen.factorInPlace: workspace is \(size) × \(size), matrix is \(matrix.rows) × \(matrix.cols)")
        guard matrix.isFinite else { throw .nonFiniteInput(routine: method == .divideAndConquer ? "dsyevd" : "dsyev") }
        let n = Int32(size)
        let (v, u) = (CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")))
        switch method {
        case .divideAndConquer:
            try LinearAlgebraError.check(
                LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, v, u, n, &matrix.storage, n, &values, &work, Int32(work.count),
                                    &iwork, Int32(iwork.count)), "dsyevd")
        case .lowMemory:
            try LinearAlgebraError.check(
                LAPACKE_dsyev_work(LAPACK_COL_MAJOR, v, u, n, &matrix.storage, n, &values, &work, Int32(work.count)),
                "dsyev")
        }
    }
}
