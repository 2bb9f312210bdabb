// CSVReaderTests.swift — RFC 4180 quoting, every line end, the byte-order mark, wide files, and
// errors that show at most a clipped field.

import Foundation
import Testing
@testable import SolutionIO

private func parseError(_ text: String) -> String? {
    do { _ = try CSVTable.parse(text, path: "d.csv"); return nil } catch { return "\(error)" }
}

@Suite("CSV reader: quoting, line ends, size")
struct CSVReaderTests {
    /// What R's write.csv, spreadsheets and old Mac tools write; each of the first three
    /// stopped the process with SIGILL (a CSVTable precondition on the names) before.
    @Test(arguments: [
        "\"y\",\"x\"\n1,2\n3,4\n",                          // R: quoted header
        "\"y\",\"x\"\n\"1\",\"2\"\n\"3\",\"4\"\n",            // every field quoted
        "y,x\r1,2\r3,4\r",                                   // CR-only line ends
        "y,x\r\n1,2\r\n3,4",                                 // CRLF, no final line end
        "\u{FEFF}y,x\n1,2\n3,4\n",                           // byte-order mark
        "\u{FEFF}\"y\" , \"x\"\r\n 1 , \"2\" \r\n3,4\r\n",   // all of them, spaces around quotes
        "# comment\r\r\ny,x\n\n1,2\r# another\r3,4\n",       // comments and blank lines with every line end
    ])
    func commonDialectsRead(_ text: String) throws {
        let table = try CSVTable.parse(text, path: "d.csv")
        #expect(table.columnNames == ["y", "x"])
        #expect(table.rows == [[1, 2], [3, 4]])
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        // Names with a comma, quote or line break cannot be written back: a clear error, no trap.
        #expect(parseError("a,\"b,c\"\n1,2\n") == "invalid CSV file d.csv, line 1, column 2: column name 'b,c' holds a comma, quote or line break")
        #expect(parseError("a,\"say \"\"hi\"\"\"\n1,2\n")?.contains("column name 'say \"hi\"' holds") == true)
        #expect(parseError("a,\"two\nlines\"\n1,2\n")?.contains("column name 'two\\nlines' holds") == true)
        // A field is placed at the line it starts on; a quoted line break moves later lines on.
        #expect(parseError("a,b\n\"1\",\"2\n\"\nx,1\n") == "invalid CSV file d.csv, line 2, column 2: '2\\n' in column 'b' is not a number")
        #expect(parseError("a,b\n1,2\n# \"quoted\ncomment\"\nx,1\n")?.hasPrefix("invalid CSV file d.csv, line 4, column 1: a quote inside an unquoted field") == true)
    }

    @Test(arguments: [
        ("a,\"b\n1,2\n", "line 1, column 2: the quoted field opened on line 1 has no closing quote"),
        ("a,b\"\n1,2\n", "line 1, column 2: a quote inside an unquoted field"),
        ("a,\"b\"c\n1,2\n", "line 1, column 2: expected ',' or the end of the line after the closing quote"),
        ("\"\",b\n1,2\n", "line 1, column 1: empty column name in the header"),
        ("\"", "line 1, column 1: the quoted field opened on line 1 has no closing quote"),
        ("\u{FEFF}", "line 1: no header line"),
        ("a,b\r1,2\r3\r", "line 3: 1 field, but the header has 2 columns"),
        ("a,b\n1,\"\"\n", "line 2, column 2: empty field in column 'b'"),
        ("a,b\n1,NA\n", "line 2, column 2: 'NA' in column 'b' is not a number"),
        ("a,b\n1,2\u{0}\n", "line 2, column 2: '2\\u{0}' in column 'b' is not a number"),
    ])
    func malformedQuotingIsLocated(_ text: String, _ message: String) {
        let e = parseError(text)
        #expect(e == "invalid CSV file d.csv, \(message)" || e?.hasPrefix("invalid CSV file d.csv, \(message)") == true, "got \(e ?? "no error")")
    }

    /// 10⁵ columns: the duplicate-name check was quadratic (> 60 s in a debug build); now the
    /// time is linear in the width. Asserted as a ratio of 10⁵ to 10⁴ columns (quadratic: 100,
    /// linear: 10), each the fastest of five interleaved runs so that load from tests running
    /// alongside falls on both alike, plus a loose absolute bound; the CLI reads such a file in
    /// well under a second.
    @Test func tenToTheFiveColumnsReadInLinearTime() throws {
        func text(_ n: Int, repeatFirst: Bool = false) -> String {
            (0..<n).map { "c\($0)" }.joined(separator: ",") + (repeatFirst ? ",c0" : "") + "\n"
                + (0..<(n + (repeatFirst ? 1 : 0))).map { String($0) }.joined(separator: ",") + "\n"
        }
        let clock = ContinuousClock()
        func fastest(_ wide: String, _ narrow: String) -> (wide: Duration, narrow: Duration) {
            var best = (wide: Duration.seconds(1_000), narrow: Duration.seconds(1_000))
            for _ in 0..<5 {
                best.narrow = min(best.narrow, clock.measure { _ = try? CSVTable.parse(narrow, path: "w.csv") })
                best.wide = min(best.wide, clock.measure { _ = try? CSVTable.parse(wide, path: "w.csv") })
            }
            return best
        }
        let wide = text(100_000)
        let table = try CSVTable.parse(wide, path: "w.csv")
        #expect(table.columnNames.count == 100_000 && table.column(named: "c99999") == [99_999])
        let read = fastest(wide, text(10_000))
        #expect(read.wide < max(read.narrow * 40, .milliseconds(250)) && read.wide < .seconds(10), "10⁵ columns \(read.wide), 10⁴ \(read.narrow)")
        // The last name repeating the first is found as fast.
        let twice = text(100_000, repeatFirst: true)
        #expect(parseError(twice) == "invalid CSV file d.csv, line 1, column 100001: column name 'c0' repeats column 1")
        let check = fastest(twice, text(10_000, repeatFirst: true))
        #expect(check.wide < max(check.narrow * 40, .milliseconds(250)) && check.wide < .seconds(10), "10⁵ columns \(check.wide), 10⁴ \(check.narrow)")
    }

    /// Error messages show one field or name, clipped to 40 characters: never a whole line of a file.
    @Test func errorsShowAtMostAClippedField() throws {
        let long = String(repeating: "9", count: 1_000_000)
        let e = try #require(parseError("y,x\n\(long),1\n"))
        #expect(e == "invalid CSV file d.csv, line 2, column 1: '\(String(repeating: "9", count: 40))…' in column 'y' is not a finite number")
        let name = String(repeating: "n", count: 500)
        let f = try #require(parseError("\(name)\nabc\n"))
        #expect(f.count < 160 && f.contains("…"), "\(f)")
        let table = try CSVTable.parse((0..<1000).map { "column\($0)" }.joined(separator: ",") + "\n", path: "w.csv")
        #expect(table.columnList().count < 240 && table.columnList().hasSuffix("(1000 columns)"))
        #expect(try CSVTable.parse("a,b\n", path: "p.csv").columnList() == "a, b")
    }
}
