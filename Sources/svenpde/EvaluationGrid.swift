import Foundation
import Residuals
import SpectralReference

/// Relative L2 errors of a solution on the evaluation grid.
struct SolutionErrors {
    var relL2Reference: Double?
    var relL2Exact: Double?
    var maxAbsReference: Double?
    /// The reference's own error against the exact solution, when both exist.
    var referenceVsExact: Double?

    /// The error to show while solving: against the reference, else the exact solution.
    var relL2: Double? { relL2Reference ?? relL2Exact }
}

/// The held-out grid on which a solution is judged, with the reference and exact
/// values on it.
struct EvaluationGrid {
    let points: PointSet
    /// The grid's coordinates along each dimension (the first varies fastest in `points`).
    let axes: [[Double]]
    let reference: [Double]?
    let exact: [Double]?
    /// The exact solution of every field on the grid, where `[exact]` gives it.
    let exactFields: [[Double]?]
    /// Index of the time variable, if any.
    let time: Int?
    let referenceDescription: String?
    let referenceSeconds: Double
    /// The reference's own estimated relative error, when it has one.
    private(set) var estimatedReferenceError: Double?
    /// What the solution was compared with, for summary.json (`reference`).
    private(set) var record = ReferenceRecord(method: "none")
    /// On a shape: whether each grid point lies strictly inside it. Outside, the
    /// exact solution and the reference are NaN, and errors are measured inside only.
    let inside: [Bool]?

    /// Points per axis of the evaluation grid — `[reference] grid`, else the
    /// box's dimension-aware default — the one choice `solve`, `check`,
    /// `reference` and `compare` all use.
    static func pointsPerAxis(_ file: ProblemFile) -> Int {
        file.reference?.grid ?? file.problem.domain.defaultEvaluationGridCount
    }

    /// Checks `[reference]` without computing it: "dst" needs −Δu = f on a 2D box
    /// with u = 0 on the whole boundary and a valid n.
    static func validateReference(_ file: ProblemFile) throws {
        guard let spec = file.reference, spec.method == "dst" else { return }
        let box = file.problem.domain
        let zeroBoundary = file.boundaries.allSatisfy { $0.kind == "dirichlet" && ReferenceChooser.isZero($0.value) && $0.pointsFile == nil }
            && (file.constraint.map { ReferenceChooser.isZero($0.g) } ?? true) && file.initial.isEmpty
        guard box.dimension == 2, box.time == nil, file.problem.geometry == nil, zeroBoundary, poissonSource(file) != nil else {
            throw file.error(at: "reference.method", "\"dst\" needs −Δu = f on a 2D box with u = 0 on the whole boundary; try \"auto\"")
        }
        do { try DirichletPoissonSolver2D.validate(field: "n", value: spec.n) } catch {
            throw file.error(at: "reference.n", "\(error)")
        }
    }

    /// The grid, the exact solution on it and the reference (unless
    /// `computeReference` is false). The caller has checked the memory budget
    /// (`MemoryPlan`), which covers the grid's pointsᴰ.
    init(file: ProblemFile, computeReference: Bool = true) throws {
        try Self.validateReference(file)
        let box = file.problem.domain
        let count = Self.pointsPerAxis(file)
        let axes = (0..<box.dimension).map { d in
            (0..<count).map { box.lower[d] + Double($0) * box.length(d) / Double(count - 1) }
        }
        let grid = Collocation.tensor(axes)
        points = grid
        self.axes = axes
        let inside = file.problem.geometry.map { g in (0..<grid.count).map { g.contains(Array(grid.point($0))) } }
        self.inside = inside
        func blank(_ v: [Double]) -> [Double] { inside.map { m in zip(v, m).map { $1 ? $0 : .nan } } ?? v }
        exactFields = file.exactFields.map { e in e.map { blank($0.evaluate(points: grid.coordinates, dimension: box.dimension)) } }
        exact = exactFields[0]
        time = box.time

        let against = file.exact == nil ? "no [exact] either, so no error is measured" : "errors are measured against [exact]"
        guard computeReference, let spec = file.reference, spec.method != "exact" else {
            reference = nil; referenceDescription = nil; referenceSeconds = 0
            if computeReference {
                record = ReferenceRecord(method: file.reference == nil ? "none" : "exact",
                                         reason: (file.reference == nil ? "the file has no [reference]; " : "[reference] method = \"exact\"; ") + against)
            }
            return
        }
        if spec.method == "auto" {
            let start = Date()
            let choice: ReferenceChooser.Choice
            do { choice = try ReferenceChooser.choose(file) } catch {
                throw file.error(at: "reference.method", "the reference solver failed: \(error)")
            }
            switch choice {
            case .reference(let r):
                reference = blank(r.values(onAxes: axes, points: grid))
                referenceSeconds = Date().timeIntervalSince(start)
                estimatedReferenceError = r.estimatedError
                record = ReferenceRecord(method: r.method, description: r.description, resolution: r.resolution,
                                         estimatedError: r.estimatedError, seconds: referenceSeconds)
                referenceDescription = r.description
                    + (r.estimatedError.map { String(format: "; estimated error %.1e", $0) } ?? "")
            case .none(let reason):
                reference = nil; referenceSeconds = 0
                referenceDescription = "no spectral reference applies (\(reason)); \(against)"
                record = ReferenceRecord(method: "none", reason: "no spectral reference applies (\(reason)); \(against)")
            }
            return
        }
        // "dst": −Δu = f on a 2D box with u = 0 on the whole boundary (validateReference checked it).
        guard let source = Self.poissonSource(file) else {
            throw file.error(at: "reference.method", "\"dst\" needs −Δu = f on a 2D box with u = 0 on the whole boundary; try \"auto\"")
        }
        let start = Date()
        do {
            let solver = try DirichletPoissonSolver2D(lower: SIMD2(box.lower[0], box.lower[1]),
                                                      upper: SIMD2(box.upper[0], box.upper[1]), n: spec.n)
            let series = try solver.solve { x, y in source([x, y]) }
            reference = series.values(onGridX: axes[0], y: axes[1])
        } catch {
            throw file.error(at: "reference.n", "\(error)")
        }
        referenceSeconds = Date().timeIntervalSince(start)
        referenceDescription = "DST-I sine series, n = \(spec.n) (n + 1 = \(spec.n + 1)), \(count)×\(count) grid"
        record = ReferenceRecord(method: "dst", description: referenceDescription, resolution: "n = \(spec.n) interior points per dimension",
                                 estimatedError: nil, seconds: referenceSeconds,
                                 estimateNote: "the DST solver makes no estimate: exact to round-off when f is a finite sine series, O(n⁻²) otherwise")
    }

