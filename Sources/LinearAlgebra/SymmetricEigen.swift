import CLapack

/// Eigendecomposition A = Q Λ Qᵀ of a real symmetric n × n matrix. Eigenvalues
/// ascend; column i of Q is the unit eigenvector of `values[i]`. Only the upper
/// triangle of A is read.
///
/// Three LAPACK drivers: divide and conquer (`dsyevd`, the fastest for all pairs,
/// with a 2n² workspace); the implicit QL/QR iteration (`dsyev`, workspace 3n, ten
/// times slower at n = 4000); and MRRR (`dsyevr`) for the `top` largest pairs only,
/// with O(n) workspace and an n × top block of vectors. `factorInPlace` with
/// `.lowMemory` leaves Q in the caller's matrix (n² + O(n) in all); with `.top` the
/// caller's matrix is destroyed and the vectors are in `vectors` (n² + n·top + O(n)).
///
/// A reusable workspace, like `ThinSVD`. Reference: Golub & Van Loan, §8.
public final class SymmetricEigen {
    public enum Method: Sendable, Equatable { case divideAndConquer, lowMemory, top(Int) }

    public let size: Int
    public let method: Method
    /// λ₁ ≤ … ≤ λ_n (with `.top(k)`: the k largest, ascending, in the first k entries).
    public private(set) var values: [Double]
    /// Q after `factor(_:)`, n × n; with `.top(k)` the k leading eigenvectors, n × k,
    /// after either call. Not touched by `factorInPlace` otherwise.
    public private(set) var vectors: Matrix
    /// With `.top(k)`: k (the number of pairs computed).
    public var computedCount: Int { if case .top(let k) = method { return min(k, size) } else { return size } }

    private var work: [Double]
    private var iwork: [Int32]
    private var isuppz: [Int32]

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
        isuppz = []
        switch method {
        case .top(let k):
            precondition(k >= 1, "SymmetricEigen: top(\(k)) needs k ≥ 1")
            let kk = min(k, size)
            vectors = Matrix(rows: size, cols: kk)
            isuppz = Array(repeating: 0, count: 2 * kk)
            var found: Int32 = 0
            var z = [Double](repeating: 0, count: 1)
            _ = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "I")),
                                    CChar(UInt8(ascii: "U")), n, &a, n, 0, 0, n - Int32(kk) + 1, n, 0, &found, &w,
                                    &z, n, &isuppz, &wq, -1, &iq, -1)
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
        if case .top = method {
            var copy = matrix
            return try factorInPlace(&copy)
        }
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
        let routine: String
        switch method {
        case .divideAndConquer: routine = "dsyevd"
        case .lowMemory: routine = "dsyev"
        case .top: routine = "dsyevr"
        }
        guard matrix.isFinite else { throw .nonFiniteInput(routine: routine) }
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
        case .top:
            let k = Int32(computedCount)
            var found: Int32 = 0
            try LinearAlgebraError.check(
                LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, v, CChar(UInt8(ascii: "I")), u, n, &matrix.storage, n, 0, 0,
                                    n - k + 1, n, 0, &found, &values, &vectors.storage, n, &isuppz,
                                    &work, Int32(work.count), &iwork, Int32(iwork.count)), "dsyevr")
        }
    }
}
