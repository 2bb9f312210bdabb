import ArgumentParser
import Foundation

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

    /// Runs the chosen subcommand. A command line the parser or a `validate()`
    /// rejects (a missing value, a negative count, an unknown option) is bad input
    /// like any other: one line on standard error and exit status 1, not the usage
    /// text and EX_USAGE (64). Help and every other outcome are ArgumentParser's.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid command line"
            FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
            Foundation.exit(ExitStatus.badInput)
        }
    }
}

/// A user-facing failure: one line on standard error, exit status 1, no stack trace.
struct UserError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Limits shared by the subcommands' `validate()`: a value outside them is a typo,
/// refused with the option's name before anything runs.
enum OptionBounds {
    /// BLAS threads: 1 … 4 × the cores (at least 4, at most 256); more only oversubscribes.
    static let maxThreads = min(256, max(4, 4 * ProcessInfo.processInfo.activeProcessorCount))

    static func threads(_ t: Int?, option: String = "--threads") throws {
        guard let t else { return }
        guard t >= 1 && t <= maxThreads else {
            throw ValidationError("\(option) must be an integer from 1 to \(maxThreads) (4 × the \(ProcessInfo.processInfo.activeProcessorCount) cores), got \(t)")
        }
    }

    /// A count that must be ≥ `minimum`: "must be a positive integer" (minimum 1) or "a non-negative integer" (0).
    static func count(_ value: Int?, _ option: String, minimum: Int = 1) throws {
        guard let value, value < minimum else { return }
        throw ValidationError("\(option) must be a \(minimum == 0 ? "non-negative" : "positive") integer, got \(value)")
    }

    /// Seconds: finite, > 0 and at most 10⁹ (≈ 32 years).
    static func seconds(_ value: Double?, _ option: String) throws {
        guard let value else { return }
        guard value.isFinite && value > 0 && value <= 1e9 else {
            throw ValidationError("\(option) must be a number of seconds in (0, 1e9], got \(value)")
        }
    }
}
