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
    /// Print progress every this many steps. Default 10.
    public var reportEvery: Int = 10
}

/// `[reference]`: how to compute the spectral reference solution.
public struct ReferenceSpec: Sendable, Equatable {
    /// "dst": sine-series Poisson solver (homogeneous Dirichlet on a box).
    public var method: String = "dst"
    /// Interior grid points per dimension; n + 1 must be a power of two. Default 127.
    public var n: Int = 127
    /// Points per dimension of the evaluation grid. Default 101.
    public var grid: Int = 101
}

/// The interior condition as declared.
public struct PDESpec: Sendable {
    /// "poisson": −Δu = source.
    public var operatorName: String
    public var source: MathExpression
}

/// One boundary condition as declared.
public struct BoundarySpec: Sendable {
    /// "dirichlet".
    public var kind: String
    /// g in u = g.
    public var value: MathExpression
}

/// `[constraint]`: a hard constraint u = g + d·N on the network's output.
public struct ConstraintSpec: Sendable {
    /// The boundary data g.
    public var g: MathExpression
    /// A function that vanishes on the constrained boundary and not inside.
    public var d: MathExpression
}
