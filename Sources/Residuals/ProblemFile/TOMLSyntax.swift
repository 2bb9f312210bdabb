/// A strict TOML 1.0.0 syntax checker, run over a problem file's text before
/// TOMLKit sees it.
///
/// Why: TOMLKit wraps toml++, compiled with its assertions on, and some
/// malformed texts reach an assertion instead of a parse error — a table header
/// cut short by the end of its line (`[` then a newline), or an array broken by
/// U+2028 LINE SEPARATOR, aborted every subcommand. This checker follows the
/// ABNF of TOML 1.0.0 (toml.io/en/v1.0.0) and names the first place where the
/// text leaves it, so only well-formed text reaches the library.
///
/// Checked here: the line structure (`key = value`, `[table]`, `[[array]]`,
/// comments, blank lines); bare, quoted and dotted keys; basic, literal and
/// multi-line strings with their escapes (`\uXXXX` must be a Unicode scalar);
/// decimal, hexadecimal, octal and binary integers (underscores between digits,
/// no leading zeros, within 64 bits); floats (fraction, exponent, `inf`,
/// `nan`, finite in binary64); booleans; offset and local date-times, dates and
/// times (real calendar days, hours 00–23, seconds 00–59); arrays (several
/// lines, comments, a trailing comma); inline tables (one line, no trailing
/// comma). Rejected outside strings and comments: every whitespace that is not
/// a space or tab (U+00A0, U+2028, U+2029, U+0085, …), control characters, and a
/// carriage return not followed by a line feed. Arrays and inline tables may
/// nest `maximumDepth` deep. Left to TOMLKit, which reports them cleanly: a key
/// or table defined twice, and a table or array redefined by another form.
///
/// Lines end at LF or CRLF; columns count Unicode scalars from 1.
struct TOMLSyntax {
    /// How deep arrays and inline tables may nest (toml++ stops at 256).
    static let maximumDepth = 100

    let bytes: [UInt8]
    var position = 0
    var line = 1
    var lineStart = 0
    var depth = 0

    /// Throws the first syntax error of `text` (a byte-order mark must already be removed).
    static func check(_ text: String) throws(TOMLSyntaxError) {
        var checker = TOMLSyntax(bytes: Array(text.utf8))
        try checker.document()
    }

    // MARK: - Lines

