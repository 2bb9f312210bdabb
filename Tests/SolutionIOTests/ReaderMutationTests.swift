// ReaderMutationTests.swift — malformed NPY and CSV bytes give errors, never a trap: hand-made
// edge cases plus seeded random mutations of good files.

import Foundation
import Testing
@testable import SolutionIO

/// A small seeded generator (SplitMix64), so every run mutates the same way.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// `bytes` with 1–4 random edits: replace, insert or delete a byte, drawn from `alphabet` or at random.
func mutated(_ bytes: [UInt8], _ g: inout SplitMix, alphabet: [UInt8]) -> [UInt8] {
    var b = bytes
    for _ in 0...g.below(4) {
        let at = b.isEmpty ? 0 : g.below(b.count)
        let byte = g.below(3) == 0 ? UInt8(truncatingIfNeeded: g.next()) : alphabet[g.below(alphabet.count)]
        switch g.below(3) {
        case 0 where !b.isEmpty: b[at] = byte
        case 1: b.insert(byte, at: at)
        default: if !b.isEmpty { b.remove(at: at) }
        }
    }
    return b
}

@Suite("Readers under malformed bytes")
struct ReaderMutationTests {
    @Test func npyHeadersThatLieAreErrors() throws {
        func reason(_ bytes: [UInt8]) -> String {
            do { _ = try NPY.decode(bytes, path: "a.npy"); return "accepted" } catch { return "\(error)" }
        }
        let good = NPY.encode(NPYArray(shape: [2], values: [1, 2]))
        // Version 2.0 announcing a 4 GiB header.
        #expect(reason(NPY.magic + [2, 0, 0xFF, 0xFF, 0xFF, 0xFF] + Array(good.dropFirst(10))).contains("the file ends inside the header"))
        #expect(reason(NPY.magic + [2, 0, 0xFF, 0xFF, 0xFF]).contains("the file ends inside the header length"))
        // Shapes whose product overflows Int, with and without a zero in them.
        func withShape(_ shape: String, data: [UInt8] = []) -> [UInt8] {
            let header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }\n"
            return NPY.magic + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)] + Array(header.utf8) + data
        }
        #expect(reason(withShape("(4611686018427387904, 4, 0)")).contains("too large to address"))
        #expect(try NPY.decode(withShape("(0, 9999999999, 9999999999)"), path: "a.npy").values.isEmpty)
        #expect(reason(withShape("(-1,)")).contains("is not a size"))
        #expect(reason(withShape("(99999999999999999999,)")).contains("is not a size"))
        // A 10⁴-dimensional shape that does not match the data: the message is clipped.
        let dims = "(" + Array(repeating: "2", count: 10_000).joined(separator: ", ") + ")"
        let header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(dims), }\n"
        let n = header.utf8.count
        let v2 = NPY.magic + [2, 0, UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n >> 16), 0] + Array(header.utf8)
        let message = reason(v2)
        #expect(message.contains("too large to address") && message.count < 300, "\(message.count) characters")
        // A long malformed header is shown clipped.
        let junk = "{" + String(repeating: "x", count: 50_000) + "}\n"
        let j = junk.utf8.count
        #expect(reason(NPY.magic + [2, 0, UInt8(j & 0xFF), UInt8((j >> 8) & 0xFF), UInt8(j >> 16), 0] + Array(junk.utf8)).count < 300)
    }

    @Test func mutatedNPYFilesNeverTrap() {
        let good = NPY.encode(NPYArray(shape: [3, 2], values: [1, 2, 3, 4, 5, 6]))
        var g = SplitMix(state: 13)
        var accepted = 0
        for _ in 0..<3000 {
            let bytes = mutated(good, &g, alphabet: Array("{}()'\",:0123456789 TrueFalse<f8\n".utf8))
            if let a = try? NPY.decode(bytes, path: "m.npy") {
                accepted += 1
                #expect(a.values.count == a.shape.reduce(1, *))
            }
        }
        #expect(accepted < 3000)
    }

    @Test func mutatedCSVFilesNeverTrap() {
        let good = Array("\u{FEFF}\"y\",x\r\n1.5,\"2\"\n# c\r3,4e-3\r\n\"5\",6".utf8)
        var g = SplitMix(state: 7)
        var accepted = 0
        for _ in 0..<5000 {
            let bytes = mutated(good, &g, alphabet: Array("\",\r\n #.e-x1".utf8))
            do {
                let t = try CSVTable.decode(bytes, path: "m.csv")
                accepted += 1
                #expect(t.rows.allSatisfy { $0.count == t.columnNames.count && $0.allSatisfy(\.isFinite) })
            } catch let e as SolutionIOError {
                #expect("\(e)".count < 400)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(accepted > 0 && accepted < 5000)
    }
}
