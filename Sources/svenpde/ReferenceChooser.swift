import Foundation
import Residuals
import SpectralReference

/// A reference solution of a problem file's first field: how it was made, how
/// sure it is, and its values at any points.
struct Reference {
    let description: String
    /// Which solver (summary.json `reference.method`): "spectral-box", "chebyshev",
    /// "heat-exact", "burgers-etdrk4", "reaction-diffusion-etdrk4" or "periodic-etdrk4".
    var method = ""
    /// Its resolution in words, e.g. "256×256 modes" or "degree 128".
    var resolution = ""
    /// An estimate of its own relative error: the difference between two
    /// resolutions (or, for ETDRK4, the larger of the time and space estimates).
    let estimatedError: Double?
    /// Values at point-major points in the file's variable order.
    let values: ([Double]) -> [Double]
    /// Values on the tensor grid of these axes (file's variable order, first fastest), when faster than `values`.
    var onGrid: (([[Double]]) -> [Double])? = nil

    func values(onAxes axes: [[Double]], points: PointSet) -> [Double] { onGrid?(axes) ?? values(points.coordinates) }
}

/// Picks the reference solver from the equation and the boundary kinds
/// (issue: SpectralReference item 6):
///
/// - −c·Δu + a·u = f (c > 0, constant a) on a box with, per axis, homogeneous
///   Dirichlet, homogeneous Neumann or periodic faces → `SpectralBoxSolver`
///   (DST-I / DCT-I / real DFT per axis; Poisson, Helmholtz or screened);
///   with non-homogeneous Dirichlet data in 1D or 2D → Chebyshev collocation;
/// - u_t − κ·Δu = 0 with such faces and an initial value → `HeatReference`
///   (exact in time);
/// - u_t + u·u_x − ν·u_xx = 0 on [−1, 1] with u(±1) = 0 → `Burgers1D` (ETDRK4);
/// - u_t − ε·u_xx − R(u) = 0 in 1D with constant Dirichlet values → `AllenCahn1D`
///   (ETDRK4, Chebyshev), R read off the equation;
/// - periodic in x (the network's periodic embedding, or periodic [[boundary]]
///   tables): Burgers, u_t = ε·u_xx + R(u) or KdV u_t + a·u·u_x + δ·u_xxx = 0 →
///   `FourierPeriodic1D` (ETDRK4, Fourier; `choosePeriodic`).
///
/// Otherwise `reason` says why none applies.
enum ReferenceChooser {
    enum Choice { case reference(Reference), none(reason: String) }

    static func choose(_ file: ProblemFile) throws -> Choice {
        let box = file.problem.domain
        if file.isDataOnly { return .none(reason: "a problem of [[data]] alone has no equation to solve") }
        if !file.unknowns.isEmpty { return .none(reason: "the solution depends on [unknowns], which are learned from the data") }
        if let b = file.boundaries.first(where: { $0.pointsFile != nil }) {
            return .none(reason: "boundary points come from \(b.pointsFile!), which need not cover the faces")
        }
        guard file.problem.fields.count == 1, file.pde.equations.count == 1 || file.pde.poissonSource != nil else {
            return .none(reason: "references are for one field and one equation")
        }
        guard file.constraint == nil || file.constraint.map({ isZero($0.g) }) == true else {
            return .none(reason: "a hard constraint with g ≠ 0 is not supported by the spectral references")
        }
        if let shape = file.problem.geometry { return try chooseOnShape(file, shape: shape) }
        if let t = box.time { return try chooseTimeDependent(file, time: t) }
        // Steady: −c·Δu + a·u = f.
        let (c, a, f): (Double, Double, ([Double]) -> Double)
        if let s = file.pde.poissonSource {
            (c, a, f) = (1, 0, { s.evaluate($0) })
        } else {
            guard let form = file.pde.equations[0].linearForm(in: box), let lap = isotropicLaplacian(form, box: box, time: nil) else {
                return .none(reason: "the equation is not −c·Δu + a·u = f with constant c, a")
            }
            let extra = form.coefficients.keys.filter { ![.value, .laplacian].contains($0.channel) && !isSecondDiagonal($0.channel) }
            guard extra.isEmpty, lap < 0 else { return .none(reason: "the equation has first or mixed derivatives") }
            (c, a, f) = (-lap, form.coefficient(.value), { form.source($0) })
        }
        let mu = a / c
        let op: SpectralOperator = mu == 0 ? .poisson : (mu < 0 ? .helmholtz(k: (-mu).squareRoot()) : .screenedPoisson(mu: mu))
        let forcing: ([Double]) -> Double = { f($0) / c }
        if let kinds = homogeneousKinds(file, box: box, spatial: Array(0..<box.dimension)) {
            return .reference(try boxReference(box: box, axes: Array(0..<box.dimension), kinds: kinds, op: op, forcing: forcing))
        }
        if (1...2).contains(box.dimension), let g = dirichletData(file, box: box) {
            return .reference(try chebyshevReference(box: box, op: op, forcing: forcing, boundary: g))
        }
        return .none(reason: "the boundary conditions are not homogeneous Dirichlet/Neumann/periodic per axis "
                     + "(nor Dirichlet data on a 1D or 2D box)")
    }

