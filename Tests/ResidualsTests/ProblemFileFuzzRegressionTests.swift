// The inputs that once crashed the fuzz-problem-file target (fuzz/regressions/, found by
// scripts/fuzz: two toml++ assertions, collocation grids sized past memory), replayed
// without the fuzzer: each must be refused with a located ProblemFileError.

import Foundation
import Testing
import Residuals

@Suite("Problem-file fuzz regressions")
struct ProblemFileFuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz/regressions/fuzz-problem-file")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func thereAreInputsToReplay() { #expect(Self.inputs.count >= 4) }

    @Test(arguments: inputs)
    func aCrashingInputIsRefusedCleanly(_ name: String) throws {
        let text = String(decoding: try Data(contentsOf: Self.directory.appendingPathComponent(name)), as: UTF8.self)
        #expect(throws: ProblemFileError.self) { _ = try ProblemFile.parse(text, file: name) }
    }
}
