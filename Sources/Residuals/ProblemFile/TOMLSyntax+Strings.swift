// TOMLSyntax+Strings.swift — strings, escapes, and the byte-level helpers of the checker.

/// A TOML syntax error: 1-based line and column (Unicode scalars) and what was
/// expected, ending with what was found there.
struct TOMLSyntaxError: Error, Equatable {
    var line: Int
    var column: Int
    var message: String
}

extension TOMLSyntax {
    // MARK: - Strings

    /// `"…"` on one line, with escapes.
    mutating func basicString() throws(TOMLSyntaxError) {
        position += 1
        while true {
            guard let c = peek else { throw fail("expected '\"' to close the string") }
            switch c {
            case UInt8(ascii: "\""): position += 1; return
            case UInt8(ascii: "\\"): try escape(multiline: false)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw fail("expected '\"' to close the string on its line (\"\"\" starts a multi-line string)")
            default: try stringCharacter(c)
            }
        }
    }

    /// `"""…"""`: a newline right after the opening quotes is dropped; up to two
    /// quotes may stand inside, and up to two more right before the closing three.
    mutating func multilineBasicString() throws(TOMLSyntaxError) {
        try multiline(quote: UInt8(ascii: "\""), escapes: true)
    }

    /// `'…'` on one line, no escapes.
    mutating func literalString() throws(TOMLSyntaxError) {
        position += 1
        while true {
            guard let c = peek else { throw fail("expected \"'\" to close the literal string") }
            switch c {
            case UInt8(ascii: "'"): position += 1; return
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw fail("expected \"'\" to close the literal string on its line (''' starts a multi-line string)")
            default: try stringCharacter(c)
            }
        }
    }

    mutating func multilineLiteralString() throws(TOMLSyntaxError) {
        try multiline(quote: UInt8(ascii: "'"), escapes: false)
    }

    private mutating func multiline(quote: UInt8, escapes: Bool) throws(TOMLSyntaxError) {
        let opened = line
        let delimiter = escapes ? "\"\"\"" : "'''"
        position += 3
        while true {
            guard let c = peek else { throw fail("expected \(delimiter) to close the multi-line string opened on line \(opened)") }
            switch c {
            case quote:
                var run = 0
                while byte(at: position + run) == quote { run += 1 }
                if run >= 3 {
                    guard run <= 5 else { throw fail("too many quotes: \(delimiter) closes the string and at most two more may precede it", at: position) }
                    position += run
                    return
                }
                position += run
            case UInt8(ascii: "\\") where escapes: try escape(multiline: true)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"): try newline()
            default: try stringCharacter(c)
            }
        }
    }

    /// String content: a tab, a printable character or any non-ASCII scalar, then
    /// (fast path, one tight loop) every following byte that needs no attention.
    private mutating func stringCharacter(_ c: UInt8) throws(TOMLSyntaxError) {
        if Self.isControl(c) { throw fail("a control character in a string must be written as an escape such as \\u0001") }
        position += Self.scalarLength(c)
        skipPlainBytes()
    }

    /// Skips tabs, printable ASCII other than quotes and backslash, and non-ASCII
    /// bytes (the text is valid UTF-8, and every non-ASCII scalar is allowed in
    /// strings and comments).
    mutating func skipPlainBytes() {
        position = bytes.withUnsafeBufferPointer { b in
            var i = position
            while i < b.count {
                let c = b[i]
                guard c >= 0x80 || c == 0x09 || (c >= 0x20 && c < 0x7F && c != 0x22 && c != 0x27 && c != 0x5C) else { break }
                i += 1
            }
            return i
        }
    }

