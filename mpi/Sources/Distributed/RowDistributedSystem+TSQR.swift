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
    /// one (P+1)² message each. Since A = Q R with Q orthonormal (the product of
    /// the tree's Q factors, never formed),
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
        // Up the tree.
        var step = 1
        var partner = Matrix(rows: n, cols: n)
        var stacked = [Double](repeating: 0, count: 2 * n * n)
        while step < comm.size {
            if comm.rank % (2 * step) == step {
                r.storage.withUnsafeBufferPointer { comm.send($0, to: comm.rank - step, tag: 19) }
                return nil
            }
            if comm.rank + step < comm.size {
                partner.storage.withUnsafeMutableBufferPointer { comm.receive($0, from: comm.rank + step, tag: 19) }
                for j in 0..<n {
                    for i in 0..<n {
                        stacked[j * 2 * n + i] = r.storage[j * n + i]
                        stacked[j * 2 * n + n + i] = partner.storage[j * n + i]
                    }
                }
                Self.triangularFactor(rows: 2 * n, cols: n, &stacked, into: &r)
            }
            step *= 2
        }
        return r
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
