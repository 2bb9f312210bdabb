// MARK: - Sven's options

extension Sven {
    /// How the spectral data of J is computed (see `SpectralFactor`).
    public enum Route: Sendable, Equatable {
        /// Randomized when `maxRank` is small next to min(B, P) or J would exceed
        /// `jacobianMemoryLimit` for a matrix-free system; else, when rtol < 1e-7 (the Gram
        /// route loses σ below ~1e-8·σ₁), `tracked` for rtol ≥ `Sven.trackedSmallestRtol`
        /// (its fallback the exact route below), else an exact route: `qrSVD` when
        /// max(B, P) ≥ `Sven.qrAspectRatio` (1.25)·min(B, P), else `svd`; else the Gram route.
        case automatic
        /// Thin SVD (`dgesdd`) of the taller of J and Jᵀ.
        case svd
        /// The taller of J and Jᵀ = Q R (Householder, Q never formed), then the SVD of
        /// the square R: the same step as `svd`, cheaper when J is far from square.
        case qrSVD
        /// Eigendecomposition of the smaller Gram matrix, J Jᵀ or Jᵀ J.
        case gram
        /// Randomized truncated SVD of rank `maxRank` (which must be set).
        case randomized(oversampling: Int, powerIterations: Int)
        /// The SVD of J on a subspace carried from step to step (`TrackedSubspace`):
        /// width ≈ 1.5× the last kept rank, checked every step to resolve the spectrum a
        /// decade below rtol·σ₁; the exact route (`svd`, or `qrSVD` far from square)
        /// answers when the check fails or the rank exceeds min(B, P)/4. Needs J formed.
        case tracked
    }

    public struct Options: Sendable, Equatable {
        /// Keep σ_i > rtol·σ₁. Default 1e-10 (measured on poisson2d: 1e-12 lets noise in).
        public var rtol: Double = 1e-10
        /// Keep at most this many singular values (the paper's k). Default: all.
        public var maxRank: Int = .max
        /// Default: backtracking Gauss–Newton with damping only when backtracking fails.
        public var stepControl: StepControl = .adaptive(armijo: 1e-4, maxHalvings: 10)
        /// Default `.automatic`.
        public var route: Route = .automatic
        /// Rows per step (the paper's mini-batch), drawn without replacement, epoch
        /// by epoch, from `seed`. nil: all rows.
        public var batchSize: Int? = nil
        /// Average the step's rows in consecutive groups of this size before the
        /// factorisation (the paper's micro-batching). Default 1 (off).
        public var microBatch: Int = 1
        /// Update a random fraction of the parameters each step (the paper's
        /// parameter fraction). Default 1 (all).
        public var parameterFraction: Double = 1
        /// With mini-batches: undo a step that raises the full cost ½‖r‖² (the full
        /// residuals are evaluated after every step anyway, for the driver). Default true.
        public var monotone: Bool = true
        /// Seed of every random draw Sven makes (batches, parameter subsets, sketches).
        public var seed: UInt64 = 0
        /// Scale the parameters by D = diag(running max of J's column norms) — Moré's
        /// scaling of MINPACK (Moré 1978): the SVD is of J D⁻¹, the cutoff and damping
        /// act on the scaled singular values and the step is D⁻¹ times the scaled
        /// minimum-norm step, so parameters of very different sensitivity are
        /// treated alike. Ignored on the matrix-free route. Default false: measured
        /// (300 steps, 2-64-1) it takes heat1d from 3.8e-4 to 9.4e-6 but poisson2d
        /// from 7.0e-11 to 7.3e-3 (bench/results/scaling-choice.md).
        public var scaled: Bool = false
        /// A dense J larger than this many bytes is never formed when the system is
        /// matrix-free: the randomized route then works through J·v and Jᵀ·w. Default 2 GiB.
        public var jacobianMemoryLimit: Int = 2 << 30

        public init(rtol: Double = 1e-10, maxRank: Int = .max,
                    stepControl: StepControl = .adaptive(armijo: 1e-4, maxHalvings: 10),
                    route: Route = .automatic, batchSize: Int? = nil, microBatch: Int = 1,
                    parameterFraction: Double = 1, monotone: Bool = true, seed: UInt64 = 0,
                    jacobianMemoryLimit: Int = 2 << 30) {
            self.rtol = rtol; self.maxRank = maxRank; self.stepControl = stepControl
            self.route = route; self.batchSize = batchSize; self.microBatch = microBatch
            self.parameterFraction = parameterFraction; self.monotone = monotone; self.seed = seed
            self.jacobianMemoryLimit = jacobianMemoryLimit
        }

        /// Throws an `OptionError` naming the first bad field.
        public func validate() throws(OptionError) {
            try OptionError.require(rtol.isFinite && rtol >= 0 && rtol < 1, "sven.rtol", rtol,
                                    "must be finite and in [0, 1)")
            try OptionError.require(maxRank >= 1, "sven.k", maxRank, "must be at least 1")
            switch stepControl {
            case .fixed(let eta):
                try OptionError.require(eta.isFinite && eta > 0, "sven.eta", eta, "must be finite and > 0")
            case .backtracking(let c, let n), .adaptive(let c, let n):
                try OptionError.require(c > 0 && c < 1, "sven.armijo", c, "must be in (0, 1)")
                try OptionError.require(n >= 1 && n <= 60, "sven.max_halvings", n, "must be in 1...60")
            case .grid(let levels):
                try OptionError.require(levels >= 1 && levels <= 60, "sven.grid_levels", levels, "must be in 1...60")
            case .damped(let mu0, let muMin):
                try OptionError.require(mu0.isFinite && mu0 > 0, "sven.mu0", mu0, "must be finite and > 0")
                try OptionError.require(muMin.isFinite && muMin >= 0 && muMin <= mu0, "sven.mu_min", muMin,
                                        "must be finite and in [0, mu0]")
            }
            if case .randomized(let o, let q) = route {
                try OptionError.require(maxRank < Int.max, "sven.k", "unset", "the randomized route needs k")
                try OptionError.require(o >= 0, "sven.oversampling", o, "must be ≥ 0")
                try OptionError.require(q >= 0 && q <= 10, "sven.power_iterations", q, "must be in 0...10")
            }
            if let b = batchSize { try OptionError.require(b >= 1, "sven.batch_size", b, "must be at least 1") }
            try OptionError.require(microBatch >= 1, "sven.micro_batch", microBatch, "must be at least 1")
            try OptionError.require(parameterFraction > 0 && parameterFraction <= 1, "sven.parameter_fraction",
                                    parameterFraction, "must be in (0, 1]")
        }
    }
}
