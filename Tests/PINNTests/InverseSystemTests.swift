#if canImport(Glibc)
import Glibc
#endif
import Testing
import LinearAlgebra
import Residuals
import SvenSolver
@testable import PINN

/// Inverse problems: the unknowns' Jacobian columns, their parametrisation, and
/// a small identification run.
@Suite("Inverse problems")
struct InverseSystemTests {
    /// u_t = κ u_xx on [0, 1] × [0, 0.5] with κ unknown, observations of
    /// u = e^(−κ*π² t) sin(πx) at scattered points, u = 0 on x = 0, 1 and the
    /// initial condition: everything of the heat inverse problem, small.
    static func heat(kappa truth: Double, unknowns: [Unknown], interior: Int = 6, data: Int = 24,
                     widths: [Int] = [2, 6, 1]) throws -> InverseSystem {
        let box = try Box(lower: [0, 0], upper: [1, 0.5], variables: ["x", "t"], time: "t")
        let values = UnknownValues(names: unknowns.map(\.name), values: unknowns.map(\.initial))
        let names = unknowns.map(\.name)
        let rhs = names.count == 1 ? "\(names[0])*u_xx" : "\(names[0])*u_xx + \(names[1])*u"
        let equation = try Equation("u_t = \(rhs)", variables: ["x", "t"], fields: ["u"], time: 1, unknowns: names)
        var xs: [Double] = []
        for i in 0..<interior { for j in 0..<interior { xs += [(Double(i) + 0.5) / Double(interior), 0.5 * (Double(j) + 0.5) / Double(interior)] } }
        let pde = EquationTerm(equation: equation, points: PointSet(dimension: 2, coordinates: xs), unknowns: values)
        var obs: [Double] = [], target: [Double] = []
        for k in 0..<data {
            let x = (Double(k * 7 % data) + 0.3) / Double(data), t = 0.5 * (Double(k) + 0.5) / Double(data)
            obs += [x, t]
            target.append(exp(-truth * Double.pi * Double.pi * t) * sin(Double.pi * x))
        }
        let dataTerm = ChannelTerm(name: "data", points: PointSet(dimension: 2, coordinates: obs),
                                   channel: FieldChannel(field: 0, .value), target: target)
        let problem = Problem(name: "heat-inverse", domain: box, terms: [pde, dataTerm])
        return InverseSystem(system: PINNSystem(problem: problem, network: MLP(widths: widths)), unknowns: unknowns,
                             values: values)
    }

    @Test("the unknowns' columns ∂r/∂z match central differences, with and without bounds")
    func jacobianColumns() throws {
        for unknowns in [[Unknown("kappa", initial: 0.05)],
                         [Unknown("kappa", initial: 0.05, lower: 0)],
                         [Unknown("kappa", initial: 0.05, lower: 0, upper: 1), Unknown("c", initial: -0.3, upper: 2)]] {
            let system = try Self.heat(kappa: 0.1, unknowns: unknowns)
            var theta = system.initialParameters(network: system.network.network.initialParameters(seed: 3))
            theta[theta.count - 1] += 0.2
            let P = system.network.parameterCount
            let report = JacobianCheck.run(system, at: theta, columns: Array(0..<system.parameterCount))
            #expect(report.passes(tolerance: 1e-6), "\(unknowns.map(\.name)): \(report)")
            // The unknowns' columns are not zero on the equation rows and zero on the data rows.
            var jt = Matrix(rows: system.parameterCount, cols: system.residualCount)
            var r = [Double](repeating: 0, count: system.residualCount)
            system.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt)
            #expect((0..<36).contains { jt[P, $0] != 0 })
            #expect((36..<system.residualCount).allSatisfy { jt[P, $0] == 0 })
        }
    }

    @Test("λ(z) keeps the bounds, starts at the initial value, and dλ/dz is its derivative")
    func parametrisation() {
        for u in [Unknown("a", initial: -0.02), Unknown("a", initial: 0.01, lower: 0), Unknown("a", initial: 3, upper: 5),
                  Unknown("a", initial: 0.2, lower: -1, upper: 1), Unknown("a", initial: 0)] {
            #expect(u.problem == nil)
            #expect(abs(u.value(u.initialParameter) - u.initial) <= 1e-15 * max(1, abs(u.initial)))
            for z in [-30.0, -2, 0.3, 4, 40] {
                let v = u.value(z)
                if let l = u.lower { #expect(v >= l) }
                if let h = u.upper { #expect(v <= h) }
                if abs(z) < 10 {
                    let d = (u.value(z + 1e-6) - u.value(z - 1e-6)) / 2e-6
                    #expect(abs(u.slope(z) - d) <= 1e-7 * max(1, abs(d)), "\(u) at z = \(z)")
                }
            }
        }
        #expect(Unknown("a", initial: 0, lower: 0).problem != nil)
        #expect(Unknown("a", initial: 1, lower: 2, upper: 1).problem != nil)
        #expect(Unknown("a", initial: .nan).problem != nil)
    }

    @Test("κ of the heat equation is identified from exact data, with a standard error that covers the truth")
    func identifiesKappa() throws {
        let system = try Self.heat(kappa: 0.1, unknowns: [Unknown("kappa", initial: 0.05, lower: 0)],
                                   interior: 8, data: 40, widths: [2, 12, 1])
        var lm = LevenbergMarquardt()
        let start = system.initialParameters(network: system.network.network.initialParameters(seed: 0))
        let (theta, _) = try LeastSquaresDriver.solve(system, from: start, optimizer: &lm,
                                                      stopping: StoppingCriteria(maxSteps: 300))
        let e = try system.estimate(at: theta)
        #expect(e.names == ["kappa"])
        #expect(abs(e.values[0] - 0.1) < 5e-3, "κ = \(e.values[0]) ± \(e.standardErrors[0])")
        #expect(e.standardErrors[0].isFinite && e.standardErrors[0] > 0)
        // Measured here: κ − 0.1 = −2.4e-5 (rank 50 of 104 rows, 38 degrees of freedom).
        #expect(abs(e.values[0] - 0.1) <= 3 * e.standardErrors[0], "κ = \(e.values[0]) ± \(e.standardErrors[0])")
        // The 40 data rows estimate the noise; the conditions fix all but a few directions.
        #expect(e.degreesOfFreedom > 0 && e.degreesOfFreedom <= 40, "dof \(e.degreesOfFreedom)")
    }
}
