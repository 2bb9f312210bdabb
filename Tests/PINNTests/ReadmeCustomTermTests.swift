import Testing
import Foundation
import PINN
import Residuals
import SvenSolver

// The README's custom-condition example, kept compiling and correct here: the
// README shows the struct and the body of `solveReaction` (unindented) verbatim,
// which `readmeShowsThisExample` checks.

// BEGIN README EXAMPLE
struct Reaction: PointwiseCondition {                 // −u″ + u³ = f on (0, 1), u* = sin πx
    let channels = [FieldChannel(.second(0, 0)), FieldChannel(.value)]
    func residual<S: ExpressionScalar>(x: [Double], jet: [S]) -> S {
        let s = sin(Double.pi * x[0])
        return -jet[0] + jet[1] * jet[1] * jet[1] - S(Double.pi * Double.pi * s + s * s * s)
    }
}
// END README EXAMPLE

func solveReaction() throws -> (u: [Double], summary: Summary) {
    // BEGIN README BODY
    let line = try Box(lower: [0], upper: [1])
    let problem = Problem(name: "reaction", domain: line, terms: [
        CustomTerm(condition: Reaction(), points: Collocation.interiorGrid(line, counts: [40])),
        DirichletTerm(points: Collocation.perimeter(line, count: 2), target: [0, 0])])
    let network = MLP(widths: [1, 16, 1], activation: .tanh)
    var sven = Sven()
    let (theta, summary) = try LeastSquaresDriver.solve(PINNSystem(problem: problem, network: network),
        from: network.initialParameters(seed: 0), optimizer: &sven, stopping: .init(maxSteps: 300))
    let u = network.evaluate(theta, at: Collocation.interiorGrid(line, counts: [99]))   // u at x = 0.01…0.99
    // END README BODY
    return (u, summary)
}

/// The README's code block: the import line, the struct, then the body unindented.
func readmeExampleText() throws -> String {
    let source = try String(contentsOfFile: #filePath, encoding: .utf8)
    func between(_ a: String, _ b: String) -> [Substring] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let start = lines.firstIndex { $0.hasSuffix(a) }! + 1, end = lines.firstIndex { $0.hasSuffix(b) }!
        return Array(lines[start..<end])
    }
    let body = between("BEGIN README BODY", "END README BODY").map { $0.dropFirst(4) }
    return (["import Foundation, PINN, Residuals, SvenSolver", ""] + between("BEGIN README EXAMPLE", "END README EXAMPLE") + body)
        .joined(separator: "\n")
}

@Test func readmeShowsThisExampleInUnderTwentyLines() throws {
    let text = try readmeExampleText()
    #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count < 20)
    let readme = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md").path, encoding: .utf8)
    #expect(readme.contains("```swift\n" + text + "\n```"), "README.md's custom-condition example differs from the tested one")
}

@Test func readmeCustomConditionSolvesTheReactionProblem() throws {
    let (u, summary) = try solveReaction()
    let error = zip(u, (1...99).map { sin(Double.pi * Double($0) / 100) }).map { abs($0 - $1) }.max()!
    #expect(error < 1e-6, "max error \(error), \(summary.termination)")
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
