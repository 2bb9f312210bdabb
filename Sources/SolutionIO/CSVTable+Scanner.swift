// CSVTable+Scanner.swift — splitting CSV bytes into records of fields (RFC 4180 quoting).

/// Splits the bytes of a CSV file into records, one pass, linear in the size:
/// fields separated by `,`, records by `\n`, `\r\n` or `\r`; a field in double
/// quotes may hold commas, line breaks and `""` (one quote). Spaces and tabs
/// around a field are dropped. Blank lines and lines whose first non-blank
/// character is `#` are skipped between records. A leading UTF-8 byte-order
/// mark is skipped. Every field remembers the line it starts on.
struct CSVScanner {
    /// The most characters of file text an error message shows of one field or name.
    static let shownLength = 40

    struct Record {
        var fields: [String] = []
        /// The 1-based line each field starts on.
        var lines: [Int] = []
    }

    let bytes: [UInt8]
    let path: String
    private var position = 0
    private var line = 1

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    func fail(_ line: Int, _ column: Int?, _ reason: String) -> SolutionIOError {
        .invalidCSV(path: path, line: line, column: column, reason: reason)
    }

    /// The next record, or nil at the end of the file.
    mutating func nextRecord() throws(SolutionIOError) -> Record? {
        skipBlankAndCommentLines()
        guard position < bytes.count else { return nil }
        var record = Record()
        while true {
            record.lines.append(line)
            record.fields.append(try field(number: record.fields.count + 1))
            guard position < bytes.count else { return record }
            let c = bytes[position]
            if c == UInt8(ascii: ",") { position += 1; continue }
            endLine()   // the field stopped at a line end
            return record
        }
    }

    /// One field, its quotes removed; stops before the `,` or line end that follows it.
    private mutating func field(number: Int) throws(SolutionIOError) -> String {
        skipSpaces()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            let start = position
            while position < bytes.count, !Self.endsField(bytes[position]) {
                if bytes[position] == UInt8(ascii: "\"") {
                    throw fail(line, number, "a quote inside an unquoted field; put the whole field in quotes and write a quote as \"\"")
                }
                position += 1
            }
            var end = position
            while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        let opened = line
        position += 1
        var content: [UInt8] = []
        while true {
            guard position < bytes.count else {
                throw fail(opened, number, "the quoted field opened on line \(opened) has no closing quote")
            }
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\"") {
                    content.append(c)
                    position += 2
                    continue
                }
                position += 1
                break
            }
            if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                content.append(contentsOf: c == UInt8(ascii: "\r") && position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "\n")
                               ? [c, UInt8(ascii: "\n")] : [c])
                endLine()
                continue
            }
            content.append(c)
            position += 1
        }
        skipSpaces()
        if position < bytes.count, !Self.endsField(bytes[position]) {
            throw fail(line, number, "expected ',' or the end of the line after the closing quote of the field")
        }
        return String(decoding: content, as: UTF8.self)
    }

    private static func endsField(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ",") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r")
    }

    private mutating func skipSpaces() {
        while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") { position += 1 }
    }

    /// Consumes the line end at `position` (`\n`, `\r\n` or `\r`).
    private mutating func endLine() {
        if bytes[position] == UInt8(ascii: "\r"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\n") { position += 1 }
        position += 1
        line += 1
    }

    private mutating func skipBlankAndCommentLines() {
        while position < bytes.count {
            let start = position
            skipSpaces()
            guard position < bytes.count else { return }
            let c = bytes[position]
            if c == UInt8(ascii: "#") {
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n"), bytes[position] != UInt8(ascii: "\r") { position += 1 }
                if position < bytes.count { endLine() }
            } else if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                endLine()
            } else {
                position = start
                return
            }
        }
    }

    // MARK: - Showing file text in errors

    /// `text` in single quotes, clipped to `shownLength` characters, control
    /// characters escaped (`\n`, `\t`, `\u{0}`) so that an error stays on one line.
    static func shown(_ text: String) -> String {
        let flat = text.replacingControlCharacters()
        return flat.count <= shownLength ? "'\(flat)'" : "'\(flat.prefix(shownLength))…'"
    }

    /// The 1-based line of the first byte that is not part of valid UTF-8.
    static func lineOfFirstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var iterator = bytes.makeIterator(), decoder = UTF8(), line = 1
        while case let .scalarValue(s) = decoder.decode(&iterator) { if s == "\n" { line += 1 } }
        return line
    }
}

private extension String {
    func replacingControlCharacters() -> String {
        var out = ""
        for c in unicodeScalars {
            switch c {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where c.value < 0x20 || c.value == 0x7F: out += "\\u{\(String(c.value, radix: 16))}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
