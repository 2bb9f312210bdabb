import Foundation

/// The memory a PINN solve will hold at its peak, estimated from sizes alone,
/// before anything sized by the input is allocated.
///
/// Every part counts doubles (8 bytes) of the buffers the code makes once, with
/// N training points (all terms), B residuals, P parameters, D dimensions,
/// F fields, C jet channels, W = Σ_l n_l the sum of the network's widths (input,
/// hidden and output; 2m for m Fourier features), G evaluation-grid points:
///
/// - **collocation points**: N·(D + 2) — coordinates, and a target or source
///   value and a residual per point.
/// - **network jets**: (2·W·C + W + 2·W·[σ ≠ tanh] + F·C)·N + 2·Σ_t C_t·N_t + P·N_paired —
///   `JetEvaluator`'s z and a (every layer's jets), σ′ (and σ″, σ‴ unless tanh,
///   whose derivatives follow from t), the output seeds, each term's jet and its
///   partials, and the Jᵀ block of paired (periodic) rows.
/// - **parameters and residual vectors**: 16·P + 6·B (θ, δ, trial points,
///   gradients, optimizer state, residuals and trial residuals), plus 2·10·P for
///   L-BFGS's ten (s, y) pairs.
/// - **Jacobian**: B·P for Jᵀ when the method forms it (every method but the
///   first-order ones; `check` forms it for its central-difference comparison).
/// - **factorization workspace** of the method, with m = min(B, P) and T = max(B, P):
///   thin SVD (`dgesdd` of the taller of J, Jᵀ): the input copy LAPACK overwrites,
///   U (max(B, P)·m), Vᵀ (m²), ~4m² of LAPACK work, and either a transposed copy
///   (B ≥ P) or, at the peak, the two copies `ThinSVD`'s workspace query makes of
///   them — 3·B·P + 5m² for Sven; LM and Gauss–Newton hold Jᵀ (and J when B ≥ P)
///   while those copies exist: (B ≥ P ? 5 : 4)·B·P + 5m². Gram route: m² + m·k +
///   26·m; randomized route of ℓ columns: (2·B + 4·P)·ℓ (matrix-free when Jᵀ would pass 2 GiB: then no J).
///   `sven-lm` adds LM's own B·P + 2m² (its Jᵀ, Gram matrix and Cholesky copy).
/// - **adaptive-sampling candidates** (`sampling = "rad"`): M·(D + 3) for the pool's
///   coordinates, residuals and draw keys, and the jets of one chunk of C_M points
///   as above with C_M for N (plus its residuals and partials: 3·C·C_M).
/// - **evaluation grid**: G·(D + V + 3·F + 32) — coordinates, V reference/exact/
///   constraint values, the field values, and the copies and text the output
///   files are written from (32 doubles a point, measured on a 1001² grid); **network on the evaluation grid**: G·(3 + 2·[σ ≠ tanh])·W, the
///   one-channel jets of u_θ at every grid point.
/// - **reference**: what the spectral solver holds (given by the caller; e.g.
///   3·n² for the DST-I solver of n² interior points).
/// - **program**: a fixed 64 MB (runtime, libraries, OpenBLAS's buffers).
///
/// Measured against the peak resident set size of `svenpde solve FILE --max-steps 3`
/// (debug build, `/usr/bin/time -v`), estimate / peak: poisson.toml 98 / 71 MB,
/// 100² points 218 / 191 MB (LM 260 / 229), a 2-256-256-1 network 2.5 / 2.4 GB
/// (LM 3.0 / 3.0), a 1001² evaluation grid 1.8 / 1.9 GB (before the output copies
/// were counted), poisson5d 292 / 228 MB, heat 130 / 71 MB, burgers 156 / 113 MB.
public struct MemoryEstimate: Sendable {
    /// How the solver uses the Jacobian.
    public enum Factorization: Sendable, Equatable {
        /// First-order methods: gradients Jᵀr only, J never formed.
        case none
        /// J formed and factored by a thin SVD (Sven with rtol < 1e-7).
        case svd
        /// As `svd`, with Jᵀ made before the SVD's workspace (LM, Gauss–Newton: `JacobianSVD`).
        case svdAfterJacobian
        /// J formed; the eigenpairs of the smaller Gram matrix, `rank` of them.
        case gram(rank: Int)
        /// A randomized range finder of `columns` columns; J formed unless `matrixFree`.
        case randomized(columns: Int, matrixFree: Bool)
        /// Sven's tracked route: the thin SVD's workspace (its exact fallback) and
        /// sketches up to min(B, P)/2 columns wide.
        case tracked
    }

