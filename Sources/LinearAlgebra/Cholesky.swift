import CLapack

/// Cholesky factorisation A + λ·D = L Lᵀ of a shifted symmetric positive
/// (semi)definite n × n matrix (LAPACK `dpotrf`, blocked, BLAS-3), and solves with it
/// (`dpotrs`). D is the identity or a given diagonal. Only the upper triangle of A
/// is read. Cost n³/3 flops a factorisation, 2n² a solve.
///
/// The damped normal equations of Levenberg–Marquardt, (JᵀJ + λD) δ = −Jᵀr, or their
/// small-side form (J Jᵀ + λI) y = r, are solved this way by every plain implementation
/// (Madsen, Nielsen & Tingleff, *Methods for Non-Linear Least Squares Problems*, IMM
/// 2004, §3.2). cond(JᵀJ) = cond(J)², which the shift λ bounds by (σ₁² + λ)/λ.
/// A reusable workspace: no allocation after `init`.
public final class Cholesky {
    public let size: Int
    /// L Lᵀ after a successful `factor` (upper triangle holds Lᵀ).
    private var a: Matrix

    public init(size: Int) {
        precondition(size >= 1, "Cholesky: size \(size) must be positive")
        self.size = size
        a = Matrix(rows: size, cols: size)
    }

    /// Factor A + shift·diag(diagonal) (the identity when `diagonal` is nil). Returns
    /// false when the shifted matrix is not numerically positive definite (`dpotrf`
    /// info > 0) — the caller raises the shift. Throws on NaN/Inf input.
    public func factor(_ matrix: Matrix, shift: Double, diagonal: [Double]? = nil) throws(LinearAlgebraError) -> Bool {
        precondition(matrix.rows == size && matrix.cols == size,
                     "Cholesky.factor: workspace is \(size) × \(size), matrix is \(matrix.rows) × \(matrix.cols)")
        if let diagonal {
            precondition(diagonal.count == size, "Cholesky.factor: \(diagonal.count) diagonal entries for size \(size)")
        }
        guard shift.isFinite, matrix.isFinite else { throw .nonFiniteInput(routine: "dpotrf") }
        let n = size
        a.storage.withUnsafeMutableBufferPointer { dst in
            matrix.storage.withUnsafeBufferPointer { dst.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            for i in 0..<n { dst[i + i * n] += shift * (diagonal?[i] ?? 1) }
        }
        let info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), Int32(n), &a.storage, Int32(n))
        if info > 0 { return false }
        try LinearAlgebraError.check(info, "dpotrf")
        return true
    }

    /// x ← (A + λD)⁻¹ x with the last successful factorisation.
    public func solve(_ x: inout [Double]) {
        precondition(x.count == size, "Cholesky.solve: \(x.count) entries for size \(size)")
        let n = Int32(size)
        let info = LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), n, 1, &a.storage, n, &x, n)
        precondition(info == 0, "Cholesky.solve: dpotrs rejected argument \(-info) (a bug in this module)")
    }
}
