// NPYFuzzRegressionTests.swift — the fuzz-npy target's committed inputs (scripts/fuzz):
// its seeds (fuzz/seeds/fuzz-npy/) are valid files, and every input that once crashed
// it (fuzz/regressions/fuzz-npy/) is read or refused cleanly, without the fuzzer.

import Foundation
import Testing
import SolutionIO

/// The committed inputs of the fuzz-npy target, found from this file's path.
enum NPYFuzzInputs {
    static func files(_ kind: String, source: String = #filePath) -> [String] {
        let directory = URL(fileURLWithPath: source)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fuzz/\(kind)/fuzz-npy").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory + "/" + $0 }
    }

    /// What the fuzz target checks: the array decodes whole, or the error is `invalidNPY`.
    static func replay(_ path: String) throws -> NPYArray? {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        do {
            let array = try NPY.decode(bytes, path: path)
            #expect(array.values.count == array.shape.reduce(1, *), "\(path)")
            return array
        } catch let error as SolutionIOError {
            guard case .invalidNPY = error else { Issue.record("\(path): unexpected error \(error)"); return nil }
            return nil
        }
    }
}

@Suite("NPY fuzz inputs")
struct NPYFuzzRegressionTests {
    @Test("the seeds are valid NPY 1.0/2.0/3.0 files: vector, matrix, 0-d and empty arrays")
    func seedsDecode() throws {
        let seeds = NPYFuzzInputs.files("seeds")
        #expect(seeds.count >= 4)
        var shapes: [[Int]] = []
        for path in seeds { shapes.append(try #require(try NPYFuzzInputs.replay(path), "\(path)").shape) }
        #expect(Set(shapes) == [[3], [2, 2], [], [0, 4]])
    }

    @Test("every input that once crashed fuzz-npy is decoded whole or refused with invalidNPY")
    func regressions() throws {
        for path in NPYFuzzInputs.files("regressions") { _ = try NPYFuzzInputs.replay(path) }
    }
}
