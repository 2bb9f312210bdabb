// ProblemFileInputTests.swift — what a user may feed as a problem file: CRLF or CR line ends, a
// byte-order mark, a directory, a FIFO, a device, a huge or binary file, a data file that is no CSV.

import Foundation
import Testing
@testable import Residuals

/// A fresh directory under the system's temporary directory, removed by `remove()`.
private struct Scratch {
    let path: String
    init() throws {
        var template = Array((NSTemporaryDirectory() + "/residuals-test.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
    func write(_ text: String, _ name: String) throws -> String {
        try text.write(toFile: file(name), atomically: false, encoding: .utf8)
        return file(name)
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

private func loadError(_ path: String) -> ProblemFileError? {
    do { _ = try ProblemFile.load(path: path); return nil } catch { return error }
}

private func parseError(_ text: String) -> ProblemFileError? {
    do { _ = try ProblemFile.parse(text, file: "p.toml"); return nil } catch { return error }
}

@Suite("Problem files: line ends, BOM, and what is not a problem file")
struct ProblemFileInputTests {
    let lf = ProblemFileTests.minimalText

    @Test func crlfFilesParseAlikeAndKeepLineAndColumn() throws {
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let a = try ProblemFile.parse(lf, file: "p.toml"), b = try ProblemFile.parse(crlf, file: "p.toml")
        #expect(a.problem.terms.map(\.points) == b.problem.terms.map(\.points))
        #expect(a.pde.equations.map(\.text) == b.pde.equations.map(\.text))
        // An unknown key and a bad formula are placed exactly as in the LF file (line 15 col 1; line 7 col 18).
        for text in [lf, crlf] {
            let sep = text.contains("\r\n") ? "\r\n" : "\n"
            let unknown = try #require(parseError(text + "[solver]\(sep)max_step = 10\(sep)"))
            #expect(unknown.line == 15 && unknown.column == 1, "\(unknown.headline)")
            let formula = try #require(parseError(text.replacingOccurrences(of: "sin(pi*x)*sin", with: "sinn(pi*x)*sin")))
            #expect(formula.line == 7 && formula.column == 18, "\(formula.headline)")
        }
    }

    @Test func aLoneCarriageReturnIsALocatedError() throws {
        let cr = lf.replacingOccurrences(of: "\n", with: "\r")
        let e = try #require(parseError(cr))
        #expect(e.line == 1 && e.column == 14 && e.message.contains("carriage return (CR) must be followed by a line feed"), "\(e.headline)")
        let late = try #require(parseError(lf.replacingOccurrences(of: "[pde]\n", with: "[pde]\r")))
        #expect(late.line == 5 && late.column == 6, "\(late.headline)")
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        let file = try ProblemFile.parse("\u{FEFF}" + lf, file: "p.toml")
        #expect(file.name == "tiny")
        // Columns on line 1 do not count the mark.
        let e = try #require(parseError("\u{FEFF}nme = \"x\"\n" + lf.dropFirst("name = \"tiny\"\n".count)))
        #expect(e.line == 1 && e.column == 1 && e.field == "nme", "\(e.headline)")
        let s = try Scratch()
        defer { s.remove() }
        #expect(try ProblemFile.load(path: try s.write("\u{FEFF}" + lf, "bom.toml")).name == "tiny")
    }

    @Test func directoriesFIFOsAndDevicesAreRefusedWithoutBlocking() throws {
        let s = try Scratch()
        defer { s.remove() }
        let dir = try #require(loadError(s.path))
        #expect(dir.message == "cannot be read: it is a directory, not a regular file")
        let fifo = s.file("pipe.toml")
        #expect(mkfifo(fifo, 0o600) == 0)
        // Should a reader block on the FIFO, this writer (which never blocks) frees it after
        // 2 s with an empty file, so the expectation below fails instead of hanging.
        let release = Thread { Thread.sleep(forTimeInterval: 2); let fd = open(fifo, O_WRONLY | O_NONBLOCK); if fd >= 0 { close(fd) } }
        release.start()
        let started = Date()
        let pipe = try #require(loadError(fifo))
        #expect(pipe.message == "cannot be read: it is a FIFO (named pipe), not a regular file")
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(!FitFile.isFitFile(path: fifo))
        let zero = try #require(loadError("/dev/zero"))
        #expect(zero.message == "cannot be read: it is a character device, not a regular file")
    }

    @Test func hugeAndBinaryFilesAreRefused() throws {
        let s = try Scratch()
        defer { s.remove() }
        let big = s.file("big.toml")
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        #expect(truncate(big, off_t(ProblemFile.maximumFileSize + 1)) == 0)   // sparse: no disk used
        let e = try #require(loadError(big))
        #expect(e.message == "cannot be read: it holds 67108865 bytes; files above 64 MiB are not read")
        let binary = s.file("bin.toml")
        try Data([0x61, 0x3D, 0x31, 0x0A, 0x62, 0x3D, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: binary))
        let b = try #require(loadError(binary))
        #expect(b.line == 2 && b.message == "cannot be read as UTF-8 text")
    }

    /// A data file given to `[[data]]` that is no CSV (here a passwd-like file): the error
    /// shows at most one clipped field and name, never the file's lines.
    @Test func dataFileErrorsShowNoMoreThanAClippedLine() throws {
        let s = try Scratch()
        defer { s.remove() }
        let secretLine = "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin-and-more-text-that-goes-on-and-on"
        _ = try s.write("root:x:0:0:root:/root:/bin/bash\n\(secretLine)\nthird:line\n", "passwd")
        let problem = lf + "[[data]]\nfile = \"passwd\"\n"
        let e = try #require(loadError(try s.write(problem, "p.toml")))
        #expect(e.field == "data[0].file")
        #expect(!e.description.contains(secretLine) && !e.description.contains("third"), "\(e.description)")
        #expect(e.description.contains("line 2, column 1") && e.description.count < 300, "\(e.description)")
        // A one-line file of 10⁵ columns: the column list in "has no column" is clipped.
        let wide = (0..<100_000).map { "c\($0)" }.joined(separator: ",") + "\n" + Array(repeating: "1", count: 100_000).joined(separator: ",") + "\n"
        _ = try s.write(wide, "wide.csv")
        let w = try #require(loadError(try s.write(lf + "[[data]]\nfile = \"wide.csv\"\n", "w.toml")))
        #expect(w.description.contains("has no column \"x\"") && w.description.contains("(100000 columns)") && w.description.count < 400)
    }

    /// Long text from the file in an error — a string value, a key, a formula — is clipped:
    /// the headline stays short and a formula's caret diagram keeps a window round the caret.
    @Test func longValuesKeysAndFormulasAreClipped() throws {
        let long = String(repeating: "t", count: 10_000)
        let value = try #require(parseError(lf + "[solver]\nmax_steps = \"\(long)\"\n"))
        #expect(value.headline.count < 200 && value.headline.hasSuffix("…\""), "\(value.headline)")
        let key = try #require(parseError(lf + "[solver]\n\(long) = 1\n"))
        #expect(key.headline.count < 500, "\(key.headline.count) characters")
        let formula = "x" + String(repeating: " ", count: 6_000) + "+ sinn(x)"
        let e = try #require(parseError(lf.replacingOccurrences(of: "source = \"2*pi^2*sin(pi*x)*sin(pi*y)\"", with: "source = \"\(formula)\"")))
        let lines = e.description.split(separator: "\n")
        #expect(e.message.contains("unknown function 'sinn'"))
        #expect(lines.count == 3 && lines.allSatisfy { $0.count < 250 }, "\(lines.map(\.count))")
        // The caret still points at `sinn` inside the window.
        let caret = try #require(lines[2].firstIndex(of: "^")).utf16Offset(in: lines[2])
        #expect(lines[1].dropFirst(caret).hasPrefix("sinn"), "\(lines[1])\n\(lines[2])")
    }
}