    // MARK: - Steady references

    /// Solves at two resolutions (the finer one is the reference); their
    /// difference on 2000 Halton points is the estimate.
    static func boxReference(box: Box, axes: [Int], kinds: [BoundaryKind], op: SpectralOperator,
                             forcing: @escaping ([Double]) -> Double) throws -> Reference {
        let d = axes.count
        let base = d <= 2 ? 128 : (d == 3 ? 32 : 8)
        func counts(_ n: Int) -> [Int] { kinds.map { $0.count(powerOfTwo: n) } }
        func solve(_ n: Int) throws -> SpectralSeries {
            try SpectralBoxSolver(lower: axes.map { box.lower[$0] }, upper: axes.map { box.upper[$0] }, kinds: kinds,
                                  counts: counts(n), operator: op).solve(forcing: forcing)
        }
        let fine = try solve(2 * base), coarse = try solve(base)
        let probe = Collocation.interior(try Box(lower: axes.map { box.lower[$0] }, upper: axes.map { box.upper[$0] }),
                                         rule: .halton, counts: [2000], seed: 0).coordinates
        let estimate = ErrorNorms.relativeL2(coarse.values(at: probe), fine.values(at: probe))
        let names = kinds.map(\.rawValue).joined(separator: " × ")
        let modes = "\(counts(2 * base).map(String.init).joined(separator: "×")) modes"
        return Reference(description: "spectral \(op) solver (\(names)), \(modes)", method: "spectral-box", resolution: modes,
                         estimatedError: estimate, values: { fine.values(at: $0) },
                         onGrid: axes == Array(0..<box.dimension) ? { fine.values(onGrid: $0) } : nil)
    }

    static func chebyshevReference(box: Box, op: SpectralOperator, forcing: @escaping ([Double]) -> Double,
                                   boundary g: @escaping ([Double]) -> Double) throws -> Reference {
        if box.dimension == 1 {
            let solve = { (n: Int) throws -> ChebyshevInterpolant1D in
                try ChebyshevSolver1D(lower: box.lower[0], upper: box.upper[0], degree: n)
                    .solve(operator: op, forcing: { forcing([$0]) }, valueAtLower: g([box.lower[0]]), valueAtUpper: g([box.upper[0]]))
            }
            let fine = try solve(128), coarse = try solve(64)
            let xs = (0...400).map { box.lower[0] + box.length(0) * Double($0) / 400 }
            return Reference(description: "Chebyshev collocation, degree 128", method: "chebyshev", resolution: "degree 128",
                             estimatedError: ErrorNorms.relativeL2(coarse.values(at: xs), fine.values(at: xs)),
                             values: { fine.values(at: $0) })
        }
        let solve = { (n: Int) throws -> ChebyshevInterpolant2D in
            try ChebyshevSolver2D(lower: SIMD2(box.lower[0], box.lower[1]), upper: SIMD2(box.upper[0], box.upper[1]), degree: n)
                .solve(operator: op, forcing: { forcing([$0, $1]) }, boundary: { g([$0, $1]) })
        }
        let fine = try solve(64), coarse = try solve(48)
        let probe = Collocation.interior(box, rule: .halton, counts: [2000], seed: 0).coordinates
        return Reference(description: "Chebyshev collocation, degree 64 × 64", method: "chebyshev", resolution: "degree 64 × 64",
                         estimatedError: ErrorNorms.relativeL2(coarse.values(at: probe), fine.values(at: probe)),
                         values: { fine.values(at: $0) })
    }