    /// f of −Δu = f when the file's one equation is a Poisson equation (−c·Δu = g, c > 0, f = g/c).
    static func poissonSource(_ file: ProblemFile) -> (([Double]) -> Double)? {
        if let s = file.pde.poissonSource { return { s.evaluate($0) } }
        let box = file.problem.domain
        guard file.pde.equations.count == 1, let form = file.pde.equations[0].linearForm(in: box),
              let lap = ReferenceChooser.isotropicLaplacian(form, box: box, time: nil), lap < 0,
              form.coefficients.keys.allSatisfy({ $0.channel == .laplacian || ReferenceChooser.isSecondDiagonal($0.channel) })
        else { return nil }
        return { form.source($0) / -lap }
    }

    /// The values the first field is judged against: the reference, else the exact solution.
    var truth: (name: String, values: [Double])? {
        if let r = reference { return ("reference", r) }
        return exact.map { ("exact", $0) }
    }

    /// Relative L2 and max error of the first field per slice t = t_k of the time variable.
    func perTimeSlice(_ u: [Double]) -> [(t: Double, relL2: Double, maxAbs: Double)] {
        guard let time, let truth else { return [] }
        let counts = axes.map(\.count), stride = counts.prefix(time).reduce(1, *)
        // Point p (first variable fastest) lies on the time slice (p / stride) % counts[time].
        var a = [[Double]](repeating: [], count: counts[time]), b = a
        for p in 0..<points.count {
            let k = (p / stride) % counts[time]
            a[k].append(u[p])
            b[k].append(truth.values[p])
        }
        return axes[time].indices.map { k in (axes[time][k], ErrorNorms.relativeL2(a[k], b[k]), ErrorNorms.maxAbs(a[k], b[k])) }
    }

    func errors(of u: [Double]) -> SolutionErrors {
        var e = SolutionErrors()
        if let r = reference {
            e.relL2Reference = relativeL2(u, r)
            e.maxAbsReference = maxAbs(u, r)
        }
        if let x = exact {
            e.relL2Exact = relativeL2(u, x)
            if let r = reference { e.referenceVsExact = relativeL2(r, x) }
        }
        return e
    }

    // MARK: - Inside a shape

    /// The values at the grid points inside the shape (all of them on a box).
    func masked(_ v: [Double]) -> [Double] {
        guard let inside else { return v }
        return v.indices.filter { inside[$0] }.map { v[$0] }
    }

    /// The values with NaN outside the shape (unchanged on a box), for the files.
    func blanked(_ v: [Double]) -> [Double] {
        guard let inside else { return v }
        return zip(v, inside).map { $1 ? $0 : .nan }
    }

    /// ‖a − b‖₂/‖b‖₂ over the points inside.
    func relativeL2(_ a: [Double], _ b: [Double]) -> Double { ErrorNorms.relativeL2(masked(a), masked(b)) }

    /// max |a − b| over the points inside.
    func maxAbs(_ a: [Double], _ b: [Double]) -> Double { ErrorNorms.maxAbs(masked(a), masked(b)) }
}
