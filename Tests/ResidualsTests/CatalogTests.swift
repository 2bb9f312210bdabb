import Testing
import Foundation
import Residuals

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Every term's residuals with the jets of the exact solution (value, ∇, Hessian
/// by `SecondOrderJet`; orders 3 and 4 by differences of the Hessian): ≈ 0 when
/// the equation text means what it says.
func residualsOnExactSolution(_ file: ProblemFile) throws -> [(term: String, worst: Double)] {
    let box = file.problem.domain, D = box.dimension
    let exact = try file.exactFields.map { try #require($0, "the file has no exact solution for every field") }
    return file.problem.terms.map { term in
        let n = term.points.count
        var jet = [Double](repeating: 0, count: term.channels.count * n)
        for i in 0..<n {
            let x = Array(term.points.point(i))
            for (c, ch) in term.channels.enumerated() {
                let seeds = (0..<D).map { SecondOrderJet.variable(x[$0], index: $0, count: D) }
                let u = exact[ch.field].evaluate(seeds)
                func h(_ p: Int, _ q: Int) -> Double { u.hessian.isEmpty ? 0 : u.hessian[p * D + q] }
                switch ch.channel {
                case .value: jet[c * n + i] = u.value
                case .first(let d): jet[c * n + i] = u.gradient.isEmpty ? 0 : u.gradient[d]
                case .second(let p, let q): jet[c * n + i] = h(p, q)
                case .laplacian: jet[c * n + i] = (0..<D).reduce(0) { $0 + h($1, $1) }
                case .third, .fourth:
                    // Beyond SecondOrderJet: central differences (fourth-order stencils, h = 3·10⁻³)
                    // of the exact Hessian entry ∂_p∂_q along the remaining dimensions.
                    let alpha = ch.channel.dimensions!
                    func hessian(_ y: [Double]) -> Double {
                        let v = exact[ch.field].evaluate((0..<D).map { SecondOrderJet.variable(y[$0], index: $0, count: D) })
                        return v.hessian.isEmpty ? 0 : v.hessian[alpha[0] * D + alpha[1]]
                    }
                    func derivative(_ dims: ArraySlice<Int>, _ y: [Double]) -> Double {
                        guard let d = dims.last else { return hessian(y) }
                        let step = 3e-3
                        func at(_ k: Double) -> Double { var z = y; z[d] += k * step; return derivative(dims.dropLast(), z) }
                        return (at(-2) - 8 * at(-1) + 8 * at(1) - at(2)) / (12 * step)
                    }
                    jet[c * n + i] = derivative(alpha[2...], x)
                }
            }
        }
        var r = [Double](repeating: 0, count: term.rowCount)
        jet.withUnsafeBufferPointer { j in r.withUnsafeMutableBufferPointer { term.evaluate(jet: j, residuals: $0, partials: nil) } }
        return (term.name, r.reduce(0) { max($0, abs($1)) })
    }
}

@Suite("Catalog problem files")
struct CatalogTests {
    static let withExact = ["poisson", "poisson-hard", "poisson-deep", "heat", "poisson5d", "helmholtz", "biharmonic",
                            "disk-poisson", "annulus-helmholtz", "annulus-neumann", "lshape", "square-hole"]
    static let all = withExact + ["burgers", "allen-cahn", "burgers-nu001", "allen-cahn-periodic", "kdv"]

    @Test(arguments: all)
    func loads(_ name: String) throws {
        let file = try ProblemFile.load(path: repositoryRoot.appendingPathComponent("problems/\(name).toml").path)
        #expect(file.problem.residualCount > 0)
        #expect(!file.problem.terms.isEmpty)
    }

    /// No catalog problem needs a key that steers Sven's step (issue 14): a file may choose
    /// a method, never `step_control`, `scaled` or `rtol`.
    @Test func noCatalogFileSteersTheStep() throws {
        let folder = repositoryRoot.appendingPathComponent("problems")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }
        #expect(names.count >= Self.all.count)
        for name in names {
            let path = folder.appendingPathComponent(name).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8), !text.contains("[model]") else { continue }
            let file = try ProblemFile.load(path: path)
            #expect(file.solver.stepControl == nil && file.solver.scaled == nil && file.solver.rtol == nil,
                    "\(name) sets step_control, scaled or rtol")
        }
    }

    @Test(arguments: withExact)
    func residualVanishesOnTheExactSolution(_ name: String) throws {
        let file = try ProblemFile.load(path: repositoryRoot.appendingPathComponent("problems/\(name).toml").path)
        for (term, worst) in try residualsOnExactSolution(file) {
            // Derivatives of order 3 and 4 of the exact solution come from differences (about 1e-9 off).
            let tolerance = file.problem.channels.contains { $0.order > 2 && $0 != .laplacian } ? 1e-7 : 1e-9
            #expect(worst < tolerance, "\(name): term \(term) has residual \(worst) on the exact solution")
        }
    }
}
