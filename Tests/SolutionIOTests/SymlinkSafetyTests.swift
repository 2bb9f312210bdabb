// SymlinkSafetyTests.swift — writers replace what sits at the target path, never write through it.

import Foundation
import Testing
@testable import SolutionIO

/// A file outside the output directory that a planted link points at, and its text.
private struct Victim {
    let path: String
    let text = "precious data\n"
    init(_ dir: TemporaryDirectory) throws {
        path = dir.file("victim.txt")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }
    var untouched: Bool { (try? String(contentsOfFile: path, encoding: .utf8)) == text }
}

/// True when `path` itself (not what it points at) is a symbolic link.
private func isLink(_ path: String) -> Bool {
    var st = stat()
    return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
}

@Suite("Writers never follow a planted link")
struct SymlinkSafetyTests {
    @Test("HistoryCSV replaces a symbolic link at its path; the file it pointed at is untouched")
    func historyReplacesASymlink() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let victim = try Victim(dir)
        try FileManager.default.createDirectory(atPath: dir.file("out"), withIntermediateDirectories: false)
        let path = dir.file("out/history.csv")
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: victim.path)
        let history = try HistoryCSV(path: path, columnNames: ["step", "loss"])
        try history.append([1, 0.5])
        try history.close()
        #expect(victim.untouched)
        #expect(!isLink(path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "step,loss\n1,0.5\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("out")) == ["history.csv"])
    }

    @Test("HistoryCSV does not truncate a file hard-linked at its path")
    func historyReplacesAHardLink() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let victim = try Victim(dir)
        let path = dir.file("history.csv")
        #expect(link(victim.path, path) == 0)
        let history = try HistoryCSV(path: path, columnNames: ["step"])
        try history.close()
        #expect(victim.untouched)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "step\n")
    }

    @Test("AtomicFile.write replaces a symbolic link at its path")
    func atomicWriteReplacesASymlink() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let victim = try Victim(dir)
        let path = dir.file("summary.json")
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: victim.path)
        try AtomicFile.write("{}\n", to: path)
        #expect(victim.untouched)
        #expect(!isLink(path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{}\n")
    }
}
