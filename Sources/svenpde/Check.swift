import ArgumentParser
import Foundation
import PINN
import Residuals
import SeededRandom
import SvenSolver

/// `svenpde check FILE`: validate a problem file and check its Jacobian, without solving.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a problem file and check the residual Jacobian against central differences.",
        discussion: """
            Reads and checks the file (every mistake is reported with its line and
            column), builds the network and the conditions, prints what will be
            solved, and compares the Jacobian at the initial weights with central
            differences on a seeded sample of parameters. Runs every check `solve`
            makes before training — network, method and options, hard constraint,
            reference settings, memory budget — so a valid file is one `solve` will
            start. Exits 1 when the file is invalid or the Jacobian check fails, 2
            when the residuals are not finite at the initial weights (naming the
            term). The reference is validated, not computed.

            Examples:
              svenpde check problems/burgers.toml
              svenpde check problems/poisson.toml --parameters 257
            """
    )

    @Argument(help: "The problem file (TOML).")
    var file: String

    @Option(parsing: .unconditional, help: "How many parameters to difference (seeded sample; default 64).")
    var parameters: Int = 64

    @Option(parsing: .unconditional, help: "Tolerance of the worst row-relative error.")
    var tolerance: Double = 1e-6

    @Option(help: "Check the setup of this optimizer, as `solve --method` would use it (default: [solver] method).")
    var method: Method?

    @OptionGroup var memory: MemoryBudgetOption

    func validate() throws {
        if parameters < 1 { throw ValidationError("--parameters must be a positive integer, got \(parameters)") }
        if !(tolerance > 0 && tolerance.isFinite) { throw ValidationError("--tolerance must be a finite number > 0, got \(tolerance)") }
    }

    func run() throws {
        try reportingErrors {
            if FitFile.isFitFile(path: file) {
                let f = try FitFile.load(path: file)
                say("\(file): a data fit of \(f.responses.count) observations, parameters \(f.parameterNames.joined(separator: ", ")); valid")
                return
            }
            let spec = try ProblemFile.load(path: file)
            // Everything `solve` checks before training (the reference is validated, not computed).
            let setup = try SolveSetup(file: spec, method: method, budget: memory.budget,
                                       computeReference: false, jacobianCheck: true)
            let problem = spec.problem
            say("\(file): \(spec.name) — valid")
            say("  domain \(problem.domain.variables.enumerated().map { "\($1) ∈ [\(problem.domain.lower[$0]), \(problem.domain.upper[$0])]" }.joined(separator: ", "))"
                + (problem.domain.time.map { "; time \(problem.domain.variables[$0])" } ?? ""))
            say("  fields \(problem.fields.joined(separator: ", ")); jet channels \(problem.channels.map { Self.userName(FieldChannel(field: 0, $0), problem) }.joined(separator: ", "))")
            for (t, o) in zip(problem.terms, problem.termOffsets) {
                say("  term \(t.name): \(t.rowCount) residuals (rows \(o)…\(o + t.rowCount - 1)), reads \(t.channels.map { Self.userName($0, problem) }.joined(separator: ", "))")
            }
            say("  network \(setup.network.widths.map(String.init).joined(separator: "-")) (\(setup.network.activation.rawValue), \(setup.network.parameterCount) parameters); method \(setup.method.rawValue)")
            say("  memory: \(setup.memory.summary) estimated, within the budget \(memory.budget.description)")
            let system = PINNSystem(problem: problem, network: setup.network, constraints: setup.constraints)
            let P = system.parameterCount
            var pool = Array(0..<P), g = SeededGenerator(seed: 0)
            for i in stride(from: P - 1, to: 0, by: -1) { pool.swapAt(i, Int(g.nextUniform() * Double(i + 1))) }
            let columns = Array(pool.prefix(min(parameters, P))).sorted()
            if let bad = NonFiniteResiduals.describe(system, problem: problem, at: setup.initialParameters) {
                throw ExitStatus.end(ExitStatus.nothingUsable, "\(file): the residuals at the initial parameters are not finite: \(bad)")
            }
            let report = JacobianCheck.run(system, at: setup.initialParameters, columns: columns)
            let line = String(format: "  Jacobian check (%d of %d parameters, central differences): worst row-relative error %.2e at residual %d, parameter %d (analytic %.6e, differenced %.6e)",
                              columns.count, P, report.worstRelativeError, report.worstResidual, report.worstParameter,
                              report.analytic, report.finiteDifference)
            say(line)
            guard report.passes(tolerance: tolerance) else {
                let term = Array(zip(problem.terms, problem.termOffsets)).last { $0.1 <= report.worstResidual }
                throw UserError("Jacobian check failed\(term.map { " in term \($0.0.name) (its row \(report.worstResidual - $0.1))" } ?? ""): "
                                + "worst row-relative error \(report.worstRelativeError) > tolerance \(tolerance)")
            }
        }
    }

    /// A jet channel as the file writes it: the field's name, then the variables
    /// differentiated by (`u_t`, `u_xx`, `v_xy`), or `lap(u)`.
    static func userName(_ c: FieldChannel, _ problem: Problem) -> String {
        let field = problem.fields.indices.contains(c.field) ? problem.fields[c.field] : "field\(c.field)"
        switch c.channel {
        case .value: return field
        case .laplacian: return "lap(\(field))"
        default:
            let names = problem.domain.variables
            return field + "_" + c.channel.dimensions!.map { names.indices.contains($0) ? names[$0] : String($0) }.joined()
        }
    }
}
