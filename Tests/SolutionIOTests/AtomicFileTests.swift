// AtomicFileTests.swift — temporary file, fsync, rename: no leftovers, clear errors.

import Foundation
import Testing
@testable import SolutionIO

@Suite("AtomicFile")
struct AtomicFileTests {
    @Test("writes and replaces a file, leaving no temporary file behind")
    func writesAndReplaces() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("result.csv")
        try AtomicFile.write("first\n", to: path)
        try AtomicFile.write("second, longer\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second, longer\n")
        #expect(try dir.contents() == ["result.csv"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }

    @Test("a missing directory is an error naming the path and the reason")
    func missingDirectory() {
        #expect(throws: SolutionIOError.cannotWrite(path: "/nonexistent-solutionio/y.npy", reason: "No such file or directory")) {
            try AtomicFile.write([1, 2, 3], to: "/nonexistent-solutionio/y.npy")
        }
        let message = SolutionIOError.cannotWrite(path: "/x/y.npy", reason: "No such file or directory").description
        #expect(message == "cannot write /x/y.npy: No such file or directory")
    }

    @Test("a target that is a directory fails at rename and the temporary file is removed")
    func targetIsDirectory() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("taken"), withIntermediateDirectories: false)
        #expect(throws: SolutionIOError.cannotWrite(path: dir.file("taken"), reason: "Is a directory")) {
            try AtomicFile.write("x", to: dir.file("taken"))
        }
        #expect(try dir.contents() == ["taken"])
    }

    @Test("a path ending in a slash names no file")
    func noFileName() {
        #expect(throws: SolutionIOError.cannotWrite(path: "/tmp/", reason: "the path names no file")) {
            try AtomicFile.write("x", to: "/tmp/")
        }
    }
}