    mutating func document() throws(TOMLSyntaxError) {
        while !atEnd {
            skipSpaces()
            switch peek {
            case nil: return
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"): break
            case UInt8(ascii: "#"): try comment()
            case UInt8(ascii: "["):
                try header()
                try endOfLine(after: "the table header")
            default:
                guard let c = peek, Self.isBareKeyByte(c) || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") else {
                    throw fail("expected a key, a [table] header or a # comment")
                }
                try keyValue()
                try endOfLine(after: "the value")
            }
            if !atEnd { try newline() }
        }
    }

    /// After a header or a value: spaces, an optional comment, then the end of the line or file.
    mutating func endOfLine(after what: String) throws(TOMLSyntaxError) {
        skipSpaces()
        if peek == UInt8(ascii: "#") { try comment() }
        guard atEnd || peek == UInt8(ascii: "\n") || peek == UInt8(ascii: "\r") else {
            throw fail("expected the end of the line (or a # comment) after \(what)")
        }
    }

    /// Consumes LF or CRLF; a lone CR is an error.
    mutating func newline() throws(TOMLSyntaxError) {
        if peek == UInt8(ascii: "\r") {
            guard byte(at: position + 1) == UInt8(ascii: "\n") else {
                throw fail("a carriage return (CR) must be followed by a line feed (LF): lines end with LF or CRLF")
            }
            position += 1
        }
        guard peek == UInt8(ascii: "\n") else { throw fail("expected the end of the line") }
        position += 1
        line += 1
        lineStart = position
    }

    /// `#` up to the end of the line: tabs and printable characters only.
    mutating func comment() throws(TOMLSyntaxError) {
        position += 1
        while let c = peek, c != UInt8(ascii: "\n"), c != UInt8(ascii: "\r") {
            if Self.isControl(c) { throw fail("a comment may not hold control characters") }
            position += Self.scalarLength(c)
            skipPlainBytes()
        }
    }

    mutating func skipSpaces() {
        while let c = peek, c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { position += 1 }
    }

    /// Spaces, comments and line ends, as allowed between the values of an array.
    mutating func skipBlank() throws(TOMLSyntaxError) {
        while true {
            skipSpaces()
            switch peek {
            case UInt8(ascii: "#"): try comment()
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"): try newline()
            default: return
            }
        }
    }

    // MARK: - Keys and headers

    /// `[name]` or `[[name]]`; the brackets of an array of tables are contiguous.
    mutating func header() throws(TOMLSyntaxError) {
        position += 1
        let array = peek == UInt8(ascii: "[")
        if array { position += 1 }
        skipSpaces()
        try key(in: array ? "the [[array]] header" : "the [table] header")
        skipSpaces()
        guard peek == UInt8(ascii: "]") else { throw fail("expected ']' to close the table header") }
        position += 1
        if array {
            guard peek == UInt8(ascii: "]") else { throw fail("expected ']]' to close the [[array]] header") }
            position += 1
        }
    }

    /// `key = value`.
    mutating func keyValue(in place: String = "the line") throws(TOMLSyntaxError) {
        try key(in: place)
        skipSpaces()
        guard peek == UInt8(ascii: "=") else { throw fail("expected '=' after the key") }
        position += 1
        skipSpaces()
        try value()
    }

    /// A simple or dotted key: parts joined by `.`, spaces allowed around the dots.
    mutating func key(in place: String) throws(TOMLSyntaxError) {
        try simpleKey(in: place)
        while true {
            let save = position
            skipSpaces()
            guard peek == UInt8(ascii: ".") else { position = save; return }
            position += 1
            skipSpaces()
            try simpleKey(in: place)
        }
    }

    mutating func simpleKey(in place: String) throws(TOMLSyntaxError) {
        switch peek {
        case let c? where Self.isBareKeyByte(c):
            while let c = peek, Self.isBareKeyByte(c) { position += 1 }
        case UInt8(ascii: "\""):
            if startsWith("\"\"\"") { throw fail("a key may not be a multi-line string") }
            try basicString()
        case UInt8(ascii: "'"):
            if startsWith("'''") { throw fail("a key may not be a multi-line string") }
            try literalString()
        default:
            throw fail("expected a key in \(place) (letters, digits, '_' and '-', or a quoted string)")
        }
    }

    // MARK: - Values

    mutating func value() throws(TOMLSyntaxError) {
        switch peek {
        case UInt8(ascii: "\""): try startsWith("\"\"\"") ? multilineBasicString() : basicString()
        case UInt8(ascii: "'"): try startsWith("'''") ? multilineLiteralString() : literalString()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "{"): try inlineTable()
        case UInt8(ascii: "t"): try word("true")
        case UInt8(ascii: "f"): try word("false")
        case let c? where Self.isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
            || c == UInt8(ascii: "i") || c == UInt8(ascii: "n"):
            try numberOrDate()
        default:
            throw fail("expected a value (a string, number, true/false, date, [array] or {inline table})")
        }
    }

    mutating func word(_ w: String) throws(TOMLSyntaxError) {
        guard startsWith(w) else { throw fail("expected a value; booleans are written true and false") }
        position += w.utf8.count
    }

    mutating func array() throws(TOMLSyntaxError) {
        let opened = line, openedColumn = column(at: position)
        try enterNesting()
        position += 1
        while true {
            try skipBlank()
            if peek == UInt8(ascii: "]") { break }
            if atEnd {   // point at the bracket left open, not at the end of the file
                throw TOMLSyntaxError(line: opened, column: openedColumn, message: "this array has no closing ']' before the end of the file")
            }
            try value()
            try skipBlank()
            if peek == UInt8(ascii: ",") { position += 1; continue }
            guard peek == UInt8(ascii: "]") else {
                throw fail("expected ',' or ']' in the array opened on line \(opened)")
            }
            break
        }
        position += 1
        depth -= 1
    }

    /// `{ k = v, … }` on one line (values such as arrays may span lines); no trailing comma.
    mutating func inlineTable() throws(TOMLSyntaxError) {
        try enterNesting()
        position += 1
        skipSpaces()
        if peek == UInt8(ascii: "}") { position += 1; depth -= 1; return }
        while true {
            if peek == UInt8(ascii: "\n") || peek == UInt8(ascii: "\r") {
                throw fail("expected a key or '}': an inline table stays on one line")
            }
            try keyValue(in: "the inline table")
            skipSpaces()
            if peek == UInt8(ascii: "}") { break }
            guard peek == UInt8(ascii: ",") else {
                throw fail("expected ',' or '}' in the inline table (an inline table stays on one line)")
            }
            position += 1
            skipSpaces()
            if peek == UInt8(ascii: "}") { throw fail("expected a key after ','; an inline table has no trailing comma") }
        }
        position += 1
        depth -= 1
    }

    mutating func enterNesting() throws(TOMLSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw fail("arrays and inline tables nest more than \(Self.maximumDepth) deep")
        }
    }
}
