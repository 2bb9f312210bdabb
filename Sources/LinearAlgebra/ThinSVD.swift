import CLapack

/// Thin singular value decomposition A = U Σ Vᵀ of an m × n matrix, r = min(m, n):
/// U is m × r with orthonormal columns, Σ = diag(σ₁ ≥ … ≥ σ_r ≥ 0), Vᵀ is r × n.
///
/// Computed by LAPACK's divide-and-conquer `dgesdd` (falling back to `dgesvd`
/// when `dgesdd` reports no convergence). A `ThinSVD` is a reusable workspace:
/// make it once for a size, then `factor` as often as needed without allocating.
/// Queries follow Eigen's `BDCSVD`: `rank(rtol:)` and the minimum-norm `solve`.
///
/// Reference: Golub & Van Loan, *Matrix Computations*, 4th ed., §8.6 and §5.5.
public final class ThinSVD {
    public let rows: Int
    public let cols: Int
    /// r = min(rows, cols).
    public let count: Int
    /// U, rows × r.
    public private(set) var u: Matrix
    /// σ₁ ≥ σ₂ ≥ … ≥ σ_r ≥ 0.
    public private(set) var singularValues: [Double]
    /// Vᵀ, r × cols.
    public private(set) var vt: Matrix

    private var a: [Double]
    private var work: [Double]
    private var iwork: [Int32]
    private var superb: [Double]

    /// A workspace for `rows × cols` matrices.
    public init(rows: Int, cols: Int) {
        precondition(rows >= 1 && cols >= 1, "ThinSVD: size \(rows) × \(cols) must be positive")
        self.rows = rows
        self.cols = cols
        count = min(rows, cols)
        u = Matrix(rows: rows, cols: count)
        singularValues = Array(repeating: 0, count: count)
        vt = Matrix(rows: count, cols: cols)
        a = Array(repeating: 0, count: rows * cols)
        iwork = Array(repeating: 0, count: 8 * count)
        superb = Array(repeating: 0, count: max(count - 1, 1))
        var query = 0.0
        var s = singularValues, uu = u.storage, vv = vt.storage, aa = a
        _ = LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "S")), Int32(rows), Int32(cols),
                                &aa, Int32(rows), &s, &uu, Int32(rows), &vv, Int32(count),
                                &query, -1, &iwork)
        work = Array(repeating: 0, count: max(Int(query), 1))
    }

    /// Factor `matrix` (copied; the argument is untouched).
    public convenience init(_ matrix: Matrix) throws(LinearAlgebraError) {
        self.init(rows: matrix.rows, cols: matrix.cols)
        try factor(matrix)
    }

    /// Factor `matrix`, overwriting the previous factors. Throws on NaN/Inf input
    /// without calling LAPACK.
    public func factor(_ matrix: Matrix) throws(LinearAlgebraError) {
        precondition(matrix.rows == rows && matrix.cols == cols,
                     "ThinSVD.factor: workspace is \(rows) × \(cols), matrix is \(matrix.rows) × \(matrix.cols)")
        guard matrix.isFinite else { throw .nonFiniteInput(routine: "dgesdd") }
        a.withUnsafeMutableBufferPointer { dst in
            matrix.storage.withUnsafeBufferPointer { src in
                dst.baseAddress!.update(from: src.baseAddress!, count: src.count)
            }
        }
        let (m, n, r) = (Int32(rows), Int32(cols), Int32(count))
        var info = LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "S")), m, n, &a, m,
                                       &singularValues, &u.storage, m, &vt.storage, r,
                                       &work, Int32(work.count), &iwork)
        if info > 0 {
            // dgesdd's divide and conquer failed; QR-iteration dgesvd is slower but sturdier.
            matrix.storage.withUnsafeBufferPointer { src in
                a.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: src.baseAddress!, count: src.count) }
            }
            info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "S")), CChar(UInt8(ascii: "S")),
                                  m, n, &a, m, &singularValues, &u.storage, m, &vt.storage, r, &superb)
        }
        try LinearAlgebraError.check(info, "dgesdd")
    }

    // MARK: - Queries

    /// Number of σ_i > rtol·σ₁ (at most `maxRank`). With σ₁ = 0 the rank is 0.
    public func rank(rtol: Double, maxRank: Int = .max) -> Int {
        guard let s1 = singularValues.first, s1 > 0 else { return 0 }
        let cutoff = rtol * s1
        var k = 0
        while k < count && k < maxRank && singularValues[k] > cutoff { k += 1 }
        return k
    }

    /// The minimum-norm least-squares solution x = V_k Σ_k⁻¹ U_kᵀ b of A x ≈ b,
    /// keeping the k = `rank(rtol:maxRank:)` largest singular values.
    public func solve(_ b: [Double], rtol: Double = 1e-12, maxRank: Int = .max) -> [Double] {
        precondition(b.count == rows, "ThinSVD.solve: A has \(rows) rows, b has \(b.count) entries")
        let k = rank(rtol: rtol, maxRank: maxRank)
        var c = u.times(b, .transpose)            // Uᵀ b, length r
        for i in 0..<count { c[i] = i < k ? c[i] / singularValues[i] : 0 }
        return vt.times(c, .transpose)            // V c
    }
}
