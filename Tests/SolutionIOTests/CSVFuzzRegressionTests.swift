// The inputs that once crashed the fuzz-csv target (fuzz/regressions/: a quote or a CR
// in the header reached CSVTable's precondition), replayed without the fuzzer: each is
// read as a table or refused with an error, never a trap.

import Foundation
import Testing
import SolutionIO

@Suite("CSV fuzz regressions")
struct CSVFuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz/regressions/fuzz-csv")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func thereAreInputsToReplay() { #expect(Self.inputs.count >= 2) }

    @Test(arguments: inputs)
    func aCrashingInputIsReadOrRefused(_ name: String) throws {
        let text = String(decoding: try Data(contentsOf: Self.directory.appendingPathComponent(name)), as: UTF8.self)
        if let table = try? CSVTable.parse(text, path: name) {
            #expect(table.rows.allSatisfy { $0.count == table.columnNames.count })
        }
    }
}
