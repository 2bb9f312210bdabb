import CLapack

/// Thin SVD of a tall m × n matrix (m ≥ n) through a QR factorisation whose Q is
/// never formed:
///
///     A = Q R            (Householder QR in compact WY form, LAPACK `dgeqrt`)
///     R = W Σ Zᵀ         (thin SVD of the n × n factor R, `ThinSVD` / `dgesdd`)
///     A = (Q W) Σ Zᵀ,
///
/// so the left singular vectors are U = Q W and the right ones Z. Q stays as its
/// Householder reflectors and block factors T: applying Q or Qᵀ to a vector costs
/// about 4mn flops (`dgemqrt`), one pass over the reflectors.
///
/// **Why.** The step of a least-squares solver needs σ, Uᵀb and V c (or U c) for a
/// few vectors, never U itself. LAPACK's `dgesdd` on a tall matrix (its "M ≫ N" path)
/// also starts with a QR but then *forms* Q (`dorgqr`, ≈ 2mn² flops) and the product
/// Q W (`dgemm`, 2mn² flops): with Q implicit both are saved, about 4mn² of the
/// ≈ 6mn² + O(n³) flops. Householder QR and the SVD of R are backward stable, so the
/// singular values carry the same absolute error O(ε‖A‖) as `dgesdd`'s on A itself
/// (Golub & Van Loan, *Matrix Computations*, 4th ed., §5.2 and §8.6.3 "R-SVD";
/// Chan, ACM TOMS 8(1), 1982, who proposed QR first for m ≳ 5n/3).
///
/// A reusable workspace like `ThinSVD`: make it once for a size, `factor` often.
public final class QRThinSVD {
    public let rows: Int
    public let cols: Int
    /// The block size of the compact WY representation.
    public let blockSize: Int
    /// σ₁ ≥ … ≥ σ_n ≥ 0.
    public var singularValues: [Double] { core.singularValues }
    /// W: left singular vectors of R, n × n (U = Q W).
    public var w: Matrix { core.u }
    /// Zᵀ: right singular vectors of A (and of R), transposed, n × n.
    public var zt: Matrix { core.vt }

    /// The reflectors below the diagonal and R on and above it, m × n.
    private var a: Matrix
    /// The block reflector factors, blockSize × n.
    private var t: Matrix
    private var r: Matrix
    private let core: ThinSVD
    private var work: [Double]
    private var padded: [Double]

    /// A workspace for `rows × cols` matrices, rows ≥ cols ≥ 1.
    public init(rows: Int, cols: Int, blockSize: Int = 32) {
        precondition(rows >= cols && cols >= 1, "QRThinSVD: need rows ≥ cols ≥ 1, got \(rows) × \(cols)")
        self.rows = rows
        self.cols = cols
        self.blockSize = max(1, min(blockSize, cols))
        a = Matrix(rows: rows, cols: cols)
        t = Matrix(rows: self.blockSize, cols: cols)
        r = Matrix(rows: cols, cols: cols)
        core = ThinSVD(rows: cols, cols: cols)
        work = Array(repeating: 0, count: max(self.blockSize * cols, 1))
        padded = Array(repeating: 0, count: rows)
    }

    /// Factor `matrix` (copied; the argument is untouched). Throws on NaN/Inf input
    /// without calling LAPACK.
    public func factor(_ matrix: Matrix) throws(LinearAlgebraError) {
        precondition(matrix.rows == rows && matrix.cols == cols,
                     "QRThinSVD.factor: workspace is \(rows) × \(cols), matrix is \(matrix.rows) × \(matrix.cols)")
        guard matrix.isFinite else { throw .nonFiniteInput(routine: "dgeqrt") }
        a.storage.withUnsafeMutableBufferPointer { dst in
            matrix.storage.withUnsafeBufferPointer { dst.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
        }
        try factorCopied()
    }

    /// Factor the transpose of `matrix` (cols × rows), transposed straight into the
    /// workspace: no second copy. Throws on NaN/Inf input without calling LAPACK.
    public func factor(transposeOf matrix: Matrix) throws(LinearAlgebraError) {
        precondition(matrix.rows == cols && matrix.cols == rows,
                     "QRThinSVD.factor(transposeOf:): workspace is \(rows) × \(cols), matrix is \(matrix.rows) × \(matrix.cols)")
        guard matrix.isFinite else { throw .nonFiniteInput(routine: "dgeqrt") }
        Matrix.transpose(matrix, into: &a)
        try factorCopied()
    }

    private func factorCopied() throws(LinearAlgebraError) {
        let (m, n, nb) = (Int32(rows), Int32(cols), Int32(blockSize))
        try LinearAlgebraError.check(
            LAPACKE_dgeqrt_work(LAPACK_COL_MAJOR, m, n, nb, &a.storage, m, &t.storage, nb, &work), "dgeqrt")
        // R: the upper triangle of the factored block.
        let (mm, nn) = (rows, cols)
        a.storage.withUnsafeBufferPointer { src in
            r.storage.withUnsafeMutableBufferPointer { dst in
                for j in 0..<nn {
                    for i in 0..<nn { dst[i + j * nn] = i <= j ? src[i + j * mm] : 0 }
                }
            }
        }
        try core.factor(r)
    }

    /// Uᵀ b = Wᵀ (Qᵀ b)₁..ₙ for b of length m, written into `out` (length n).
    public func projectLeft(_ b: [Double], into out: inout [Double]) {
        precondition(b.count == rows && out.count == cols,
                     "QRThinSVD.projectLeft: b has \(b.count) entries (need \(rows)), out \(out.count) (need \(cols))")
        for i in 0..<rows { padded[i] = b[i] }
        applyQ(transpose: true)
        // out = Wᵀ · padded[0..<n]; gemv with the leading n entries of the padded vector.
        let n = cols
        core.u.storage.withUnsafeBufferPointer { pw in
            padded.withUnsafeBufferPointer { px in
                out.withUnsafeMutableBufferPointer { py in
                    BLAS.gemv(.transpose, m: n, n: n, alpha: 1, a: pw.baseAddress!, lda: n,
                              x: px.baseAddress!, beta: 0, y: py.baseAddress!)
                }
            }
        }
    }

    /// U c = Q (W c; 0) for c of length n, written into `out` (length m).
    public func combineLeft(_ c: [Double], into out: inout [Double]) {
        precondition(c.count == cols && out.count == rows,
                     "QRThinSVD.combineLeft: c has \(c.count) entries (need \(cols)), out \(out.count) (need \(rows))")
        let n = cols
        core.u.storage.withUnsafeBufferPointer { pw in
            c.withUnsafeBufferPointer { px in
                padded.withUnsafeMutableBufferPointer { py in
                    BLAS.gemv(.none, m: n, n: n, alpha: 1, a: pw.baseAddress!, lda: n,
                              x: px.baseAddress!, beta: 0, y: py.baseAddress!)
                    for i in n..<rows { py[i] = 0 }
                }
            }
        }
        applyQ(transpose: false)
        for i in 0..<rows { out[i] = padded[i] }
    }

    /// padded ← Q·padded or Qᵀ·padded (`dgemqrt`, the block reflectors of `dgeqrt`).
    private func applyQ(transpose: Bool) {
        let (m, n, nb) = (Int32(rows), Int32(cols), Int32(blockSize))
        let info = LAPACKE_dgemqrt_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")),
                                        CChar(UInt8(ascii: transpose ? "T" : "N")), m, 1, n, nb,
                                        &a.storage, m, &t.storage, nb, &padded, m, &work)
        precondition(info == 0, "QRThinSVD: dgemqrt rejected argument \(-info) (a bug in this module)")
    }
}
