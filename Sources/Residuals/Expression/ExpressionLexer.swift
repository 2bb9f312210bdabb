// MARK: - ExpressionToken

/// One token of an expression, with its place in the source.
struct ExpressionToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case number(Double)
        case identifier(String)
        case plus, minus, star, slash, caret, comma
        case leftParen, rightParen
        case end
    }

    var kind: Kind
    /// The token as written (`**` and `^` both give `.caret`).
    var text: String
    /// 1-based character column of the first character.
    var column: Int
    /// Width in characters (1 for the end of input).
    var length: Int

    /// The token quoted for messages: `'*'`, `'x'`, or "end of input".
    var quoted: String {
        kind == .end ? "end of input" : "'\(text)'"
    }
}

// MARK: - ExpressionLexer

/// Splits an expression into tokens.
///
/// Lexical grammar (whitespace between tokens is ignored):
///
///     number     = digits , [ "." , [ digits ] ] , [ exponent ]
///                | "." , digits , [ exponent ] ;
///     exponent   = ( "e" | "E" ) , [ "+" | "-" ] , digits ;
///     identifier = ( letter | "_" ) , { letter | digit | "_" } ;   (ASCII)
///     operator   = "+" | "-" | "*" | "/" | "^" | "**" | "(" | ")" | "," ;
///
/// A number may not run straight into a letter, digit or dot (`2x`, `1.2.3`):
/// that is a malformed literal rather than an implicit product.
struct ExpressionLexer {
    private let source: String
    private let characters: [Character]
    private var index = 0

    /// The tokens of `source`, ending with one `.end` token.
    static func tokenize(_ source: String) throws(ExpressionError) -> [ExpressionToken] {
        var lexer = ExpressionLexer(source: source)
        var tokens: [ExpressionToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private init(source: String) {
        self.source = source
        self.characters = Array(source)
    }

    // MARK: - Tokens

    private mutating func next() throws(ExpressionError) -> ExpressionToken {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        guard index < characters.count else {
            return ExpressionToken(kind: .end, text: "", column: characters.count + 1, length: 1)
        }
        let start = index
        let c = characters[index]
        if c.isDigit || (c == "." && peek(1)?.isDigit == true) { return try number() }
        if c == "." { throw malformed("'.' is not a number; write digits such as '0.5'", start, 1) }
        if c.isIdentifierStart {
            while index < characters.count, characters[index].isIdentifierContinuation { index += 1 }
            return token(.identifier(text(from: start)), from: start)
        }
        index += 1
        switch c {
        case "+": return token(.plus, from: start)
        case "-": return token(.minus, from: start)
        case "*":
            if peek(0) == "*" { index += 1; return token(.caret, from: start) }
            return token(.star, from: start)
        case "/": return token(.slash, from: start)
        case "^": return token(.caret, from: start)
        case ",": return token(.comma, from: start)
        case "(": return token(.leftParen, from: start)
        case ")": return token(.rightParen, from: start)
        default:
            throw ExpressionError(.unexpectedCharacter,
                                  "unexpected character '\(c)'" + Self.hint(for: c),
                                  source: source, column: start + 1, length: 1)
        }
    }

    /// A numeric literal starting at `index`.
    private mutating func number() throws(ExpressionError) -> ExpressionToken {
        let start = index
        skipDigits()
        if peek(0) == "." { index += 1; skipDigits() }
        if let e = peek(0), e == "e" || e == "E" {
            var probe = index + 1
            if let sign = character(at: probe), sign == "+" || sign == "-" { probe += 1 }
            if character(at: probe)?.isDigit == true {
                index = probe
                skipDigits()
            } else if character(at: probe)?.isIdentifierStart != true || probe > index + 1 {
                // `1e`, `1e+`, `1e-x`: an exponent without digits.
                index = probe
                throw malformed("'\(text(from: start))' needs digits after the exponent "
                                + "marker, as in '1e-3'", start, index - start)
            }
        }
        if let c = peek(0), c.isIdentifierContinuation || c == "." {
            let mantissaEnd = index
            while let c = peek(0), c.isIdentifierContinuation || c == "." { index += 1 }
            let literal = text(from: start)
            let rest = String(characters[mantissaEnd..<index])
            let hint = rest.first?.isIdentifierStart == true
                ? ": a number cannot run into a name; write "
                    + "'\(String(characters[start..<mantissaEnd]))*\(rest)' for a product"
                : ""
            throw malformed("'\(literal)'" + hint, start, index - start)
        }
        let literal = text(from: start)
        guard let value = Double(literal) else {
            throw malformed("'\(literal)'", start, index - start)
        }
        guard value.isFinite else {
            throw malformed("'\(literal)' is out of the range of Double (about ±1.8e308)",
                            start, index - start)
        }
        return token(.number(value), from: start)
    }

    // MARK: - Helpers

    private func peek(_ offset: Int) -> Character? { character(at: index + offset) }

    private func character(at position: Int) -> Character? {
        position < characters.count ? characters[position] : nil
    }

    private mutating func skipDigits() {
        while index < characters.count, characters[index].isDigit { index += 1 }
    }

    private func text(from start: Int) -> String { String(characters[start..<index]) }

    private func token(_ kind: ExpressionToken.Kind, from start: Int) -> ExpressionToken {
        ExpressionToken(kind: kind, text: text(from: start), column: start + 1, length: index - start)
    }

    private func malformed(_ detail: String, _ start: Int, _ length: Int) -> ExpressionError {
        ExpressionError(.malformedNumber, "malformed number literal " + detail,
                        source: source, column: start + 1, length: max(length, 1))
    }

    /// A fix for characters that look like operators or names but are not ASCII.
    private static func hint(for c: Character) -> String {
        switch c {
        case "π": "; write 'pi'"
        case "×", "·", "⋅", "∗": "; write '*' for multiplication"
        case "−", "–", "—": "; write '-' (the ASCII minus sign)"
        case "÷": "; write '/' for division"
        case "²": "; write '^2'"
        case "³": "; write '^3'"
        case "[", "]", "{", "}": "; use '(' and ')' for grouping"
        case "=": "; give only the right-hand side, without '='"
        default: ""
        }
    }
}

// MARK: - Identifiers

extension ExpressionLexer {
    /// Whether `name` is an identifier: `[A-Za-z_][A-Za-z0-9_]*`.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first.isIdentifierStart else { return false }
        return name.allSatisfy(\.isIdentifierContinuation)
    }
}

// MARK: - Character classes (ASCII only)

extension Character {
    fileprivate var isDigit: Bool { isASCII && isNumber }
    fileprivate var isIdentifierStart: Bool { isASCII && (isLetter || self == "_") }
    fileprivate var isIdentifierContinuation: Bool { isASCII && (isLetter || isNumber || self == "_") }
}
