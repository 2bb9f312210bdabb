import CMPI
import LinearAlgebra

// MARK: - TSQR: the R factor of [J | r] without gathering J

extension RowDistributedSystem {
    /// The (P+1) × (P+1) upper-triangular factor of the augmented matrix
    /// A = [J | r] (B × (P+1)), on rank 0 (nil elsewhere): TSQR — Demmel, Grigori,
    /// Hoemmen & Langou, "Communication-optimal parallel and sequential QR and LU
    /// factorizations", SIAM J. Sci. Comput. 34(1), 2012.
    ///
    /// Each rank factors its rows A_k = Q_k R_k (Householder, `dgeqrf`); then, up a
    /// binary tree, rank k receives the factor of rank k + s (s = 1, 2, 4, …) and
    /// replaces its own by the R of the stacked pair [R_k; R_{k+s}] — ⌈log₂ N⌉ rounds,
    /// one message of the (P+1)(P+2)/2 entries of a triangle each; the pair is combined
    /// by LAPACK's triangular-pentagonal QR (`dtpqrt`, ≈ ⅔(P+1)³ flops). Since A = Q R
    /// with Q orthonormal (the product of the tree's Q factors, never formed),
    ///
    ///     R = [R_J  c ]     J = Q₁ R_J,   c = Q₁ᵀ r,   ρ = ‖r − Q₁Q₁ᵀ r‖,
    ///         [ 0   ρ ]
    ///
    /// so the SVD R_J = U_R Σ Vᵀ gives J's Σ and V exactly (J = (Q₁U_R) Σ Vᵀ; no
    /// squared condition number), and g = Uᵀ r = U_Rᵀ c: the extra column carries
    /// the projection of r up the same tree, so it needs no reduction of its own.
    ///
    /// A rank with fewer rows than P + 1 sends its b × (P+1) trapezoid padded with
    /// zero rows. Non-finite input (or a failed `dgeqrf`) makes that rank's factor
    /// NaN, which reaches rank 0 through the tree.
    public func factor(at parameters: [Double]) -> Matrix? {
        post(.factor, parameters)
        return factorLocalAndReduce()
    }

    func factorLocalAndReduce() -> Matrix? {
        let p = parameterCount, n = p + 1, b = localCount
        if jtLocal.rows != p || jtLocal.cols != b { jtLocal = Matrix(rows: p, cols: b) }
        local.fillJacobian(at: theta, residuals: &localResiduals, jacobianTranspose: &jtLocal)
        // A = [J | r], column-major b × (P+1).
        var a = [Double](repeating: 0, count: b * n)
        jtLocal.storage.withUnsafeBufferPointer { jt in
            a.withUnsafeMutableBufferPointer { a in
                for i in 0..<b {
                    for q in 0..<p { a[q * b + i] = jt[i * p + q] }
                    a[p * b + i] = localResiduals[i]
                }
            }
        }
        var r = Matrix(rows: n, cols: n)
        Self.triangularFactor(rows: b, cols: n, &a, into: &r)
        // Up the tree: the upper triangles only, n(n+1)/2 values a message.
        var step = 1
        var packed = [Double](repeating: 0, count: n * (n + 1) / 2)
        var partner = Matrix(rows: n, cols: n)
        while step < comm.size {
            if comm.rank % (2 * step) == step {
                Self.pack(r, into: &packed)
                packed.withUnsafeBufferPointer { comm.send($0, to: comm.rank - step, tag: 19) }
                return nil
            }
            if comm.rank + step < comm.size {
                packed.withUnsafeMutableBufferPointer { comm.receive($0, from: comm.rank + step, tag: 19) }
                Self.unpack(packed, into: &partner)
                Self.combine(&r, partner)
            }
            step *= 2
        }
        return r
    }

    /// r ← the R of [r; other] (both n × n upper triangular), by `dtpqrt`; all NaN when
    /// LAPACK fails.
    public static func combine(_ r: inout Matrix, _ other: Matrix) {
        precondition(r.rows == r.cols && other.rows == r.rows && other.cols == r.cols,
                     "combine: \(r.rows) × \(r.cols) and \(other.rows) × \(other.cols), need two n × n")
        var b = other.storage
        let status = r.storage.withUnsafeMutableBufferPointer { a in
            b.withUnsafeMutableBufferPointer { svenmpi_combine_r(Communicator.count(r.rows), a.baseAddress, $0.baseAddress) }
        }
        if status != 0 || !other.isFinite { for k in r.storage.indices { r.storage[k] = .nan } }
    }

    /// The upper triangle of the n × n `r`, column by column.
    static func pack(_ r: Matrix, into packed: inout [Double]) {
        var k = 0
        for j in 0..<r.cols { for i in 0...j { packed[k] = r.storage[j * r.rows + i]; k += 1 } }
    }

    static func unpack(_ packed: [Double], into r: inout Matrix) {
        var k = 0
        for j in 0..<r.cols {
            for i in 0..<r.rows { r.storage[j * r.rows + i] = i <= j ? packed[k + i] : 0 }
            k += j + 1
        }
    }

    /// The R of the QR factorisation of the rows × cols column-major `a` (destroyed),
    /// zero-padded to `r`'s cols × cols; all NaN when LAPACK fails (e.g. NaN input).
    public static func triangularFactor(rows: Int, cols: Int, _ a: inout [Double], into r: inout Matrix) {
        for k in r.storage.indices { r.storage[k] = 0 }
        let status = a.withUnsafeMutableBufferPointer { a in
            r.storage.withUnsafeMutableBufferPointer { rr in
                svenmpi_qr_r(Communicator.count(rows), Communicator.count(cols), a.baseAddress, Communicator.count(max(rows, 1)),
                             rr.baseAddress, Communicator.count(cols))
            }
        }
        if status != 0 { for k in r.storage.indices { r.storage[k] = .nan } }
    }
}
