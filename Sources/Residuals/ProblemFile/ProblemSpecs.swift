/// `[network]`: the model to train. Names are checked by the module that builds
/// the network (PINN); the file only records them, with their place for errors.
public struct NetworkSpec: Sendable, Equatable {
    /// Hidden layer widths, e.g. [64] or [32, 32]. Default [64].
    public var hidden: [Int] = [64]
    /// Activation name. Default "tanh".
    public var activation: String = "tanh"
    /// Initialisation scheme name. Default "glorot".
    public var initialization: String = "glorot"
    /// Seed of the initial weights (and, plus one, of the Fourier features). Default 0.
    public var seed: UInt64 = 0
    /// Number m of random Fourier features (the first layer then sees 2m inputs). Default 0: none.
    public var fourierFeatures: Int = 0
    /// Standard deviation σ of the Fourier frequencies. Default 1.
    public var fourierScale: Double = 1
    /// `periodic = ["x"]`, `period = [2]`: the variables the network sees through
    /// cos/sin(2πk x/L), k = 1 … `harmonics`, and their periods L (default: the
    /// domain's extent in that variable). Default none.
    public var periodic: [PeriodicInput] = []
    /// `harmonics`: K of the periodic embedding. Default 1.
    public var harmonics: Int = 1
    /// `init_file`: the initial parameters from a file instead of the seed — a
    /// saved-parameters JSON (`parameters.json` of a solve) or a directory of
    /// per-layer NPY arrays W0.npy, b0.npy, … (row-major, out × in). The path
    /// is resolved against the problem file's folder. Default nil: from `seed`.
    public var initFile: String? = nil
}

/// One variable of the periodic input embedding.
public struct PeriodicInput: Sendable, Equatable {
    /// Index of the variable in the domain.
    public var dimension: Int
    /// L > 0.
    public var period: Double
    public init(dimension: Int, period: Double) { (self.dimension, self.period) = (dimension, period) }
}

/// `[solver]`: how to drive the residuals to zero.
public struct SolverSpec: Sendable, Equatable {
    /// Default "sven".
    public var method: String = "sven"
    /// Default 2000.
    public var maxSteps: Int = 2000
    /// Seconds; default none.
    public var timeLimit: Double? = nil
    /// Stop when ½‖r‖² falls to this. Default 0 (off).
    public var targetLoss: Double = 0
    /// Sven's relative singular-value cutoff; nil = the solver's default.
    public var rtol: Double? = nil
    /// Sven's largest rank kept; nil = all.
    public var k: Int? = nil
    /// Sven's step control: "adaptive", "backtracking", "damped" or "fixed"; nil = default.
    public var stepControl: String? = nil
    /// η for the "fixed" step control.
    public var eta: Double? = nil
    /// Sven's Moré column scaling; nil = the solver's default (on).
    public var scaled: Bool? = nil
    /// Print progress every this many steps. Default 10.
    public var reportEvery: Int = 10
    /// Seed of every random draw the solver makes (batches, sketches). Default 0.
    public var seed: UInt64 = 0
    /// Sven's mini-batch size: each step uses this many residual rows drawn
    /// without replacement, epoch by epoch (seeded by `seed`); nil = all rows.
    public var batchSize: Int? = nil
    /// Stop as stalled when the loss has not fallen by a relative 1e-6 in this
    /// many steps; 0 = never. Default 50.
    public var stallSteps: Int = 50
    /// Convergence tolerances (`StoppingCriteria`): ftol on the relative decrease of
    /// the loss over a step, xtol on the step relative to ‖θ‖, gtol on ‖Jᵀr‖_∞, and
    /// the relative improvement that counts as progress for `stall_steps`. 0 = off.
    public var functionTolerance: Double = 0
    public var parameterTolerance: Double = 0
    public var gradientTolerance: Double = 0
    public var stallTolerance: Double = 1e-6

    /// Every setting at its default.
    public init() {}
}

/// `[reference]`: how to compute the spectral reference solution.
public struct ReferenceSpec: Sendable, Equatable {
    /// The methods a file may name: "auto" picks one from the equation and the
    /// boundary kinds; "dst" is the sine-series Poisson solver (homogeneous
    /// Dirichlet on a 2D box); "exact" uses `[exact]`.
    public static let methods = ["auto", "dst", "exact"]
    /// Default "auto".
    public var method: String = "auto"
    /// Interior grid points per dimension; n + 1 must be a power of two. Default 127.
    public var n: Int = 127
    /// Points per dimension of the evaluation grid. Default 101.
    public var grid: Int = 101
}

