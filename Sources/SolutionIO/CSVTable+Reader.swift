// CSVTable+Reader.swift — reading numeric CSV tables, with errors that point at the cell.

extension CSVTable {
    /// Read a numeric table with a header line from `path` (a regular file of at
    /// most `FileBytes.dataFileLimit` bytes; see `FileBytes`).
    ///
    /// Accepted (RFC 4180 and what spreadsheets and R write): fields in double
    /// quotes, with `""` for a quote and commas or line breaks inside; `\n`,
    /// `\r\n` or `\r` line ends; a UTF-8 byte-order mark; spaces around fields;
    /// blank lines and lines starting with `#` (comments) between records; a
    /// final line without a line end.
    /// Rejected with `SolutionIOError.invalidCSV` naming line and column (both
    /// 1-based; the column is the field's position) and the column's name: an
    /// empty file or header, an empty or duplicate column name or one holding a
    /// comma, quote or line break, a row with the wrong number of fields, an
    /// empty field, text that is not a decimal number, NaN or ±infinity, and a
    /// malformed quoted field. Text from the file shown in an error is clipped
    /// to `CSVScanner.shownLength` characters.
    public static func read(from path: String) throws -> CSVTable {
        try decode(FileBytes.read(path), path: path)
    }

    /// Parse CSV `text` (see `read(from:)`); `path` only names the source in errors.
    public static func parse(_ text: String, path: String) throws -> CSVTable {
        try decode(Array(text.utf8), path: path)
    }

    /// Parse the bytes of a CSV file (see `read(from:)`); `path` only names it in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws -> CSVTable {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw SolutionIOError.invalidCSV(path: path, line: CSVScanner.lineOfFirstInvalidUTF8(bytes), column: nil,
                                             reason: "the file is not UTF-8 text")
        }
        var scanner = CSVScanner(bytes: bytes, path: path)
        guard let header = try scanner.nextRecord() else {
            throw scanner.fail(1, nil, "no header line: the file is empty or holds only comments")
        }
        var seen: [String: Int] = [:]
        seen.reserveCapacity(header.fields.count)
        for (c, name) in header.fields.enumerated() {
            let line = header.lines[c]
            guard !name.isEmpty else { throw scanner.fail(line, c + 1, "empty column name in the header") }
            guard !name.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {   // , " LF CR
                throw scanner.fail(line, c + 1, "column name \(CSVScanner.shown(name)) holds a comma, quote or line break")
            }
            if let first = seen[name] {
                throw scanner.fail(line, c + 1, "column name \(CSVScanner.shown(name)) repeats column \(first + 1)")
            }
            seen[name] = c
        }
        let names = header.fields
        var rows: [[Double]] = []
        while let record = try scanner.nextRecord() {
            guard record.fields.count == names.count else {
                let n = record.fields.count
                throw scanner.fail(record.lines[0], nil, "\(n) field\(n == 1 ? "" : "s"), but the header has \(names.count) columns")
            }
            var row = [Double](repeating: 0, count: names.count)
            for (c, field) in record.fields.enumerated() {
                let place = "column \(CSVScanner.shown(names[c]))"
                let line = record.lines[c]
                guard !field.isEmpty else { throw scanner.fail(line, c + 1, "empty field in \(place)") }
                guard isDecimal(field), let value = Double(field) else {
                    throw scanner.fail(line, c + 1, "\(CSVScanner.shown(field)) in \(place) is not a number")
                }
                guard value.isFinite else {
                    throw scanner.fail(line, c + 1, "\(CSVScanner.shown(field)) in \(place) is not a finite number")
                }
                row[c] = value
            }
            rows.append(row)
        }
        return CSVTable(columnNames: names, rows: rows)
    }

    /// True for decimal literals and the words nan/inf/infinity (any case): what
    /// `Double(_:)` should see. Rejects hexadecimal floats (`0x1p3`), which
    /// `Double(_:)` would accept but no other CSV reader does.
    private static func isDecimal(_ field: String) -> Bool {
        let numeric = field.utf8.allSatisfy { c in
            (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
                || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
        }
        if numeric { return true }
        let lower = field.lowercased().drop { $0 == "+" || $0 == "-" }
        return ["nan", "inf", "infinity"].contains(String(lower))
    }
}

extension CSVTable {
    /// The column names joined by ", " for an error message, clipped to about
    /// `maxLength` characters (the header of an arbitrary file can be very long).
    public func columnList(maxLength: Int = 200) -> String {
        let all = columnNames.joined(separator: ", ")
        guard all.count > maxLength else { return all }
        return "\(all.prefix(maxLength))… (\(columnNames.count) columns)"
    }
}
