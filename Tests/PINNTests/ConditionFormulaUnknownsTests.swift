import Testing
import LinearAlgebra
import Residuals
import SvenSolver
@testable import PINN

/// `[unknowns]` read by the α, β and value formulas of boundary and initial
/// conditions (`FormulaConditionTerm`): their Jacobian columns against central
/// differences, on a box in space × time and on a shape.
@Suite("Unknowns in condition formulas")
struct ConditionFormulaUnknownsTests {
    /// Robin with α = h, β = b (both unknown) and data reading A, h, b; Dirichlet
    /// reading A; an initial value reading A, h and an initial rate reading A.
    static let spaceTime = """
        [domain]
        lower = [0, 0]
        upper = [1, 0.5]
        variables = ["x", "t"]
        time = "t"
        [unknowns]
        h = { initial = 1.5, lower = 0 }
        A = 0.8
        b = { initial = 1.2, lower = 0.5, upper = 3 }
        [pde]
        equation = "u_t - u_xx = 0"
        count = [4, 4]
        [[boundary]]
        kind = "robin"
        on = ["x=0"]
        alpha = "h"
        beta = "b"
        value = "A*h*exp(-t) + b*t"
        count = 5
        [[boundary]]
        on = ["x=1"]
        value = "A*cos(t)"
        count = 5
        [[initial]]
        value = "A*sin(pi*x) + h*x"
        count = 6
        [[initial]]
        kind = "rate"
        value = "-A*pi^2*sin(pi*x)"
        count = 4
        [network]
        hidden = [5]
        """

    /// A disk with Robin α = h(1 + x²) on its circle (outward normals of the shape).
    static let disk = """
        [domain]
        shape = "disk(0, 0, 1)"
        [unknowns]
        h = 2.0
        g = -0.5
        [pde]
        equation = "-(u_xx + u_yy) = 1"
        count = [5, 5]
        [[boundary]]
        kind = "robin"
        alpha = "h*(1 + x^2)"
        beta = 1
        value = "g*y + h"
        count = 9
        [network]
        hidden = [4]
        """

    static func system(_ text: String, hidden: Int) throws -> InverseSystem {
        let file = try ProblemFile.parse(text, file: "formulas.toml")
        let values = try #require(file.unknownValues)
        let D = file.problem.domain.dimension
        return InverseSystem(system: PINNSystem(problem: file.problem, network: MLP(widths: [D, hidden, 1])),
                             unknowns: file.unknowns, values: values)
    }