/// The interior condition as declared: equations as text, or the short form
/// `operator = "poisson"` with a `source` (−Δu = source).
public struct PDESpec: Sendable {
    /// One per equation (`equation = "…"` or an array of them).
    public var equations: [Equation]
    /// f of the short form −Δu = f, when the file used it.
    public var poissonSource: MathExpression?
    /// Redraw the points every this many steps (random-type rules); nil: fixed points.
    public var resampleEvery: Int?
    /// `sampling = "rad"`: redraw by the residual (`AdaptiveSampling`); nil: uniform redraws.
    public var adaptive: AdaptiveSampling? = nil
    /// `resample_until`: no redraw after this step, so the last steps polish on fixed points; nil: redraw to the end.
    public var resampleUntil: Int? = nil
    /// How the interior points are drawn (nil for points from a file), their count and seed.
    public var rule: SamplingRule? = nil
    public var seed: UInt64 = 0
    /// `weight` of the interior terms (nil: 1/√N).
    public var weight: Double? = nil

    /// Whether the points are redrawn after step `step` (a multiple of `resampleEvery`, not past `resampleUntil`).
    public func redraws(after step: Int) -> Bool {
        guard let n = resampleEvery, step >= n, step % n == 0 else { return false }
        return resampleUntil.map { step <= $0 } ?? true
    }

    /// The redraw round in force after step `step`: the last multiple of
    /// `resampleEvery` up to `step` (and up to `resampleUntil`), over `resampleEvery`; 0: the file's points.
    public func epoch(at step: Int) -> Int {
        guard let n = resampleEvery, step >= n else { return 0 }
        let last = min(step, resampleUntil ?? step)
        return last / n
    }
}

/// One boundary condition as declared.
public struct BoundarySpec: Sendable {
    /// "dirichlet", "neumann", "robin", "periodic" or "equation".
    public var kind: String
    /// The faces it holds on (all spatial faces unless `on` names some).
    public var faces: [Face]
    /// g in u = g, ∂u/∂n = g or αu + β∂u/∂n = g (nil for periodic and equation).
    public var value: MathExpression?
    /// Robin coefficients (Dirichlet: α = 1, β = 0; Neumann: α = 0, β = 1).
    public var alpha: Double
    public var beta: Double
    /// The equation of kind "equation".
    public var equation: Equation?
    /// Index of the field it constrains.
    public var field: Int
    /// The file its points came from (`points = "file"`), if any: then the
    /// points need not cover `faces` (references do not assume they do).
    public var pointsFile: String? = nil
    /// On a shape (`[domain] shape`): the boundary parts it holds on (`faces` is then empty).
    public var parts: [String] = []
    /// When α, β or the value read `[unknowns]`, or α, β vary in space: the three
    /// formulas (``ConditionFormulas``). `value` is then nil and `alpha`, `beta`
    /// hold only constant coefficients (NaN for a formula): no reference solver
    /// applies to such a condition.
    public var formulas: ConditionFormulas? = nil
}

/// α, β and g of a condition α·u + β·∂u/∂n = g written as formulas over the
/// domain's variables followed by the names of `[unknowns]` (``FormulaConditionTerm``).
public struct ConditionFormulas: Sendable {
    public var alpha: MathExpression
    public var beta: MathExpression
    public var value: MathExpression
    public init(alpha: MathExpression, beta: MathExpression, value: MathExpression) {
        (self.alpha, self.beta, self.value) = (alpha, beta, value)
    }
}

/// One initial condition (at the lower end of the time variable) as declared.
public struct InitialSpec: Sendable {
    /// "value" (u = g at t = t₀) or "rate" (u_t = g at t = t₀).
    public var kind: String
    /// g over the variables — followed by the names of `[unknowns]` when `readsUnknowns`.
    public var value: MathExpression
    public var field: Int
    /// Whether `value` reads `[unknowns]` (then no reference solver applies).
    public var readsUnknowns = false
}

/// `[constraint]`: a hard constraint u = g + d·N on the network's output.
public struct ConstraintSpec: Sendable {
    /// The boundary data g.
    public var g: MathExpression
    /// A function that vanishes on the constrained boundary and not inside: a
    /// formula, or on a shape without `d` its approximate distance function.
    public var d: any ConstraintFunction
}
