import Testing
import Foundation

/// The README's Swift code blocks are the files in examples/, verbatim, and those
/// programs (built with the package) run and print what the README says they do.
@Suite("README examples")
struct ReadmeExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The text of `examples/<name>/main.swift`.
    static func source(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("examples/\(name)/main.swift"), encoding: .utf8)
    }

    @Test(arguments: ["custom-condition", "least-squares", "point-condition"])
    func readmeShowsTheExampleVerbatim(name: String) throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("```swift\n" + (try Self.source(name)) + "```"),
                "README.md's block differs from examples/\(name)/main.swift")
    }

    /// The number printed after `label` in `text`.
    func number(after label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        return Double(text[range.upperBound...].prefix { !" ;,\n".contains($0) })
    }

    @Test func customConditionSolvesTheReactionProblem() throws {
        let run = try CLI.run([], executable: CLI.executable("example-custom-condition"))
        #expect(run.status == 0, "\(run.stderr)")
        let error = try #require(number(after: "max error ", in: run.stdout), "output: \(run.stdout)")
        #expect(error < 1e-6, "output: \(run.stdout)")
    }

    @Test func pointConditionsGiveTheInitialValueProblemsSolution() throws {
        let run = try CLI.run([], executable: CLI.executable("example-point-condition"))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("terms: Oscillator, u(0) = 0, u'(0) = 1"), "output: \(run.stdout)")
        // print(summary) is one short line, not the step history.
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 3 && lines[1].count < 300 && lines[1].contains(" steps: cost "), "output: \(run.stdout)")
        let error = try #require(number(after: "max error ", in: run.stdout), "output: \(run.stdout)")
        #expect(error < 1e-5, "output: \(run.stdout)")
    }

    @Test func leastSquaresRecoversTheParameters() throws {
        let run = try CLI.run([], executable: CLI.executable("example-least-squares"))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Jacobian check passes: true"), "output: \(run.stdout)")
        let a = try #require(number(after: "a = ", in: run.stdout), "output: \(run.stdout)")
        let b = try #require(number(after: "b = ", in: run.stdout), "output: \(run.stdout)")
        #expect(abs(a - 2) < 1e-12 && abs(b + 1.5) < 1e-12, "output: \(run.stdout)")
        #expect(run.stdout.contains("cost_threshold"), "output: \(run.stdout)")
    }
}
