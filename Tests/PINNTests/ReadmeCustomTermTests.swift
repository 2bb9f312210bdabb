import Testing
import Foundation
import PINN
import Residuals
import SvenSolver

// The condition of the README's custom-condition example (examples/custom-condition,
// built and run by Tests/CLITests/ReadmeExamplesTests.swift): its ∂r/∂jet from dual
// numbers checked against central differences.

struct Reaction: PointwiseCondition {                 // −u″ + u³ = f on (0, 1), u* = sin πx
    let channels = [FieldChannel(.second(0, 0)), FieldChannel(.value)]
    func residual<S: ExpressionScalar>(x: [Double], jet: [S]) -> S {
        let s = sin(Double.pi * x[0])
        return -jet[0] + jet[1] * jet[1] * jet[1] - S(Double.pi * Double.pi * s + s * s * s)
    }
}

@Test func customTermPartialsMatchFiniteDifferences() throws {
    let line = try Box(lower: [0], upper: [1])
    let term = CustomTerm(condition: Reaction(), points: Collocation.interiorGrid(line, counts: [5]), weight: 0.3)
    let jet = (0..<10).map { 0.2 * Double($0) - 0.7 }
    var r = [Double](repeating: 0, count: 5), p = [Double](repeating: 0, count: 10)
    jet.withUnsafeBufferPointer { j in r.withUnsafeMutableBufferPointer { rp in p.withUnsafeMutableBufferPointer { term.evaluate(jet: j, residuals: rp, partials: $0) } } }
    for k in 0..<10 {
        var a = jet, b = jet
        a[k] += 1e-6; b[k] -= 1e-6
        var ra = r, rb = r
        a.withUnsafeBufferPointer { j in ra.withUnsafeMutableBufferPointer { term.evaluate(jet: j, residuals: $0, partials: nil) } }
        b.withUnsafeBufferPointer { j in rb.withUnsafeMutableBufferPointer { term.evaluate(jet: j, residuals: $0, partials: nil) } }
        #expect(abs((ra[k % 5] - rb[k % 5]) / 2e-6 - p[k]) < 1e-8)
    }
}
