import Foundation
import PINN
import Residuals
import SvenSolver

/// The `MemoryEstimate` of solving a problem file with a network and a method,
/// and the field a refusal names: the input that sizes the estimate's largest part.
struct MemoryPlan {
    let file: ProblemFile
    let estimate: MemoryEstimate
    /// Points per axis of the evaluation grid.
    let gridCount: Int

    init(file: ProblemFile, widths: [Int], parameters: Int, activation: Activation, method: Method,
         options: Sven.Options, jacobianCheck: Bool) {
        self.file = file
        let problem = file.problem, box = problem.domain
        gridCount = EvaluationGrid.pointsPerAxis(file)
        var s = MemoryEstimate.Sizes()
        s.dimension = box.dimension
        s.points = problem.terms.reduce(0) { $0 + $1.points.count }
        s.residuals = problem.residualCount
        s.parameters = parameters
        s.widthSum = widths.reduce(0, +)
        s.channels = JetLayout(dimension: box.dimension, requested: problem.channels).count
        s.termChannelValues = problem.terms.reduce(0) { $0 + $1.channels.count * $1.points.count }
        s.outputs = problem.fields.count
        s.pairedPoints = problem.terms.filter(\.pairedRows).reduce(0) { $0 + $1.points.count }
        s.storesHigherActivationDerivatives = activation != .tanh
        s.factorization = Self.factorization(method, options: options, b: s.residuals, p: parameters)
        s.keepsCurvaturePairs = method == .lbfgs || method == .adamLbfgs
        s.holdsSecondJacobian = method == .svenLM
        s.formsJacobianForCheck = jacobianCheck
        s.gridPoints = pow(Double(gridCount), Double(box.dimension))
        s.gridValues = 1 + file.exactFields.compactMap { $0 }.count + (file.constraint == nil ? 0 : 2)
        s.referenceDoubles = Self.referenceDoubles(file)
        if let rad = file.pde.adaptive {
            s.candidatePoints = rad.candidates
            s.candidateChunk = AdaptiveResampler.defaultChunk(points: problem.terms.first?.points.count ?? 0, candidates: rad.candidates)
        }
        estimate = MemoryEstimate(s)
    }

    /// The plan of the evaluation grid and the reference alone (`reference`, `compare`).
    init(gridOf file: ProblemFile) {
        self.file = file
        let box = file.problem.domain
        gridCount = EvaluationGrid.pointsPerAxis(file)
        var s = MemoryEstimate.Sizes()
        s.dimension = box.dimension
        s.outputs = file.problem.fields.count
        s.factorization = .none
        s.gridPoints = pow(Double(gridCount), Double(box.dimension))
        s.gridValues = 1 + file.exactFields.compactMap { $0 }.count
        s.referenceDoubles = Self.referenceDoubles(file)
        estimate = MemoryEstimate(s)
    }

    /// How `method` uses J: Sven's automatic route (`Sven.resolve`: randomized when
    /// k + 10 ≤ min(B, P)/2, else the tracked subspace and its SVD fallback when
    /// 1e-12 ≤ rtol < 1e-7, the thin SVD below, else the Gram matrix),
    /// LM and Gauss–Newton's thin SVD, the first-order methods' gradients.
    static func factorization(_ method: Method, options: Sven.Options, b: Int, p: Int) -> MemoryEstimate.Factorization {
        switch method {
        case .lm, .gaussNewton: return .svdAfterJacobian
        case .lmNielsen: return .gram(rank: 0)         // J, the smaller Gram matrix and its Cholesky copy
        case .adam, .sgd, .lbfgs, .adamLbfgs: return .none
        case .sven, .svenLM:
            let m = min(b, p), k = options.maxRank
            if k < Int.max && k + 10 <= m / 2 {
                return .randomized(columns: min(k + 10, m), matrixFree: Double(b) * Double(p) * 8 > Double(options.jacobianMemoryLimit))
            }
            guard options.rtol < 1e-7 else { return .gram(rank: min(k, m)) }
            // `Sven.resolve`: the tracked route (with the SVD as its fallback) from rtol 1e-12 on.
            return options.route == .automatic && options.rtol >= Sven.trackedSmallestRtol || options.route == .tracked ? .tracked : .svd
        }
    }

    /// What the reference solver holds: "dst" 3·n² (samples, transform buffer,
    /// coefficients). "auto" picks among solvers of fixed sizes: the dense (63²)²
    /// operator of the 2D Chebyshev solver (1.6·10⁷) for a steady 2D problem
    /// without homogeneous faces; else four copies of the box solver's modes
    /// (256² in 2D, 64³ in 3D, 16ᴰ above); 10⁶ for the time-dependent ones
    /// (heat: 512, 128², 32³ modes; ETDRK4: a few hundred points and steps).
    static func referenceDoubles(_ file: ProblemFile) -> Double {
        guard let r = file.reference else { return 0 }
        switch r.method {
        case "dst": return 3 * Double(r.n) * Double(r.n)
        case "auto":
            let box = file.problem.domain
            guard box.time == nil else { return 1_000_000 }
            let d = box.dimension
            if d == 2 && ReferenceChooser.homogeneousKinds(file, box: box, spatial: [0, 1]) == nil { return 16_000_000 }
            return 4 * pow(d <= 2 ? 256 : (d == 3 ? 64 : 16), Double(d))
        default: return 0
        }
    }

    /// Refuses the plan when it exceeds `budget`, naming the field that sizes its largest part.
    func check(_ budget: MemoryBudget) throws {
        let part = estimate.parts.filter { $0.cause != .program }.max { $0.bytes < $1.bytes }
        let (field, advice) = Self.blame(part?.cause ?? .points, file: file, gridCount: gridCount)
        try budget.check(estimate, file: file, field: field, advice: advice)
    }

    /// The field to lower for a part sized by `cause`, and how.
    static func blame(_ cause: MemoryEstimate.Cause, file: ProblemFile, gridCount: Int) -> (String, String) {
        switch cause {
        case .points, .program:
            // The table whose terms have the most residuals.
            var rows: [String: Int] = [:]
            for t in file.problem.terms { rows[countField(ofTerm: t.name), default: 0] += t.rowCount }
            let field = rows.max { $0.value < $1.value }?.key ?? "pde.count"
            return (field, field.hasSuffix(".file") ? "use fewer data rows" : "lower the count")
        case .network:
            let features = file.network.fourierFeatures
            return 2 * features > (file.network.hidden.max() ?? 0)
                ? ("network.fourier_features", "use fewer Fourier features")
                : ("network.hidden", "use narrower or fewer hidden layers")
        case .grid:
            return ("reference.grid", "lower the evaluation grid (\(gridCount) points per axis in \(file.problem.domain.dimension)D)")
        case .reference:
            return file.reference?.method == "dst" ? ("reference.n", "lower n") : ("reference.method", "choose another reference")
        }
    }

    /// The key that sizes a term: "pde" and "pde[1]" → `pde.count`, "boundary[2] (derivative)"
    /// → `boundary[2].count`, "initial" → `initial[0].count`, "data[1]" → `data[1].file`.
    static func countField(ofTerm name: String) -> String {
        let base = name.split(separator: " ").first.map(String.init) ?? name
        let table = base.split(separator: "[").first.map(String.init) ?? base
        let index = base.contains("[") ? String(base.drop { $0 != "[" }) : "[0]"
        switch table {
        case "boundary", "initial": return "\(table)\(index).count"
        case "data": return "data\(index).file"
        default: return "pde.count"
        }
    }
}
