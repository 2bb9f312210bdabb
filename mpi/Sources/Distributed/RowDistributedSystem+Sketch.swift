import LinearAlgebra

// MARK: - The randomized route's distributed products

extension RowDistributedSystem {
    /// Every rank forms its block of J (and r) at θ, kept for the products below.
    public func formLocalJacobian(at parameters: [Double]) {
        post(.localJacobian, parameters)
        fillLocalJacobian()
    }

    /// Y = J X (B × ℓ), row-distributed: rank k keeps its rows J_k X. X (P × ℓ) comes from rank 0.
    public func multiplyJ(_ x: Matrix) {
        post(.multiplyJ, nil)
        var dims: [Int64] = [Int64(x.cols)]
        comm.broadcast(&dims)
        var data = x.storage
        comm.broadcast(&data)
        localMultiplyJ(Matrix(rows: parameterCount, cols: x.cols, columnMajor: data))
    }

    /// Orthonormalise the distributed Y in place: afterwards the ranks' blocks form a
    /// B × ℓ Q with QᵀQ = I and range(Q) = range(Y). A one-level TSQR with the Q
    /// formed: rank k factors Y_k = Q_k R_k (`ThinQR`; R_k = Q_kᵀ Y_k, m_k × ℓ with
    /// m_k = min(b_k, ℓ)), rank 0 factors the stacked R's = Q_s R and sends rank k its
    /// m_k × ℓ block of Q_s, and Y_k ← Q_k Q_s,k. Messages: N·ℓ² up, N·ℓ² down.
    public func orthonormalizeY() throws(LinearAlgebraError) {
        post(.orthonormalizeY, nil)
        try localOrthonormalizeY()
    }

    /// Z = Jᵀ Y = Σ_k J_kᵀ Y_k (P × ℓ), allreduced.
    public func multiplyJt() -> Matrix {
        post(.multiplyJt, nil)
        return localMultiplyJt()
    }

    /// Yᵀ r = Σ_k Y_kᵀ r_k (ℓ), allreduced.
    public func projectResiduals() -> [Double] {
        post(.projectResiduals, nil)
        return localProjectResiduals()
    }

    func serveSketch(_ command: Command) {
        switch command {
        case .localJacobian: fillLocalJacobian()
        case .multiplyJ:
            var dims: [Int64] = [0]
            comm.broadcast(&dims)
            let l = Int(dims[0])
            var data = [Double](repeating: 0, count: parameterCount * l)
            comm.broadcast(&data)
            localMultiplyJ(Matrix(rows: parameterCount, cols: l, columnMajor: data))
        case .orthonormalizeY:
            // A failure here (NaN in Y) is seen by rank 0 too, whose own call throws.
            try? localOrthonormalizeY()
        case .multiplyJt: _ = localMultiplyJt()
        case .projectResiduals: _ = localProjectResiduals()
        default: preconditionFailure("serveSketch: \(command)")
        }
    }

    private func fillLocalJacobian() {
        if jtLocal.rows != parameterCount || jtLocal.cols != localCount {
            jtLocal = Matrix(rows: parameterCount, cols: localCount)
        }
        local.fillJacobian(at: theta, residuals: &localResiduals, jacobianTranspose: &jtLocal)
    }

    private func localMultiplyJ(_ x: Matrix) {
        if yLocal.rows != localCount || yLocal.cols != x.cols { yLocal = Matrix(rows: localCount, cols: x.cols) }
        Matrix.gemm(.transpose, jtLocal, .none, x, into: &yLocal)
    }

    private func localOrthonormalizeY() throws(LinearAlgebraError) {
        let b = localCount, l = yLocal.cols, m = min(b, l)
        // Y_k = Q_k R_k; with fewer rows than ℓ, Q_k = I and R_k = Y_k.
        var qk = Matrix(rows: 0, cols: 0), rk: Matrix
        var failed = !yLocal.isFinite
        if b >= l && !failed {
            let qr = ThinQR(rows: b, cols: l)
            do { try qr.orthonormalize(yLocal) } catch { failed = true }
            qk = qr.q
            rk = Matrix.product(.transpose, qk, .none, yLocal)
        } else {
            rk = yLocal
        }
        if failed { for i in rk.storage.indices { rk.storage[i] = .nan } }
        // Gather the R's (row blocks of the stack) on rank 0, column by column.
        let ms = counts.map { min($0, l) }, total = ms.reduce(0, +)
        var packed = [Double](repeating: 0, count: comm.isRoot ? total * l : 0)
        rk.storage.withUnsafeBufferPointer { s in
            packed.withUnsafeMutableBufferPointer { comm.gather(s, counts: ms.map { $0 * l }, into: $0) }
        }
        var block = Matrix(rows: m, cols: l)
        var rootError: LinearAlgebraError?
        if comm.isRoot {
            var stack = Matrix(rows: total, cols: l), offset = 0
            for (k, mk) in ms.enumerated() {
                for j in 0..<l { for i in 0..<mk { stack.storage[j * total + offset + i] = packed[offset * l + j * mk + i] } }
                offset += mk
                _ = k
            }
            let qs = ThinQR(rows: total, cols: l)
            do { try qs.orthonormalize(stack) } catch { rootError = error }
            offset = 0
            for (k, mk) in ms.enumerated() {
                var part = Matrix(rows: mk, cols: l)
                for j in 0..<l { for i in 0..<mk { part.storage[j * mk + i] = rootError == nil ? qs.q.storage[j * total + offset + i] : .nan } }
                if k == 0 { block = part } else { part.storage.withUnsafeBufferPointer { comm.send($0, to: k, tag: 20) } }
                offset += mk
            }
        } else {
            block.storage.withUnsafeMutableBufferPointer { comm.receive($0, from: 0, tag: 20) }
        }
        if b >= l { Matrix.gemm(.none, qk, .none, block, into: &yLocal) } else { yLocal = block }
        if let rootError { throw rootError }
    }

    private func localMultiplyJt() -> Matrix {
        var z = Matrix(rows: parameterCount, cols: yLocal.cols)
        Matrix.gemm(.none, jtLocal, .none, yLocal, into: &z)
        comm.allreduceSum(&z.storage)
        return z
    }

    private func localProjectResiduals() -> [Double] {
        var out = [Double](repeating: 0, count: yLocal.cols)
        Matrix.gemv(.transpose, yLocal, localResiduals, into: &out)
        comm.allreduceSum(&out)
        return out
    }
}
