// MARK: - Products on Matrix, through OpenBLAS

extension Matrix {
    /// C ← α·op(A)·op(B) + β·C. Sizes are checked; a mismatch is a programmer error.
    public static func gemm(
        _ transA: Transpose, _ a: Matrix, _ transB: Transpose, _ b: Matrix,
        alpha: Double = 1, beta: Double = 0, into c: inout Matrix
    ) {
        let (m, ka) = transA == .none ? (a.rows, a.cols) : (a.cols, a.rows)
        let (kb, n) = transB == .none ? (b.rows, b.cols) : (b.cols, b.rows)
        precondition(ka == kb, "gemm: op(A) is \(m) × \(ka) but op(B) is \(kb) × \(n)")
        precondition(c.rows == m && c.cols == n,
                     "gemm: C is \(c.rows) × \(c.cols), the product is \(m) × \(n)")
        if ka == 0 {
            for i in c.storage.indices { c.storage[i] *= beta }
            return
        }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(transA, transB, m: m, n: n, k: ka, alpha: alpha,
                              a: pa.baseAddress!, lda: max(a.rows, 1),
                              b: pb.baseAddress!, ldb: max(b.rows, 1),
                              beta: beta, c: pc.baseAddress!, ldc: max(m, 1))
                }
            }
        }
    }

    /// op(A)·op(B) as a new matrix.
    public static func product(
        _ transA: Transpose, _ a: Matrix, _ transB: Transpose, _ b: Matrix
    ) -> Matrix {
        let m = transA == .none ? a.rows : a.cols
        let n = transB == .none ? b.cols : b.rows
        var c = Matrix(rows: m, cols: n)
        gemm(transA, a, transB, b, into: &c)
        return c
    }

    /// A·B as a new matrix.
    public static func product(_ a: Matrix, _ b: Matrix) -> Matrix { product(.none, a, .none, b) }

    /// C ← α·A·B + β·C.
    public static func gemm(_ a: Matrix, _ b: Matrix, alpha: Double = 1, beta: Double = 0, into c: inout Matrix) {
        gemm(.none, a, .none, b, alpha: alpha, beta: beta, into: &c)
    }

    public static func * (a: Matrix, b: Matrix) -> Matrix { product(a, b) }

    /// y ← α·op(A)·x + β·y.
    public static func gemv(
        _ trans: Transpose = .none, _ a: Matrix, _ x: [Double],
        alpha: Double = 1, beta: Double = 0, into y: inout [Double]
    ) {
        let (m, n) = trans == .none ? (a.rows, a.cols) : (a.cols, a.rows)
        precondition(x.count == n, "gemv: op(A) is \(m) × \(n) but x has \(x.count) entries")
        precondition(y.count == m, "gemv: op(A) is \(m) × \(n) but y has \(y.count) entries")
        if n == 0 {
            for i in y.indices { y[i] *= beta }
            return
        }
        a.storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    BLAS.gemv(trans, m: a.rows, n: a.cols, alpha: alpha, a: pa.baseAddress!,
                              lda: max(a.rows, 1), x: px.baseAddress!, beta: beta,
                              y: py.baseAddress!)
                }
            }
        }
    }

    /// op(A)·x as a new array.
    public func times(_ x: [Double], _ trans: Transpose = .none) -> [Double] {
        var y = [Double](repeating: 0, count: trans == .none ? rows : cols)
        Matrix.gemv(trans, self, x, into: &y)
        return y
    }

    /// The Gram matrix A·Aᵀ (`.none`) or Aᵀ·A (`.transpose`) by `syrk`, with
    /// both triangles filled, written into `c` (n × n).
    public static func syrk(_ trans: Transpose, _ a: Matrix, alpha: Double = 1, into c: inout Matrix) {
        let (n, k) = trans == .none ? (a.rows, a.cols) : (a.cols, a.rows)
        precondition(c.rows == n && c.cols == n, "syrk: C is \(c.rows) × \(c.cols), need \(n) × \(n)")
        a.storage.withUnsafeBufferPointer { pa in
            c.storage.withUnsafeMutableBufferPointer { pc in
                if k == 0 {
                    for i in pc.indices { pc[i] = 0 }
                    return
                }
                BLAS.syrkUpper(trans, n: n, k: k, alpha: alpha, a: pa.baseAddress!,
                               lda: max(a.rows, 1), beta: 0, c: pc.baseAddress!, ldc: max(n, 1))
                for j in 0..<n {
                    for i in (j + 1)..<max(n, j + 1) { pc[i + j * n] = pc[j + i * n] }
                }
            }
        }
    }
}
