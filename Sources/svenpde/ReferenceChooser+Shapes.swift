import Foundation
import Residuals
import SpectralReference

// MARK: - References on shapes

extension ReferenceChooser {
    /// On a shape (`[domain] shape`) the box solvers do not apply. On a disk or an
    /// annulus, −c·Δu + a·u = f (constant c > 0, a) with a Dirichlet, Neumann or
    /// Robin condition on every boundary part → `PolarSpectralSolver` (Chebyshev ×
    /// Fourier, the circles' conditions by boundary bordering), at two resolutions
    /// whose difference is the estimate. Poisson with Neumann data on every circle
    /// (u fixed only up to a constant) and elsewhere none (the CLI then measures
    /// against `[exact]` and says so).
    static func chooseOnShape(_ file: ProblemFile, shape: Geometry) throws -> Choice {
        guard let round = shape.roundRegion else {
            return .none(reason: "spectral references on shapes are for disks and annuli")
        }
        guard let (c, a, f) = steadyForm(file) else {
            return .none(reason: "the equation is not −c·Δu + a·u = f with constant c > 0, a")
        }
        let op: SpectralOperator = a / c == 0 ? .poisson : (a / c < 0 ? .helmholtz(k: (-a / c).squareRoot()) : .screenedPoisson(mu: a / c))
        // αu + β∂u/∂n = g on every part: from [[boundary]] tables (Dirichlet, Neumann,
        // Robin), or u = g from a constraint on its parts (the whole boundary without `on`).
        var conditionOf: [String: (value: MathExpression, condition: PolarSpectralSolver.CircleCondition)] = [:]
        for b in file.boundaries {
            guard ["dirichlet", "neumann", "robin"].contains(b.kind), let v = b.value, b.pointsFile == nil else {
                return .none(reason: "the polar reference needs a Dirichlet, Neumann or Robin condition on every boundary part")
            }
            for p in b.parts {
                guard conditionOf[p] == nil else { return .none(reason: "boundary part \"\(p)\" has two conditions") }
                conditionOf[p] = (v, .robin(alpha: b.alpha, beta: b.beta))
            }
        }
        if let constraint = file.constraint {
            guard let d = constraint.d as? DistanceFunction else {
                return .none(reason: "the polar reference needs the constraint's d from the shape (no d formula)")
            }
            // u = g exactly on the constraint's parts (all without `on`); a table there would be a second condition.
            for p in d.parts ?? shape.partNames {
                guard conditionOf[p] == nil || d.parts == nil else { return .none(reason: "boundary part \"\(p)\" has two conditions") }
                if conditionOf[p] == nil { conditionOf[p] = (constraint.g, .dirichlet) }
            }
        }
        let names = shape.partNames
        guard names.allSatisfy({ conditionOf[$0] != nil }) else {
            return .none(reason: "the polar reference needs a condition on every boundary part (\(names.joined(separator: ", ")))")
        }
        let center = round.center
        // Annulus parts: the outer circle first, then the hole (Geometry.rawParts order).
        let outer = conditionOf[names[0]]!, inner = names.count > 1 ? conditionOf[names[1]] : nil
        if op == .poisson, outer.condition.alpha == 0, inner.map({ $0.condition.alpha == 0 }) ?? true {
            return .none(reason: "−Δu with Neumann data on every circle fixes u only up to a constant")
        }
        let g: (Double, Double) -> Double = { x, y in
            let rho = hypot(x - center[0], y - center[1])
            if let r = round.inner, let inner, abs(rho - r) < abs(rho - round.outer) { return inner.value.evaluate([x, y]) }
            return outer.value.evaluate([x, y])
        }
        let region: PolarSpectralSolver.Region = round.inner.map { .annulus(inner: $0, outer: round.outer) } ?? .disk(radius: round.outer)
        let (fine, coarse) = round.inner == nil ? ((41, 48), (31, 36)) : ((32, 64), (24, 48))
        func solve(_ size: (Int, Int)) throws -> PolarInterpolant {
            try PolarSpectralSolver(center: center, region: region, degree: size.0, angles: size.1)
                .solve(operator: op, forcing: { f([$0, $1]) / c }, boundary: g,
                       outer: outer.condition, inner: inner?.condition ?? .dirichlet)
        }
        let u = try solve(fine), v = try solve(coarse)
        let probe = try shape.interiorPoints(rule: .halton, counts: [2000], seed: 0).coordinates
        let estimate = ErrorNorms.relativeL2(v.values(at: probe), u.values(at: probe))
        let kind = round.inner == nil ? "disk" : "annulus"
        return .reference(Reference(description: "Chebyshev × Fourier \(op) solver on the \(kind), \(fine.0) × \(fine.1) nodes",
                                    estimatedError: estimate, values: { u.values(at: $0) }))
    }

    /// (c, a, f) when the one equation is −c·Δu + a·u = f with constant c > 0 and a.
    static func steadyForm(_ file: ProblemFile) -> (Double, Double, ([Double]) -> Double)? {
        guard file.problem.fields.count == 1 else { return nil }
        if let s = file.pde.poissonSource { return (1, 0, { s.evaluate($0) }) }
        let box = file.problem.domain
        guard file.pde.equations.count == 1, let form = file.pde.equations[0].linearForm(in: box),
              let lap = isotropicLaplacian(form, box: box, time: nil), lap < 0,
              form.coefficients.keys.allSatisfy({ [.value, .laplacian].contains($0.channel) || isSecondDiagonal($0.channel) })
        else { return nil }
        return (-lap, form.coefficient(.value), { form.source($0) })
    }
}
