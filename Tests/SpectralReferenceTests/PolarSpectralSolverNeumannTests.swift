import Foundation
import SpectralReference
import Testing

/// Neumann and Robin circles (boundary bordering) on manufactured solutions: the
/// spectral error is at round-off, ≤ 1e-10.
@Suite struct PolarSpectralSolverNeumannTests {
    typealias Field = (Double, Double) -> Double

    /// ∂u/∂n on a circle of `center` and radius `radius`, outward of the region:
    /// `sign` +1 on the outer circle, −1 on the inner one. ∇u from `grad`.
    static func normalDerivative(_ grad: @escaping (Double, Double) -> (Double, Double), center: [Double],
                                 radius: Double, sign: Double) -> Field {
        { x, y in
            let (ux, uy) = grad(x, y)
            return sign * (ux * (x - center[0]) + uy * (y - center[1])) / radius
        }
    }

    static func maxError(_ u: PolarInterpolant, _ exact: Field, center: [Double], inner: Double, outer: Double) -> Double {
        let points = PolarSpectralSolverTests.probe(center: center, inner: inner, outer: outer)
        return PolarSpectralSolverTests.maxError(u, exact, points)
    }

    @Test func poissonOnTheAnnulusWithNeumannOnTheHole() throws {
        // u = sin πx cos πy, −Δu = 2π²u; u = g outside, ∂u/∂n = h on r = 0.5.
        let exact: Field = { x, y in sin(Double.pi * x) * cos(Double.pi * y) }
        let dn = Self.normalDerivative({ x, y in (Double.pi * cos(Double.pi * x) * cos(Double.pi * y),
                                                  -Double.pi * sin(Double.pi * x) * sin(Double.pi * y)) },
                                       center: [0, 0], radius: 0.5, sign: -1)
        let solver = try PolarSpectralSolver(center: [0, 0], region: .annulus(inner: 0.5, outer: 1), degree: 32, angles: 48)
        let u = try solver.solve(operator: .poisson, forcing: { 2 * Double.pi * Double.pi * exact($0, $1) },
                                 boundary: { x, y in hypot(x, y) < 0.75 ? dn(x, y) : exact(x, y) },
                                 outer: .dirichlet, inner: .neumann)
        let e = Self.maxError(u, exact, center: [0, 0], inner: 0.5, outer: 1)
        #expect(e <= 1e-10, "max error \(e)")
    }

    @Test func helmholtzOnAnOffCentreAnnulusWithNeumannOnBothCircles() throws {
        // u = cos 4x sin 3y, −Δu − 16u = 9u; k = 4 is no Neumann eigenvalue of this annulus.
        let c = [0.2, -0.1]
        let exact: Field = { x, y in cos(4 * x) * sin(3 * y) }
        let grad = { (x: Double, y: Double) in (-4 * sin(4 * x) * sin(3 * y), 3 * cos(4 * x) * cos(3 * y)) }
        let outerData = Self.normalDerivative(grad, center: c, radius: 1.1, sign: 1)
        let innerData = Self.normalDerivative(grad, center: c, radius: 0.45, sign: -1)
        let solver = try PolarSpectralSolver(center: c, region: .annulus(inner: 0.45, outer: 1.1), degree: 36, angles: 64)
        let u = try solver.solve(operator: .helmholtz(k: 4), forcing: { 9 * exact($0, $1) },
                                 boundary: { x, y in hypot(x - c[0], y - c[1]) < 0.775 ? innerData(x, y) : outerData(x, y) },
                                 outer: .neumann, inner: .neumann)
        let e = Self.maxError(u, exact, center: c, inner: 0.45, outer: 1.1)
        #expect(e <= 1e-10, "max error \(e)")
    }

    @Test func screenedPoissonOnTheDiskWithRobin() throws {
        // u = exp(x) cos 2y: Δu = −3u, so −Δu + u = 4u; 2u + ∂u/∂n = g on the circle.
        let c = [0.3, -0.2], a = 0.7
        let exact: Field = { x, y in exp(x) * cos(2 * y) }
        let dn = Self.normalDerivative({ x, y in (exp(x) * cos(2 * y), -2 * exp(x) * sin(2 * y)) }, center: c, radius: a, sign: 1)
        let solver = try PolarSpectralSolver(center: c, region: .disk(radius: a), degree: 33, angles: 40)
        let u = try solver.solve(operator: .screenedPoisson(mu: 1), forcing: { 4 * exact($0, $1) },
                                 boundary: { x, y in 2 * exact(x, y) + dn(x, y) }, outer: .robin(alpha: 2, beta: 1))
        let e = Self.maxError(u, exact, center: c, inner: 0, outer: a)
        #expect(e <= 1e-10, "max error \(e)")
    }

    @Test func poissonOnTheDiskWithNeumannIsRefused() throws {
        let solver = try PolarSpectralSolver(center: [0, 0], region: .disk(radius: 1), degree: 21, angles: 16)
        #expect(throws: SpectralReferenceError.self) {
            try solver.solve(operator: .poisson, forcing: { _, _ in 0 }, boundary: { _, _ in 0 }, outer: .neumann)
        }
        #expect(throws: SpectralReferenceError.self) {
            try solver.solve(operator: .poisson, forcing: { _, _ in 0 }, boundary: { _, _ in 0 }, outer: .robin(alpha: 0, beta: 0))
        }
    }

    @Test func neumannOnTheHoleWithALogarithmicPart() throws {
        // log r² is harmonic and singular at the centre; a wrong sign of the inner
        // normal in the bordered rows would change the solution by far more than 1e-10.
        let exact: Field = { x, y in log(x * x + y * y) + x * x * y }
        let solver = try PolarSpectralSolver(center: [0, 0], region: .annulus(inner: 0.4, outer: 1.3), degree: 30, angles: 16)
        // ∂/∂n of log r² on r = 0.4 (outward = towards the centre) is −2/0.4; of x²y it is −3x²y/0.4.
        let u = try solver.solve(operator: .poisson, forcing: { _, y in -2 * y },
                                 boundary: { x, y in hypot(x, y) < 0.85 ? -(2 + 3 * x * x * y) / 0.4 : exact(x, y) },
                                 outer: .dirichlet, inner: .neumann)
        let e = Self.maxError(u, exact, center: [0, 0], inner: 0.4, outer: 1.3)
        #expect(e <= 1e-10, "max error \(e)")
    }
}