    /// The sizes the estimate is made from.
    public struct Sizes: Sendable {
        public var dimension = 1, points = 0, residuals = 0, parameters = 0
        public var widthSum = 0, channels = 1, termChannelValues = 0, outputs = 1
        public var pairedPoints = 0
        /// σ ≠ tanh: σ″ and σ‴ are stored per layer.
        public var storesHigherActivationDerivatives = false
        public var factorization = Factorization.svd
        /// L-BFGS keeps ten (s, y) pairs.
        public var keepsCurvaturePairs = false
        /// `sven-lm`: LM's own Jᵀ, its Gram matrix and the Cholesky copy beside Sven's.
        public var holdsSecondJacobian = false
        /// `check` forms J for its comparison whatever the method.
        public var formsJacobianForCheck = false
        /// G, the evaluation grid's points (a Double: it may exceed any Int).
        public var gridPoints = 0.0
        /// Values per grid point besides u_θ: reference, exact fields, constraint g and d.
        public var gridValues = 0
        /// Doubles the reference solver holds.
        public var referenceDoubles = 0.0
        /// `sampling = "rad"`: M candidate points, evaluated `candidateChunk` at a time.
        public var candidatePoints = 0, candidateChunk = 0
        public init() {}
    }

    /// What a part is sized by, so a refusal can name the field to lower.
    public enum Cause: Sendable, Equatable { case points, network, grid, reference, program }

    public struct Part: Sendable {
        public let name: String
        /// The sizes behind it, e.g. "Jᵀ 3 000 × 449".
        public let detail: String
        public let bytes: Double
        public let cause: Cause
    }

    public let parts: [Part]

    /// Total bytes (a Double: the sizes may be far beyond any Int).
    public var bytes: Double { parts.reduce(0) { $0 + $1.bytes } }

    /// The part that needs the most memory.
    public var largest: Part { parts.max { $0.bytes < $1.bytes }! }

