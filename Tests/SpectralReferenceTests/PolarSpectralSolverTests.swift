import Foundation
import SpectralReference
import Testing

/// Manufactured solutions on the disk and the annulus: the spectral error is at round-off.
@Suite struct PolarSpectralSolverTests {
    /// Points spread over the region (a golden-angle spiral in the radius's range).
    static func probe(center: [Double], inner: Double, outer: Double, count: Int = 400) -> [Double] {
        (0..<count).flatMap { i -> [Double] in
            let r = inner + (outer - inner) * (Double(i) + 0.5) / Double(count)
            let phi = Double(i) * 2.399963229728653
            return [center[0] + r * cos(phi), center[1] + r * sin(phi)]
        }
    }

    static func maxError(_ u: PolarInterpolant, _ exact: (Double, Double) -> Double, _ points: [Double]) -> Double {
        stride(from: 0, to: points.count, by: 2).reduce(0) { max($0, abs(u.value(at: points[$1], points[$1 + 1]) - exact(points[$1], points[$1 + 1]))) }
    }

    @Test func poissonOnTheDiskIsExactToRoundOff() throws {
        let exact = { (x: Double, y: Double) in sin(Double.pi * x) * cos(Double.pi * y) }
        let solver = try PolarSpectralSolver(center: [0, 0], region: .disk(radius: 1), degree: 41, angles: 48)
        let u = try solver.solve(operator: .poisson, forcing: { 2 * Double.pi * Double.pi * exact($0, $1) }, boundary: exact)
        let e = Self.maxError(u, exact, Self.probe(center: [0, 0], inner: 0, outer: 1))
        #expect(e <= 1e-12, "max error \(e)")
    }

    @Test func helmholtzOnAnOffCentreDiskIsExactToRoundOff() throws {
        // u = exp(x) cos(2y): Δu = −3u, so −Δu − 4u = −u.
        let exact = { (x: Double, y: Double) in exp(x) * cos(2 * y) }
        let solver = try PolarSpectralSolver(center: [0.3, -0.2], region: .disk(radius: 0.7), degree: 33, angles: 40)
        let u = try solver.solve(operator: .helmholtz(k: 2), forcing: { -exact($0, $1) }, boundary: exact)
        let e = Self.maxError(u, exact, Self.probe(center: [0.3, -0.2], inner: 0, outer: 0.7))
        #expect(e <= 1e-12, "max error \(e)")
    }

    @Test func helmholtzOnTheAnnulusIsExactToRoundOff() throws {
        let exact = { (x: Double, y: Double) in cos(4 * x) * sin(3 * y) }
        let solver = try PolarSpectralSolver(center: [0, 0], region: .annulus(inner: 0.5, outer: 1), degree: 32, angles: 64)
        let u = try solver.solve(operator: .helmholtz(k: 4), forcing: { 9 * exact($0, $1) }, boundary: exact)
        let e = Self.maxError(u, exact, Self.probe(center: [0, 0], inner: 0.5, outer: 1))
        #expect(e <= 1e-12, "max error \(e)")
    }

    @Test func poissonOnTheAnnulusWithAHarmonicPartIsExactToRoundOff() throws {
        // log r is harmonic and singular at the centre, which the annulus excludes.
        let exact = { (x: Double, y: Double) in log(x * x + y * y) + x * x * y }
        let solver = try PolarSpectralSolver(center: [0, 0], region: .annulus(inner: 0.4, outer: 1.3), degree: 30, angles: 16)
        let u = try solver.solve(operator: .poisson, forcing: { _, y in -2 * y }, boundary: exact)
        let e = Self.maxError(u, exact, Self.probe(center: [0, 0], inner: 0.4, outer: 1.3))
        #expect(e <= 1e-12, "max error \(e)")
    }

    @Test func badSizesAreErrors() {
        #expect(throws: SpectralReferenceError.self) { try PolarSpectralSolver(center: [0, 0], region: .disk(radius: 1), degree: 40, angles: 32) }
        #expect(throws: SpectralReferenceError.self) { try PolarSpectralSolver(center: [0, 0], region: .disk(radius: 1), degree: 41, angles: 31) }
        #expect(throws: SpectralReferenceError.self) { try PolarSpectralSolver(center: [0, 0], region: .annulus(inner: 1, outer: 0.5), degree: 20, angles: 32) }
        #expect(throws: SpectralReferenceError.self) { try PolarSpectralSolver(center: [0, 0], region: .annulus(inner: 0.5, outer: 1), degree: 201, angles: 64) }
    }
}
