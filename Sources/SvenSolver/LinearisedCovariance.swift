import LinearAlgebra

// MARK: - LinearisedCovariance

/// Standard errors of least-squares parameters from the Jacobian at the
/// solution — the linearised (asymptotic) estimate every nonlinear regression
/// package reports, and what NIST certifies as the parameters' standard
/// deviations:
///
///     Cov(θ̂) ≈ σ̂² (JᵀJ)⁺,   σ̂² = ‖r(θ̂)‖² / (B − rank J),
///
/// (Bates & Watts, *Nonlinear Regression Analysis and Its Applications*, 1988,
/// §2.3; Seber & Wild, *Nonlinear Regression*, 1989, §2.1). It is the
/// covariance of the linearised model, exact only when the model is linear in
/// θ near θ̂ and the errors are independent with equal variance.
///
/// **Scaling.** The columns of J are first scaled to unit length (J = J_s D,
/// D = diag ‖J e_j‖): parameters of very different sizes (NIST's Roszman1 has
/// b₂ ~ 10⁻⁶ and b₃ ~ 10³; a PINN has weights ~ 1 and a viscosity ~ 10⁻²)
/// then neither decide the rank nor lose digits. The rank is the number of
/// singular values of J_s above `rtol · σ₁`, with the LAPACK default
/// rtol = max(B, P) · ε; (JᵀJ)⁺ = D⁻¹ V_k Σ_k⁻² V_kᵀ D⁻¹ from the thin SVD
/// Jᵀ_s = V Σ Uᵀ.
///
/// **Rank deficiency.** A parameter that the kept directions do not reach
/// (Σ_{k} V_{jk}² < 1 − 10⁻⁸ — e.g. a network weight when J has more columns
/// than rows, or a parameter the residuals do not depend on) has no
/// linearised variance: it is reported as not identifiable, with NaN standard
/// error, instead of the misleading number the pseudo-inverse would give.
public struct LinearisedCovariance: Sendable {
    /// B, the number of residuals.
    public let residualCount: Int
    /// P, the number of parameters of the system.
    public let parameterCount: Int
    /// The numerical rank of J (after column scaling).
    public let rank: Int
    /// The residual degrees of freedom: B − rank, or with observation rows
    /// N_obs − (rank J − rank J_rest).
    public let degreesOfFreedom: Int
    /// ‖r(θ̂)‖² (of the observation rows, when given).
    public let residualSumOfSquares: Double
    /// σ̂ = √(‖r‖² / dof); NaN without degrees of freedom.
    public var residualStandardDeviation: Double {
        degreesOfFreedom > 0 ? (residualSumOfSquares / Double(degreesOfFreedom)).squareRoot() : .nan
    }
    /// The parameter indices the covariance is restricted to, in order.
    public let indices: [Int]
    /// σ̂² (JᵀJ)⁺ restricted to `indices` (k × k).
    public let covariance: Matrix
    /// Per index: whether the kept singular directions reach the parameter.
    public let identifiable: [Bool]

    /// √Cov_jj per index; NaN where not identifiable or without degrees of freedom.
    public var standardErrors: [Double] {
        indices.indices.map { j in identifiable[j] ? covariance[j, j].squareRoot() : .nan }
    }

    /// Cov_ij / √(Cov_ii Cov_jj) (NaN where a standard error is).
    public var correlation: Matrix {
        let s = standardErrors
        var c = Matrix(rows: indices.count, cols: indices.count)
        for i in indices.indices {
            for j in indices.indices { c[i, j] = i == j ? (s[i].isFinite ? 1 : .nan) : covariance[i, j] / (s[i] * s[j]) }
        }
        return c
    }

    /// The estimate at `parameters` for the parameters `indices` (default: all).
    /// - Throws: ``LinearAlgebraError`` when J holds NaN or Inf or the SVD fails.
    public static func estimate(_ system: some ResidualSystem, at parameters: [Double], indices: [Int]? = nil,
                                observationRows: [Int]? = nil,
                                rtol: Double? = nil) throws(LinearAlgebraError) -> LinearisedCovariance {
        var r = [Double](repeating: 0, count: system.residualCount)
        var jt = Matrix(rows: system.parameterCount, cols: system.residualCount)
        system.fillJacobian(at: parameters, residuals: &r, jacobianTranspose: &jt)
        return try LinearisedCovariance(jacobianTranspose: jt, residuals: r,
                                        indices: indices ?? Array(0..<system.parameterCount),
                                        observationRows: observationRows, rtol: rtol)
    }