    /// Column k of J for unknown k, and its central difference in z with step s:
    /// truncation s²/6·|∂³r/∂z³| ≈ 2e-9 and rounding ε|r|/s ≈ 2e-12 at s = 1e-4, so
    /// agreement to 1e-7·(1 + |J_ik|) is what a correct column meets; a missing
    /// term (∂α/∂λ·u, ∂β/∂λ·∂u/∂n, ∂g/∂λ) is off by the size of u, w·u ≈ 0.1.
    static func checkUnknownColumns(_ system: InverseSystem, at theta: [Double]) -> [[Double]] {
        let P = system.network.parameterCount, Q = system.parameterCount, m = system.residualCount
        var jt = Matrix(rows: Q, cols: m), r = [Double](repeating: 0, count: m)
        system.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt)
        var columns: [[Double]] = []
        for k in 0..<(Q - P) {
            let s = 1e-4
            var plus = theta, minus = theta, rp = r, rm = r
            plus[P + k] += s
            minus[P + k] -= s
            system.fillResiduals(at: plus, into: &rp)
            system.fillResiduals(at: minus, into: &rm)
            let column = (0..<m).map { jt[P + k, $0] }
            for i in 0..<m {
                let fd = (rp[i] - rm[i]) / (2 * s)
                #expect(abs(column[i] - fd) <= 1e-7 * (1 + abs(column[i])),
                        "unknown \(system.unknowns[k].name), row \(i): J \(column[i]), central difference \(fd)")
            }
            columns.append(column)
        }
        return columns
    }

    @Test("∂r/∂z of unknowns in α, β, value and initial formulas match central differences, term by term")
    func unknownColumnsOnABoxInSpaceTime() throws {
        let system = try Self.system(Self.spaceTime, hidden: 5)
        var theta = system.initialParameters(network: system.network.network.initialParameters(seed: 4))
        let P = system.network.parameterCount
        theta[P] += 0.1; theta[P + 1] -= 0.2; theta[P + 2] += 0.3
        #expect(system.unknowns.map(\.name) == ["A", "b", "h"])
        let columns = Self.checkUnknownColumns(system, at: theta)
        // Which term reads which unknown: rows of terms that read it are not all
        // zero, the others are exactly zero.
        let problem = system.network.problem, offsets = problem.termOffsets
        let reads: [String: Set<String>] = ["pde": [], "boundary[0]": ["A", "b", "h"], "boundary[1]": ["A"],
                                            "initial[0]": ["A", "h"], "initial[1]": ["A"]]
        for (t, term) in problem.terms.enumerated() {
            let rows = offsets[t]..<(offsets[t] + term.rowCount)
            let expected = try #require(reads[term.name], "term \(term.name)")
            for (k, u) in system.unknowns.enumerated() {
                let nonzero = rows.contains { columns[k][$0] != 0 }
                #expect(nonzero == expected.contains(u.name), "term \(term.name), unknown \(u.name)")
            }
        }
        // The network's columns of the formula terms (∂r/∂u = wα, ∂r/∂u_n = wβn) too.
        let report = JacobianCheck.run(system, at: theta, columns: Array(0..<system.parameterCount))
        #expect(report.passes(tolerance: 1e-6), "\(report)")
    }

    @Test("on a shape, an unknown Robin coefficient and value have exact columns along the outward normals")
    func unknownColumnsOnAShape() throws {
        let system = try Self.system(Self.disk, hidden: 4)
        let theta = system.initialParameters(network: system.network.network.initialParameters(seed: 1))
        let columns = Self.checkUnknownColumns(system, at: theta)
        #expect(columns.allSatisfy { c in c.contains { $0 != 0 } })
        let report = JacobianCheck.run(system, at: theta, columns: Array(0..<system.parameterCount))
        #expect(report.passes(tolerance: 1e-6), "\(report)")
    }

    /// The term's residual is α u + β ∂u/∂n − g with the formulas at the current λ.
    @Test("the formula term's residual is α·u + β·∂u/∂n − g at the current unknowns")
    func residualOfTheFormulaTerm() throws {
        let values = UnknownValues(names: ["h", "A"], values: [2, 3])
        let inputs = ["x", "t", "h", "A"]
        let term = FormulaConditionTerm(name: "robin", points: PointSet(dimension: 2, coordinates: [0, 0.25, 1, 0.5]),
                                        alpha: try MathExpression("h", variables: inputs),
                                        beta: try MathExpression("1 + t", variables: inputs),
                                        value: try MathExpression("A*t", variables: inputs),
                                        normals: [-1, 1], dimensions: [0], unknowns: values, weight: 1)
        #expect(term.channels == [FieldChannel(field: 0, .value), FieldChannel(field: 0, .first(0))])
        // jet: u = (0.5, -1), u_x = (4, 2).
        let jet: [Double] = [0.5, -1, 4, 2]
        var r = [Double](repeating: 0, count: 2), p = [Double](repeating: 0, count: 4), dl = [Double](repeating: 0, count: 4)
        jet.withUnsafeBufferPointer { j in
            r.withUnsafeMutableBufferPointer { rr in p.withUnsafeMutableBufferPointer { term.evaluate(jet: j, residuals: rr, partials: $0) } }
            dl.withUnsafeMutableBufferPointer { term.unknownPartials(jet: j, into: $0) }
        }
        // point 0: 2·0.5 + 1.25·(−4) − 0.75 = −4.75; point 1: 2·(−1) + 1.5·2 − 1.5 = −0.5.
        #expect(abs(r[0] + 4.75) < 1e-14 && abs(r[1] + 0.5) < 1e-14, "\(r)")
        #expect(p == [2, 2, -1.25, 1.5])
        // ∂r/∂h = u, ∂r/∂A = −t.
        #expect(dl == [0.5, -1, -0.25, -0.5])
        values.set([1, 0])
        jet.withUnsafeBufferPointer { j in r.withUnsafeMutableBufferPointer { term.evaluate(jet: j, residuals: $0, partials: nil) } }
        #expect(abs(r[0] - (0.5 - 5)) < 1e-14 && abs(r[1] - (-1 + 3)) < 1e-14, "\(r)")
    }
}