    /// `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`, and in multi-line strings a backslash
    /// that ends its line (it removes the line end and the blanks after it).
    private mutating func escape(multiline: Bool) throws(TOMLSyntaxError) {
        let start = position
        position += 1
        guard let c = peek else { throw fail("expected an escape after '\\'") }
        switch c {
        case UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "f"), UInt8(ascii: "r"),
             UInt8(ascii: "\""), UInt8(ascii: "\\"):
            position += 1
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = c == UInt8(ascii: "u") ? 4 : 8
            position += 1
            var scalar: UInt32 = 0
            for _ in 0..<digits {
                guard let d = peek.flatMap(Self.hexValue) else {
                    throw fail("expected \(digits) hexadecimal digits after \\\(Character(Unicode.Scalar(c)))")
                }
                scalar = scalar << 4 | UInt32(d)
                position += 1
            }
            guard Unicode.Scalar(scalar) != nil else {
                let hex = String(scalar, radix: 16, uppercase: true)
                throw fail("\\\(Character(Unicode.Scalar(c))) escape U+\(hex) is not a Unicode scalar value (surrogates and values above U+10FFFF are not)", at: start)
            }
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            guard multiline else {
                throw fail("unknown escape; a backslash may end a line only in a multi-line \"\"\" string", at: start)
            }
            skipSpaces()
            guard peek == UInt8(ascii: "\n") || peek == UInt8(ascii: "\r") else {
                throw fail("a line-ending backslash must be the last character on its line except spaces", at: start)
            }
            while true {
                skipSpaces()
                guard peek == UInt8(ascii: "\n") || peek == UInt8(ascii: "\r") else { break }
                try newline()
            }
        default:
            throw fail("unknown escape; TOML 1.0 has \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX and \\UXXXXXXXX", at: start)
        }
    }

    // MARK: - Bytes

    var atEnd: Bool { position >= bytes.count }
    var peek: UInt8? { byte(at: position) }
    func byte(at i: Int) -> UInt8? { i < bytes.count ? bytes[i] : nil }

    func startsWith(_ s: String) -> Bool {
        var i = position
        for b in s.utf8 {
            guard byte(at: i) == b else { return false }
            i += 1
        }
        return true
    }

    static func isBareKeyByte(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// U+0000–U+001F except tab, and U+007F.
    static func isControl(_ c: UInt8) -> Bool { (c < 0x20 && c != UInt8(ascii: "\t")) || c == 0x7F }

    /// Bytes in the UTF-8 sequence that starts with `lead` (the text is valid UTF-8).
    static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    // MARK: - Errors

    /// An error at the current position, its message ending with what stands there;
    /// or, given `offset` (on the current line), at the start of the construct that
    /// `message` describes whole.
    func fail(_ message: String, at offset: Int? = nil) -> TOMLSyntaxError {
        let at = max(lineStart, min(offset ?? position, bytes.count))
        return TOMLSyntaxError(line: line, column: column(at: at), message: offset == nil ? "\(message), found \(found(at: at))" : message)
    }

    /// The 1-based column of byte `offset` of the current line, in Unicode scalars.
    func column(at offset: Int) -> Int {
        bytes[lineStart..<offset].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// What stands at byte `i`, in words: a quoted ASCII character, the end of the
    /// line or file, or a code point with its name when it looks like whitespace.
    func found(at i: Int) -> String {
        guard let c = byte(at: i) else { return "the end of the file" }
        if c == UInt8(ascii: "\n") || (c == UInt8(ascii: "\r") && byte(at: i + 1) == UInt8(ascii: "\n")) { return "the end of the line" }
        if c == UInt8(ascii: "\r") { return "a lone carriage return (CR)" }
        if c >= 0x20 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        var scalar = UInt32(c)
        let length = Self.scalarLength(c)
        if length > 1 {
            scalar &= [0, 0, 0x1F, 0x0F, 0x07][length]
            for k in 1..<length { scalar = scalar << 6 | UInt32((byte(at: i + k) ?? 0x80) & 0x3F) }
        }
        let code = "U+" + String(repeating: "0", count: max(0, 4 - String(scalar, radix: 16).count)) + String(scalar, radix: 16, uppercase: true)
        if let name = Self.whitespaceNames[scalar] { return "\(code) (\(name)), which TOML does not take as whitespace" }
        if c < 0x80 { return "the control character \(code)" }
        return Unicode.Scalar(scalar).map { "'\(Character($0))' (\(code))" } ?? code
    }

    static let whitespaceNames: [UInt32: String] = [
        0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x85: "NEXT LINE", 0xA0: "NO-BREAK SPACE",
        0x1680: "OGHAM SPACE MARK", 0x180E: "MONGOLIAN VOWEL SEPARATOR", 0x2000: "EN QUAD", 0x2001: "EM QUAD",
        0x2002: "EN SPACE", 0x2003: "EM SPACE", 0x2004: "THREE-PER-EM SPACE", 0x2005: "FOUR-PER-EM SPACE",
        0x2006: "SIX-PER-EM SPACE", 0x2007: "FIGURE SPACE", 0x2008: "PUNCTUATION SPACE", 0x2009: "THIN SPACE",
        0x200A: "HAIR SPACE", 0x200B: "ZERO WIDTH SPACE", 0x2028: "LINE SEPARATOR", 0x2029: "PARAGRAPH SEPARATOR",
        0x202F: "NARROW NO-BREAK SPACE", 0x205F: "MEDIUM MATHEMATICAL SPACE", 0x3000: "IDEOGRAPHIC SPACE",
        0xFEFF: "BYTE ORDER MARK",
    ]
}