    /// The estimate from Jᵀ (P × B, column i = ∇r_i) and r.
    ///
    /// - Parameter observationRows: the rows that carry measurement noise (the
    ///   data of an inverse problem), when the others are conditions that hold
    ///   exactly (equations, boundary and initial conditions). Then only those
    ///   rows estimate the noise, σ̂² = Σ_obs r_i² / dof, and the parameters the
    ///   data must pin down are those the conditions leave free:
    ///   dof = N_obs − (rank J − rank J_rest), J_rest the other rows' Jacobian —
    ///   the count of a least-squares fit under (linearised) equality constraints
    ///   (Seber & Wild 1989, §3.2). Without it every row is an observation.
    public init(jacobianTranspose jt: Matrix, residuals r: [Double], indices: [Int], observationRows: [Int]? = nil,
                rtol: Double? = nil) throws(LinearAlgebraError) {
        let (p, b) = (jt.rows, jt.cols)
        precondition(r.count == b, "LinearisedCovariance: \(r.count) residuals for a Jᵀ with \(b) columns")
        precondition(indices.allSatisfy { $0 >= 0 && $0 < p }, "LinearisedCovariance: an index outside 0..<\(p)")
        precondition(observationRows?.allSatisfy { $0 >= 0 && $0 < b } ?? true, "LinearisedCovariance: a row outside 0..<\(b)")
        residualCount = b
        parameterCount = p
        residualSumOfSquares = (observationRows ?? Array(0..<b)).reduce(0) { $0 + r[$1] * r[$1] }
        self.indices = indices
        // Row j of Jᵀ is column j of J; scale it to unit length.
        var scaled = jt
        var norms = [Double](repeating: 0, count: p)
        for i in 0..<b { for j in 0..<p { norms[j] += jt[j, i] * jt[j, i] } }
        for j in 0..<p { norms[j] = norms[j] > 0 ? norms[j].squareRoot() : 1 }
        for i in 0..<b { for j in 0..<p { scaled[j, i] = jt[j, i] / norms[j] } }
        let svd = try ThinSVD(scaled)                  // Jᵀ_s = V Σ Uᵀ: svd.u is V (P × r)
        let cutoff = rtol ?? Double(max(b, p)) * Double.ulpOfOne
        rank = svd.rank(rtol: cutoff)
        if let observed = observationRows {
            let isObserved = Set(observed)
            let rest = (0..<b).filter { !isObserved.contains($0) }
            var restRank = 0
            if !rest.isEmpty {
                var restMatrix = Matrix(rows: p, cols: rest.count)
                for (c, i) in rest.enumerated() { for j in 0..<p { restMatrix[j, c] = scaled[j, i] } }
                let restSVD = try ThinSVD(restMatrix)
                // The same absolute cutoff as for J, so that both ranks count directions alike.
                let absolute = cutoff * (svd.singularValues.first ?? 0)
                restRank = restSVD.singularValues.filter { $0 > absolute }.count
            }
            degreesOfFreedom = observed.count - (rank - restRank)
        } else {
            degreesOfFreedom = b - rank
        }
        let sigma2 = degreesOfFreedom > 0 ? residualSumOfSquares / Double(degreesOfFreedom) : .nan
        let k = indices.count
        var cov = Matrix(rows: k, cols: k)
        var reached = [Double](repeating: 0, count: k)
        for m in 0..<rank {
            let inverse = 1 / (svd.singularValues[m] * svd.singularValues[m])
            for (a, i) in indices.enumerated() {
                let vi = svd.u[i, m]
                reached[a] += vi * vi
                for (c, j) in indices.enumerated() { cov[a, c] += vi * svd.u[j, m] * inverse }
            }
        }
        for (a, i) in indices.enumerated() {
            for (c, j) in indices.enumerated() { cov[a, c] *= sigma2 / (norms[i] * norms[j]) }
        }
        covariance = cov
        identifiable = reached.map { $0 > 1 - 1e-8 }
    }
}
