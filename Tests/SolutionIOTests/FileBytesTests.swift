// FileBytesTests.swift — input files are read only when they are regular files of bounded size:
// no hang on a FIFO, no endless read of a device, a clear line for a directory.

import Foundation
import Testing
@testable import SolutionIO

private func readError(_ body: () throws -> Void) -> SolutionIOError? {
    do { try body(); return nil } catch let e as SolutionIOError { return e } catch { return nil }
}

@Suite("Input files: regular files of bounded size only")
struct FileBytesTests {
    @Test func directoriesFIFOsAndDevicesAreRefusedAtOnce() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(readError { _ = try CSVTable.read(from: dir.path) }
                == .cannotRead(path: dir.path, reason: "it is a directory, not a regular file"))
        let fifo = dir.file("data.csv")
        #expect(mkfifo(fifo, 0o600) == 0)
        // Should a reader block on the FIFO, this writer (which never blocks) frees it after
        // 2 s with an empty file, so the expectations fail instead of hanging.
        let release = Thread { Thread.sleep(forTimeInterval: 2); let fd = open(fifo, O_WRONLY | O_NONBLOCK); if fd >= 0 { close(fd) } }
        release.start()
        let started = Date()
        #expect(readError { _ = try CSVTable.read(from: fifo) } == .cannotRead(path: fifo, reason: "it is a FIFO (named pipe), not a regular file"))
        #expect(readError { _ = try NPY.read(from: fifo) } == .cannotRead(path: fifo, reason: "it is a FIFO (named pipe), not a regular file"))
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(readError { _ = try CSVTable.read(from: "/dev/zero") }
                == .cannotRead(path: "/dev/zero", reason: "it is a character device, not a regular file"))
        #expect(readError { _ = try NPY.read(from: "/dev/null") }
                == .cannotRead(path: "/dev/null", reason: "it is a character device, not a regular file"))
    }

    @Test func symbolicLinksToRegularFilesAreRead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try CSVTable(columnNames: ["x"], rows: [[1]]).write(to: dir.file("t.csv"))
        try FileManager.default.createSymbolicLink(atPath: dir.file("link.csv"), withDestinationPath: dir.file("t.csv"))
        #expect(try CSVTable.read(from: dir.file("link.csv")).rows == [[1]])
    }

    @Test func filesAboveTheLimitAreRefusedBeforeReading() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("big.npy")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, off_t(FileBytes.dataFileLimit + 1)) == 0)   // sparse: no disk used
        #expect(readError { _ = try NPY.read(from: path) }
                == .cannotRead(path: path, reason: "it holds 1073741825 bytes; files above 1 GiB are not read"))
        try AtomicFile.write(Array(repeating: 0x41, count: 11), to: dir.file("small"))
        #expect(try FileBytes.read(dir.file("small"), limit: 11).count == 11)
        #expect(readError { _ = try FileBytes.read(dir.file("small"), limit: 10) }
                == .cannotRead(path: dir.file("small"), reason: "it holds 11 bytes; files above 10 bytes are not read"))
    }
}
