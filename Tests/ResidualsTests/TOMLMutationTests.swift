// TOMLMutationTests.swift — seeded random edits of a catalog file, aimed at the characters TOML
// cares about: whatever the checker lets through, TOMLKit must parse or reject cleanly (a toml++
// assertion would abort the whole test run).

import Foundation
import Testing
@testable import Residuals

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

@Suite("TOML reader under seeded mutations")
struct TOMLMutationTests {
    @Test func mutatedProblemFilesAreParsedOrRejectedNeverAborted() throws {
        let original = try String(contentsOf: repositoryRoot.appendingPathComponent("problems/heat.toml"), encoding: .utf8)
        let good = Array(original.unicodeScalars)
        let alphabet: [Unicode.Scalar] = ["[", "]", "{", "}", ",", "=", "\"", "'", ".", "#", "\n", "\r", " ", "\t", "\\", "u",
                                          "0", "e", "_", "-", ":", "T", "\u{2028}", "\u{2029}", "\u{85}", "\u{A0}", "\u{FEFF}", "\u{0}"]
        var state: UInt64 = 2024
        func below(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var rejected = 0, passed = 0
        for _ in 0..<4000 {
            var s = good
            for _ in 0...below(3) {
                let at = below(s.count)
                let c = alphabet[below(alphabet.count)]
                switch below(3) {
                case 0: s[at] = c
                case 1: s.insert(c, at: at)
                default: s.remove(at: at)
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: s)
            do {
                _ = try ProblemFile.rootReader(text, file: "m.toml")
                passed += 1
            } catch {
                rejected += 1
                #expect(error.line != nil && error.message.hasPrefix("invalid TOML: "), "\(error.headline)")
                #expect(error.headline.count < 400)
            }
        }
        #expect(rejected > 1000 && passed > 100, "rejected \(rejected), passed \(passed)")
    }
}
