// CSVTable+Reader.swift — reading numeric CSV tables, with errors that point at the cell.

extension CSVTable {
    /// Read a numeric table with a header line from `path`.
    ///
    /// Accepted: `\n` or `\r\n` line ends; spaces around fields; blank lines and
    /// lines starting with `#` (comments) anywhere; a final line without `\n`.
    /// Rejected with `SolutionIOError.invalidCSV` naming line and column (both
    /// 1-based) and the column's name: an empty file or header, an empty or
    /// duplicate column name, a row with the wrong number of fields, an empty
    /// field, text that is not a decimal number, and NaN or ±infinity.
    public static func read(from path: String) throws -> CSVTable {
        let bytes = try FileBytes.read(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SolutionIOError.invalidCSV(path: path, line: 1, column: nil, reason: "the file is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parse CSV `text` (see `read(from:)`); `path` only names the source in errors.
    public static func parse(_ text: String, path: String) throws -> CSVTable {
        func fail(_ line: Int, _ column: Int?, _ reason: String) -> SolutionIOError {
            .invalidCSV(path: path, line: line, column: column, reason: reason)
        }
        var names: [String]?
        var rows: [[Double]] = []
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so split on both kinds of line end.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
            guard let header = names else {
                for (c, name) in fields.enumerated() {
                    guard !name.isEmpty else { throw fail(lineNumber, c + 1, "empty column name in the header") }
                    if let first = fields[..<c].firstIndex(of: name) {
                        throw fail(lineNumber, c + 1, "column name '\(name)' repeats column \(first + 1)")
                    }
                }
                names = fields.map(String.init)
                continue
            }
            guard fields.count == header.count else {
                throw fail(lineNumber, nil, "\(fields.count) field\(fields.count == 1 ? "" : "s"), but the header has \(header.count) columns")
            }
            var row = [Double](repeating: 0, count: fields.count)
            for (c, field) in fields.enumerated() {
                let place = "column '\(header[c])'"
                guard !field.isEmpty else { throw fail(lineNumber, c + 1, "empty field in \(place)") }
                guard isDecimal(field), let value = Double(field) else {
                    throw fail(lineNumber, c + 1, "'\(field)' in \(place) is not a number")
                }
                guard value.isFinite else {
                    throw fail(lineNumber, c + 1, "'\(field)' in \(place) is not a finite number")
                }
                row[c] = value
            }
            rows.append(row)
        }
        guard let header = names else { throw fail(1, nil, "no header line: the file is empty or holds only comments") }
        return CSVTable(columnNames: header, rows: rows)
    }

    /// True for decimal literals and the words nan/inf/infinity (any case): what
    /// `Double(_:)` should see. Rejects hexadecimal floats (`0x1p3`), which
    /// `Double(_:)` would accept but no other CSV reader does.
    private static func isDecimal(_ field: Substring) -> Bool {
        let lower = field.lowercased().drop { $0 == "+" || $0 == "-" }
        if ["nan", "inf", "infinity"].contains(String(lower)) { return true }
        return field.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
    }
}
