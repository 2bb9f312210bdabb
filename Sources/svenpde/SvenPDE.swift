import ArgumentParser

/// `svenpde`: solve problems written as sets of conditions with a PINN trained by
/// Sven, and check the result against a spectral reference.
@main
struct SvenPDE: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "svenpde",
        abstract: "Solve PDE problems declared as residual conditions with PINNs trained by Sven.",
        discussion: """
            Examples:
              svenpde solve problems/poisson.toml
              svenpde solve problems/poisson.toml --max-steps 200 --output /tmp/poisson
            """,
        subcommands: [Solve.self, Check.self, ReferenceCommand.self, Compare.self, Fit.self, Bench.self],
        defaultSubcommand: nil
    )
}

/// A user-facing failure: one line on standard error, exit status 1, no stack trace.
struct UserError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
