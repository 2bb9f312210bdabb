// CSVTests.swift — CSV tables: exact round trips and a clear error for every bad input.

import Foundation
import Testing
@testable import SolutionIO

@Suite("CSV tables")
struct CSVTests {
    @Test("round trip is bit-exact; text is header then shortest round-trip numbers")
    func roundTrip() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let n = awkwardValues.count
        let table = CSVTable(columnNames: ["x", "y", "u"],
                             columns: [awkwardValues, awkwardValues.reversed(), (0..<n).map { Double($0) / 7 }])
        try table.write(to: dir.file("t.csv"))
        let back = try CSVTable.read(from: dir.file("t.csv"))
        #expect(back.columnNames == ["x", "y", "u"])
        #expect(back.rows.map(bits) == table.rows.map(bits))
        #expect(back.column(named: "y").map(bits) == bits(awkwardValues.reversed()))
        #expect(back.column(named: "v") == nil)

        let small = CSVTable(columnNames: ["x", "y", "u"], rows: [[0, 0.5, 1e-05], [-0.0, 1e22, 0.1]])
        #expect(small.encoded() == "x,y,u\n0,0.5,1e-05\n-0.0,1e+22,0.1\n")
    }

    @Test("CRLF line ends, spaces, comments, blank lines and a missing final newline are accepted")
    func lenientLayout() throws {
        let text = "# made by hand\r\n x , y \r\n\r\n1, 2\r\n# comment\n3,4"
        let table = try CSVTable.parse(text, path: "p.csv")
        #expect(table.columnNames == ["x", "y"] && table.rows == [[1, 2], [3, 4]])
        #expect(try CSVTable.parse("a,b\n", path: "p.csv").rows.isEmpty)
    }

    @Test("every reader error names the file, the line, the column and the rule", arguments: [
        ("", "invalid CSV file d.csv, line 1: no header line: the file is empty or holds only comments"),
        ("# only a comment\n", "invalid CSV file d.csv, line 1: no header line: the file is empty or holds only comments"),
        ("x,,u\n", "invalid CSV file d.csv, line 1, column 2: empty column name in the header"),
        ("x,y,x\n", "invalid CSV file d.csv, line 1, column 3: column name 'x' repeats column 1"),
        ("x,y\n1,2\n\n# c\n3,4,5\n", "invalid CSV file d.csv, line 5: 3 fields, but the header has 2 columns"),
        ("x,y\n1\n", "invalid CSV file d.csv, line 2: 1 field, but the header has 2 columns"),
        ("x,y\n1, \n", "invalid CSV file d.csv, line 2, column 2: empty field in column 'y'"),
        ("x,y\n1,2\n3,abc\n", "invalid CSV file d.csv, line 3, column 2: 'abc' in column 'y' is not a number"),
        ("x,y\n1.2.3,2\n", "invalid CSV file d.csv, line 2, column 1: '1.2.3' in column 'x' is not a number"),
        ("x,y\n0x1p3,2\n", "invalid CSV file d.csv, line 2, column 1: '0x1p3' in column 'x' is not a number"),
        ("x,y\n1,nan\n", "invalid CSV file d.csv, line 2, column 2: 'nan' in column 'y' is not a finite number"),
        ("x,y\n-inf,1\n", "invalid CSV file d.csv, line 2, column 1: '-inf' in column 'x' is not a finite number"),
        ("x,y\n1e999,1\n", "invalid CSV file d.csv, line 2, column 1: '1e999' in column 'x' is not a finite number"),
    ])
    func readerErrors(text: String, message: String) {
        do {
            _ = try CSVTable.parse(text, path: "d.csv")
            Issue.record("no error for \(text.debugDescription)")
        } catch let error as SolutionIOError {
            #expect(error.description == message)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a missing file and non-UTF-8 bytes are errors")
    func unreadable() throws {
        #expect(throws: SolutionIOError.cannotRead(path: "/nonexistent-solutionio/p.csv", reason: "No such file or directory")) {
            _ = try CSVTable.read(from: "/nonexistent-solutionio/p.csv")
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try AtomicFile.write([0x78, 0x0A, 0xFF, 0xFE, 0x0A], to: dir.file("bin.csv"))
        #expect(throws: SolutionIOError.invalidCSV(path: dir.file("bin.csv"), line: 2, column: nil, reason: "the file is not UTF-8 text")) {
            _ = try CSVTable.read(from: dir.file("bin.csv"))
        }
    }
}
