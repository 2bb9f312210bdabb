// TOMLSyntaxTests.swift — the project's TOML checker: what aborted TOMLKit is now a located error,
// and every well-formed text (the catalog, the docs) still passes.

import Foundation
import Testing
import TOMLKit
@testable import Residuals

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The syntax error of `text`, or nil when the checker accepts it.
private func syntaxError(_ text: String) -> TOMLSyntaxError? {
    do { try TOMLSyntax.check(text); return nil } catch { return error }
}

/// The error `ProblemFile.parse` reports for `text`.
private func problemError(_ text: String) -> ProblemFileError? {
    do { _ = try ProblemFile.parse(text, file: "p.toml"); return nil } catch { return error }
}

@Suite("TOML syntax checker")
struct TOMLSyntaxTests {
    /// Each of these aborted the process inside toml++ (assertions `parse_key` /
    /// `parse_value`) before the checker existed; now each is one located line.
    @Test(arguments: [
        ("[\n", 1, 2, "expected a key in the [table] header"),
        ("[[\n", 1, 3, "expected a key in the [[array]] header"),
        ("name = \"x\"\n[ \t\r\n", 2, 4, "found the end of the line"),
        ("[\u{2028}\n", 1, 2, "U+2028 (LINE SEPARATOR), which TOML does not take as whitespace"),
        ("a = [1,\u{2028} 2]\n", 1, 8, "expected a value"),
        ("a = [\u{2029}1]\n", 1, 6, "U+2029 (PARAGRAPH SEPARATOR)"),
        ("a = [1,\u{85}\n", 1, 8, "U+0085 (NEXT LINE)"),
        ("a = {b=[\u{2028}]}\n", 1, 9, "U+2028"),
        ("x = 1\na = [[\u{2028}]]\n", 2, 7, "U+2028"),
    ])
    func inputsThatAbortedTOMLKitAreLocatedErrors(_ text: String, _ line: Int, _ column: Int, _ fragment: String) throws {
        let e = try #require(problemError(text))
        #expect(e.line == line && e.column == column, "\(e.headline)")
        #expect(e.message.hasPrefix("invalid TOML: ") && e.message.contains(fragment), "\(e.headline)")
    }

