import CLapack

/// Whether an operand enters a product as itself or transposed.
public enum Transpose: Sendable {
    case none, transpose

    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

/// Raw-pointer BLAS kernels (OpenBLAS, column-major) for hot loops that own
/// their buffers. The `Matrix` methods in `Matrix+BLAS.swift` wrap these.
public enum BLAS {
    /// C ← α·op(A)·op(B) + β·C with op(A) m × k, op(B) k × n, C m × n.
    public static func gemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        cblas_dgemm(CblasColMajor, transA.cblas, transB.cblas, Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// y ← α·op(A)·x + β·y with A m × n (as stored).
    public static func gemv(
        _ trans: Transpose, m: Int, n: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, x: UnsafePointer<Double>,
        beta: Double, y: UnsafeMutablePointer<Double>
    ) {
        if m == 0 || n == 0 { return }
        cblas_dgemv(CblasColMajor, trans.cblas, Int32(m), Int32(n), alpha, a, Int32(lda),
                    x, 1, beta, y, 1)
    }

    /// The upper triangle of C ← α·A·Aᵀ + β·C (`.none`, A n × k) or
    /// C ← α·Aᵀ·A + β·C (`.transpose`, A k × n); C is n × n.
    public static func syrkUpper(
        _ trans: Transpose, n: Int, k: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, beta: Double,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        if n == 0 { return }
        cblas_dsyrk(CblasColMajor, CblasUpper, trans.cblas, Int32(n), Int32(k), alpha, a,
                    Int32(lda), beta, c, Int32(ldc))
    }

    /// Number of threads OpenBLAS uses for the calls of this process.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set {
            precondition(newValue >= 1, "BLAS.threads: \(newValue) < 1")
            openblas_set_num_threads(Int32(newValue))
        }
    }
}