    // MARK: - Time-dependent references

    static func chooseTimeDependent(_ file: ProblemFile, time: Int) throws -> Choice {
        let box = file.problem.domain
        let space = (0..<box.dimension).filter { $0 != time }
        guard file.pde.equations.count == 1, file.initial.count == 1, file.initial[0].kind == "value" else {
            return .none(reason: "time-dependent references need one equation and one initial value")
        }
        let equation = file.pde.equations[0], initial = file.initial[0].value
        let t0 = box.lower[time], horizon = box.length(time)
        /// (x…, t) in the file's variable order from the reference's (x…, t − t0).
        func reorder(_ points: [Double]) -> [Double] {
            let D = box.dimension
            var out = [Double](repeating: 0, count: points.count)
            for p in 0..<(points.count / D) {
                for (k, d) in space.enumerated() { out[p * D + k] = points[p * D + d] }
                out[p * D + D - 1] = points[p * D + time] - t0
            }
            return out
        }
        @Sendable func u0(_ x: [Double]) -> Double {
            var p = [Double](repeating: t0, count: box.dimension)
            for (k, d) in space.enumerated() { p[d] = x[k] }
            return initial.evaluate(p)
        }
        // Heat: u_t − κΔu = 0.
        if let form = equation.linearForm(in: box), let ut = form.coefficients[FieldChannel(.first(time))], ut != 0 {
            let lap = isotropicLaplacian(form, box: box, time: time)
            let others = form.coefficients.keys.filter { $0.channel != .first(time) && !isSecondDiagonal($0.channel) }
            let sourceFree = Collocation.interior(box, rule: .halton, counts: [64], seed: 0).coordinates.chunked(box.dimension)
                .allSatisfy { form.source($0) == 0 }
            guard let lap, lap / ut < 0, others.isEmpty, sourceFree,
                  let kinds = homogeneousKinds(file, box: box, spatial: space) else {
                return .none(reason: "a linear time-dependent equation other than u_t = κΔu with homogeneous faces")
            }
            let kappa = -lap / ut
            func make(_ n: Int) throws -> HeatReference {
                try HeatReference(lower: space.map { box.lower[$0] }, upper: space.map { box.upper[$0] }, kinds: kinds,
                                  counts: kinds.map { $0.count(powerOfTwo: n) },
                                  kappa: kappa, initial: u0)
            }
            let n = space.count == 1 ? 256 : (space.count == 2 ? 64 : 16)
            let fine = try make(2 * n), coarse = try make(n)
            let probe = reorder(Collocation.interior(box, rule: .halton, counts: [2000], seed: 0).coordinates)
            return .reference(Reference(description: "heat equation exact in time (κ = \(kappa)), \(2 * n) modes per axis",
                                        method: "heat-exact", resolution: "\(2 * n) modes per axis, exact in time",
                                        estimatedError: ErrorNorms.relativeL2(coarse.values(at: probe), fine.values(at: probe)),
                                        values: { fine.values(at: reorder($0)) },
                                        onGrid: time == box.dimension - 1 ? { g in fine.values(onGrid: Array(g.dropLast()), times: g.last!.map { $0 - t0 }) } : nil))
        }
        guard space.count == 1, let x = space.first else { return .none(reason: "nonlinear references are 1D in space") }
        if isPeriodic(file, box: box, x: x) {
            return try choosePeriodic(file, box: box, x: x, time: time, equation: equation, u0: { u0([$0]) }, reorder: reorder)
        }
        let faces = [Face(dimension: x, upper: false), Face(dimension: x, upper: true)]
        let dirichlet = file.boundaries.filter { $0.kind == "dirichlet" }
        guard file.boundaries.count == dirichlet.count, Set(dirichlet.flatMap(\.faces)) == Set(faces),
              let gl = constantValue(dirichlet.first { $0.faces.contains(faces[0]) }?.value),
              let gu = constantValue(dirichlet.first { $0.faces.contains(faces[1]) }?.value) else {
            return .none(reason: "nonlinear references need constant Dirichlet values at both ends")
        }
        let names = equation.jetInputs
        // Burgers: F = u_t + u·u_x − ν·u_xx exactly, on [−1, 1] with zero ends.
        if Set(names) == ["u", "u_\(box.variables[x])", "u_\(box.variables[time])", "u_\(box.variables[x])\(box.variables[x])"],
           let nu = burgersViscosity(equation, box: box, x: x, time: time) {
            guard box.lower[x] == -1, box.upper[x] == 1, gl == 0, gu == 0 else {
                return .none(reason: "the Burgers reference is for x ∈ [−1, 1] with u(±1) = 0")
            }
            let burgers = try Burgers1D(viscosity: nu, timeStep: horizon / 4000, horizon: horizon, initial: { u0([$0]) })
            let reference = try burgers.solve()
            return .reference(Reference(description: "Burgers ETDRK4 (Fourier, N = \(burgers.points), dt = \(burgers.timeStep)); estimated time error \(String(format: "%.1e", reference.estimatedTimeError)), space \(String(format: "%.1e", reference.estimatedSpaceError))",
                                        method: "burgers-etdrk4", resolution: "Fourier N = \(burgers.points), dt = \(burgers.timeStep)",
                                        estimatedError: reference.estimatedError, values: { reference.values(at: reorder($0)) },
                                        onGrid: time == 1 ? { g in reference.values(onGridX: g[0], times: g[1].map { $0 - t0 }) } : nil))
        }
        // Reaction–diffusion: F = u_t − ε·u_xx − R(u).
        if let (eps, reaction) = reactionDiffusion(equation, box: box, x: x, time: time) {
            let ac = try AllenCahn1D(diffusion: eps, timeStep: horizon / 800, horizon: horizon, lower: box.lower[x],
                                     upper: box.upper[x], valueAtLower: gl, valueAtUpper: gu, reaction: reaction,
                                     initial: { u0([$0]) })
            let reference = try ac.solve()
            return .reference(Reference(description: "reaction–diffusion ETDRK4 (Chebyshev N = \(ac.degree), dt = \(ac.timeStep)); estimated time error \(String(format: "%.1e", reference.estimatedTimeError)), space \(String(format: "%.1e", reference.estimatedSpaceError))",
                                        method: "reaction-diffusion-etdrk4", resolution: "Chebyshev N = \(ac.degree), dt = \(ac.timeStep)",
                                        estimatedError: reference.estimatedError, values: { reference.values(at: reorder($0)) },
                                        onGrid: time == 1 ? { g in reference.values(onGridX: g[0], times: g[1].map { $0 - t0 }) } : nil))
        }
        return .none(reason: "no reference solver for this nonlinear equation (Burgers and u_t = εu_xx + R(u) are supported)")
    }
}

private extension Array where Element == Double {
    func chunked(_ n: Int) -> [[Double]] { stride(from: 0, to: count, by: n).map { Array(self[$0..<($0 + n)]) } }
}