    @Test(arguments: [
        // Line structure and keys
        ("a = 1 b = 2", 1, 7, "expected the end of the line (or a # comment) after the value, found 'b'"),
        ("[a] b = 1", 1, 5, "after the table header"),
        ("a\n", 1, 2, "expected '=' after the key, found the end of the line"),
        ("= 1", 1, 1, "expected a key, a [table] header or a # comment, found '='"),
        ("\u{E9} = 1", 1, 1, "found 'é' (U+00E9)"),
        ("a\u{A0}= 1", 1, 2, "U+00A0 (NO-BREAK SPACE)"),
        ("a.= 1", 1, 3, "expected a key in the line"),
        ("\"\"\"a\"\"\" = 1", 1, 1, "a key may not be a multi-line string"),
        ("[a]]\n", 1, 4, "after the table header, found ']'"),
        ("[[a]\n", 1, 5, "expected ']]' to close the [[array]] header"),
        ("[ [a]]\n", 1, 3, "found '['"),
        ("a = 1\rb = 2", 1, 6, "a carriage return (CR) must be followed by a line feed (LF)"),
        ("# ok\n# bad \u{1}\n", 2, 7, "a comment may not hold control characters, found the control character U+0001"),
        ("a = 1\n\u{FEFF}b = 2", 2, 1, "U+FEFF (BYTE ORDER MARK)"),
        // Strings
        ("a = \"abc", 1, 9, "expected '\"' to close the string, found the end of the file"),
        ("a = \"abc\nd\"", 1, 9, "on its line"),
        ("a = \"\\q\"", 1, 6, "unknown escape"),
        ("a = \"\\uD800\"", 1, 6, "U+D800 is not a Unicode scalar value"),
        ("a = \"\\U00110000\"", 1, 6, "U+110000 is not a Unicode scalar value"),
        ("a = \"\\u12\"", 1, 10, "expected 4 hexadecimal digits"),
        ("a = \"\\e\"", 1, 6, "unknown escape"),
        ("a = \"x\u{0}y\"", 1, 7, "a control character in a string must be written as an escape"),
        ("a = '''x\n\ny", 3, 2, "expected ''' to close the multi-line string opened on line 1"),
        ("a = \"\"\"a\"\"\"\"\"\"", 1, 9, "too many quotes"),
        ("a = \"\"\"a\\ b\"\"\"", 1, 9, "a line-ending backslash must be the last character"),
        // Numbers
        ("a = 01", 1, 5, "'01' is not a valid number: expected no leading zeros"),
        ("a = 1__2", 1, 5, "expected a digit on each side of '_'"),
        ("a = 9223372036854775808", 1, 5, "expected an integer within 64 bits"),
        ("a = -9223372036854775809", 1, 5, "expected an integer within 64 bits"),
        ("a = 0x8000000000000000", 1, 5, "at most 9223372036854775807"),
        ("a = +0x1", 1, 5, "no sign before a hexadecimal"),
        ("a = 0b102", 1, 5, "expected base-2 digits"),
        ("a = 1e400", 1, 5, "within the range of binary64"),
        ("a = 1.", 1, 5, "expected digits after the decimal point"),
        ("a = .5", 1, 5, "expected a value"),
        ("a = 1e", 1, 5, "in the exponent"),
        ("a = Inf", 1, 5, "expected a value"),
        ("a = True", 1, 5, "expected a value"),
        ("a = trueish", 1, 9, "after the value, found 'i'"),
        // Dates and times
        ("a = 2023-02-30", 1, 5, "expected a day 01–28 of month 2 of 2023"),
        ("a = 2023-13-01", 1, 5, "expected a month 01–12"),
        ("a = 2023-01-01T25:00:00", 1, 5, "hours 00–23"),
        ("a = 12:00", 1, 5, "expected a time HH:MM:SS"),
        ("a = 12:00:00Z", 1, 5, "an offset needs a date"),
        ("a = 2023-01-01T00:00:00+24:00", 1, 5, "offset with hours 00–23"),
        // Arrays and inline tables
        ("a = [1,,2]", 1, 8, "expected a value"),
        ("a = [1 2]", 1, 8, "expected ',' or ']' in the array opened on line 1"),
        ("a = [\n1,\n", 1, 5, "this array has no closing ']' before the end of the file"),
        ("x = 1\n  a = [[1], [2,\n# open", 2, 13, "this array has no closing ']'"),
        ("a = {b = 1,}", 1, 12, "no trailing comma"),
        ("a = {b = 1\n}", 1, 11, "expected ',' or '}' in the inline table"),
        ("a = {\n}", 1, 6, "an inline table stays on one line"),
    ])
    func invalidTextIsLocated(_ text: String, _ line: Int, _ column: Int, _ fragment: String) throws {
        let e = try #require(syntaxError(text), "accepted: \(text.debugDescription)")
        #expect(e.line == line && e.column == column && e.message.contains(fragment),
                "\(text.debugDescription) → \(e.line):\(e.column): \(e.message)")
    }

    /// Every construct of TOML 1.0 in one text: the checker passes it and TOMLKit agrees.
    @Test func everyConstructOfTOML10Passes() throws {
        let text = #"""
            # comment with tab	and ünïcödé and a separator \#u{2028} in it
            bare_key-1 = "basic \"quoted\" \\ \b\t\n\f\r \u00E9 \U0001F600 é"
            "quoted key" = 'literal \no escapes'
            '' = "empty literal key"
            a.b . c = 1
            "x".'y'.z = +1_000
            hex = 0xDEAD_beef
            oct = 0o755
            bin = 0b1101_0101
            max = 9223372036854775807
            min = -9223372036854775808
            floats = [+1.0, 3.1415, -0.01, 5e+22, 1e06, -2E-2, 6.626e-34, 224_617.445_991, 0.0, -0.0, inf, +inf, -inf, nan, +nan, -nan, 1e-400]
            bools = [true, false]
            odt = [1979-05-27T07:32:00Z, 1979-05-27T00:32:00-07:00, 1979-05-27T00:32:00.999999+07:00, 1979-05-27 07:32:00Z, 1979-05-27t07:32:00z]
            ldt = 1979-05-27T07:32:00.5
            ld = 2024-02-29
            lt = [07:32:00, 00:32:00.999999]
            ml = """
            Roses are red\
                  Violets are blue ""quoted"" \u0041"""
            ml2 = """""five quotes"""""
            mll = '''
            The first newline is trimmed in raw strings.
               All other whitespace ''is'' preserved.
            '''
            nested = [ [ 1, 2 ], ["a", 'b'], [ {x = 1}, {y = [2, {z = 3}]} ], ]
            multi = [
              1, # one
              2,

              # blank lines and comments
            ]
            empty = []
            inline = { first = "Tom", "last name" = 'Preston', point.x = 1, point.y = 2, list = [1,
              2] }
            empty_inline = {}

            [table]
            key = "value"
            [ dotted . "header" ]
            k = 1
            [[fruits]]
            name = "apple"
            [fruits.physical]
            color = "red"
            [[fruits.varieties]]
            name = "red delicious"
            [[fruits]]
            name = "banana"
            """#
        #expect(syntaxError(text) == nil, "\(syntaxError(text).map { "\($0.line):\($0.column): \($0.message)" } ?? "")")
        let table = try TOMLTable(string: text)
        #expect(table["table"]?.table?["key"]?.string == "value")
        #expect(table["fruits"]?.array?.count == 2)
        // CRLF line ends are the same text to both.
        #expect(syntaxError(text.replacingOccurrences(of: "\n", with: "\r\n")) == nil)
    }

    /// The catalog and the benchmark problems pass the checker and TOMLKit; the indented
    /// TOML examples of docs/problem-files.md pass the checker (they repeat a key to show variants).
    @Test func catalogAndDocumentationExamplesPass() throws {
        var files: [(String, String)] = []
        for folder in ["problems", "bench/problems"] {
            let dir = repositoryRoot.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".toml") {
                files.append((folder + "/" + name, try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)))
            }
        }
        #expect(files.count >= 11)
        for (name, text) in files {
            let e = syntaxError(text)
            #expect(e == nil, "\(name):\(e?.line ?? 0):\(e?.column ?? 0): \(e?.message ?? "")")
            #expect((try? TOMLTable(string: text)) != nil, "TOMLKit rejects \(name)")
        }
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/problem-files.md"), encoding: .utf8)
        var blocks: [String] = [], current = ""
        for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("    ") { current += line.dropFirst(4) + "\n" } else if !current.isEmpty { blocks.append(current); current = "" }
        }
        #expect(!blocks.isEmpty)
        for block in blocks { #expect(syntaxError(block) == nil, "docs block \(block.debugDescription)") }
    }

    /// Redefinitions stay with TOMLKit, which reports them cleanly; nesting beyond the
    /// checker's limit and very long keys are errors too, never a crash.
    @Test(arguments: [
        "a = 1\na = 2\n", "[a]\n[a]\n", "a = 1\na.b = 2\n", "a.b = 1\n[a]\nc = 1\n", "a = []\n[[a]]\n",
        "[[a]]\n[a]\n", "[a]\n[[a]]\n", "a = {b = 1}\n[a]\nc = 2\n", "a = {b = 1}\na.c = 2\n", "a = {b = 1, b = 2}\n",
        "a = [{b = 1}]\n[a.c]\n", "a = {b = {c = 1}}\n[a.b]\nd = 1\n",
    ])
    func redefinitionsAreTOMLKitErrors(_ text: String) throws {
        #expect(syntaxError(text) == nil)
        let e = try #require(problemError(text))
        #expect(e.message.hasPrefix("invalid TOML: ") && e.line != nil, "\(e.headline)")
    }

    @Test func deepNestingAndLongKeysAreShortErrors() throws {
        let deep = try #require(problemError("a = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)))
        #expect(deep.line == 1 && deep.column == 105 && deep.message.contains("nest more than 100 deep"))
        let inline = try #require(syntaxError("a = " + String(repeating: "{b = ", count: 300) + "1" + String(repeating: "}", count: 300)))
        #expect(inline.message.contains("nest more than 100 deep"))
        #expect(syntaxError("a = " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) == nil)
        // A duplicate 10⁴-character key: TOMLKit's message is clipped.
        let key = String(repeating: "k", count: 10_000)
        let long = try #require(problemError("\(key) = 1\n\(key) = 2\n"))
        #expect(long.headline.count < 300 && long.line == 2, "\(long.headline.count) characters")
    }
}