    public init(_ s: Sizes) {
        let (N, B, P, D) = (Double(s.points), Double(s.residuals), Double(s.parameters), Double(s.dimension))
        let (W, C, F) = (Double(s.widthSum), Double(s.channels), Double(s.outputs))
        let higher = s.storesHigherActivationDerivatives ? 2.0 : 0.0
        let m = min(B, P)
        var parts: [Part] = []
        func add(_ name: String, _ detail: String, doubles: Double, _ cause: Cause) {
            if doubles > 0 { parts.append(Part(name: name, detail: detail, bytes: 8 * doubles, cause: cause)) }
        }
        let dims = "\(Self.group(s.residuals)) × \(Self.group(s.parameters))"
        add("collocation points", "\(Self.group(s.points)) points in \(s.dimension)D", doubles: N * (D + 2), .points)
        let jets = (2 * W * C + W + higher * W + F * C) * N + 2 * Double(s.termChannelValues) + P * Double(s.pairedPoints)
        add("network jets", "\(s.channels) channels × Σwidths \(Self.group(s.widthSum)) × \(Self.group(s.points)) points",
            doubles: jets, s.points >= s.widthSum ? .points : .network)
        add("parameter and residual vectors", "P = \(Self.group(s.parameters)), B = \(Self.group(s.residuals))",
            doubles: (s.keepsCurvaturePairs ? 36 : 16) * P + 6 * B, .network)
        let bigger: Cause = B >= P ? .points : .network
        let formsJacobian: Bool
        switch s.factorization {
        case .none: formsJacobian = false
        case .randomized(_, let matrixFree): formsJacobian = !matrixFree
        case .svd, .svdAfterJacobian, .gram, .tracked: formsJacobian = true
        }
        if formsJacobian || s.formsJacobianForCheck {
            add("Jacobian", dims + " doubles", doubles: B * P, bigger)
        }
        switch s.factorization {
        case .none: break
        case .svd: add("SVD workspace", "thin SVD of \(dims)", doubles: 3 * B * P + 5 * m * m, bigger)
        case .svdAfterJacobian:
            add("SVD workspace", "thin SVD of \(dims)", doubles: (B >= P ? 5 : 4) * B * P + 5 * m * m, bigger)
        case .gram(let k):
            add("Gram matrix", "\(Self.group(Int(m)))² eigenproblem", doubles: m * m + m * min(Double(k), m) + 26 * m, bigger)
        case .randomized(let l, _): add("randomized range finder", "\(l) columns", doubles: (2 * B + 4 * P) * Double(l), bigger)
        case .tracked:
            add("SVD workspace", "thin SVD of \(dims)", doubles: 3 * B * P + 5 * m * m, bigger)
            add("tracked subspace", "sketches up to \(Self.group(Int(m / 2))) columns",
                doubles: (6 * P + 3 * B) * (m / 2) + m * m / 4, bigger)
        }
        if s.holdsSecondJacobian {
            add("LM half of sven-lm", "Jᵀ \(dims) and a \(Self.group(Int(m)))² Gram matrix twice",
                doubles: B * P + 2 * m * m, bigger)
        }
        if s.candidatePoints > 0 {
            let (M, chunk) = (Double(s.candidatePoints), Double(s.candidateChunk))
            add("adaptive-sampling candidates", "\(Self.group(s.candidatePoints)) points, \(Self.group(s.candidateChunk)) at a time",
                doubles: M * (D + 3) + ((2 * W * C + W + higher * W + F * C) + 3 * C) * chunk, .points)
        }
        let g = s.gridPoints
        let gridText = g < 1e15 ? Self.group(Int(g)) : String(format: "%.1e", g)
        add("evaluation grid", "\(gridText) points", doubles: g * (D + Double(s.gridValues) + 3 * F + 32), .grid)
        add("network on the evaluation grid", "Σwidths \(Self.group(s.widthSum)) × \(gridText) points",
            doubles: g * (3 + higher) * W, g >= W ? .grid : .network)
        add("reference", String(format: "%.3g values", s.referenceDoubles), doubles: s.referenceDoubles, .reference)
        add("program", "runtime and libraries", doubles: 8_000_000, .program)
        self.parts = parts
    }

    /// A one-line account: "~1.6 TB (Jacobian 2 000 000 × 12 545 doubles 201 GB + SVD workspace … + …)",
    /// the three largest parts.
    public var summary: String {
        let top = parts.filter { $0.cause != .program }.sorted { $0.bytes > $1.bytes }.prefix(3)
        let list = top.map { "\($0.name) \($0.detail) \(Self.describe(bytes: $0.bytes))" }.joined(separator: " + ")
        return "~\(Self.describe(bytes: bytes)) (\(list)\(parts.count > top.count + 1 ? " + …" : ""))"
    }

    /// "512 B", "3.2 MB", "1.6 TB" (powers of 1000).
    public static func describe(bytes: Double) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
        var value = bytes, unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        if unit == units.count - 1 && value >= 1000 { return String(format: "%.1e B", bytes) }
        return unit == 0 ? "\(Int(value)) B" : String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }

    /// 2000000 → "2 000 000" (thin spaces would not survive every terminal).
    static func group(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(" ") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }
}
