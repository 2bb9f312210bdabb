// TOMLSyntax+Numbers.swift — integers, floats, booleans' neighbours, dates and times.

extension TOMLSyntax {
    /// A number, `inf`/`nan`, or a date/time: the token runs over digits, letters,
    /// `_ + - . :` (and the space between a date and its time), then is checked whole.
    mutating func numberOrDate() throws(TOMLSyntaxError) {
        let start = position
        scanToken()
        if position - start == 10, peek == UInt8(ascii: " "), Self.isDateShape(bytes[start..<position]),
           let a = byte(at: position + 1), let b = byte(at: position + 2), byte(at: position + 3) == UInt8(ascii: ":"),
           Self.isDigit(a), Self.isDigit(b) {
            position += 1
            scanToken()
        }
        let token = String(decoding: bytes[start..<position], as: UTF8.self)
        let isDate = token.contains(":") || (token.utf8.count >= 10 && Self.isDateShape(bytes[start..<(start + 10)]))
        let problem = isDate ? Self.dateTimeProblem(token) : Self.numberProblem(token)
        if let problem { throw fail("'\(token.prefix(60))' is not a valid \(isDate ? "date or time" : "number"): \(problem)", at: start) }
    }

    private mutating func scanToken() {
        while let c = peek, Self.isBareKeyByte(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: ":") {
            position += 1
        }
    }

    /// `dddd-dd-dd`.
    private static func isDateShape(_ s: ArraySlice<UInt8>) -> Bool {
        s.count == 10 && s.enumerated().allSatisfy { k, c in k == 4 || k == 7 ? c == UInt8(ascii: "-") : isDigit(c) }
    }

    // MARK: - Numbers

    /// Why `s` is not a TOML integer or float, or nil when it is one.
    static func numberProblem(_ s: String) -> String? {
        var body = Substring(s)
        let signed = body.first == "+" || body.first == "-"
        if signed { body = body.dropFirst() }
        if body == "inf" || body == "nan" { return nil }
        if body.hasPrefix("0x") || body.hasPrefix("0o") || body.hasPrefix("0b") {
            if signed { return "expected no sign before a hexadecimal, octal or binary integer" }
            let radix = body.hasPrefix("0x") ? 16 : body.hasPrefix("0o") ? 8 : 2
            let digits = body.dropFirst(2)
            guard digitsProblem(digits, radix: radix) == nil else { return "expected base-\(radix) digits (single '_' between digits)" }
            guard let value = UInt64(digits.filter { $0 != "_" }, radix: radix), value <= UInt64(Int64.max) else {
                return "expected an integer within 64 bits (at most 9223372036854775807)"
            }
            return nil
        }
        // Decimal: integer part, then a fraction and/or an exponent for a float.
        let exponentAt = body.firstIndex { $0 == "e" || $0 == "E" }
        let mantissa = body[..<(exponentAt ?? body.endIndex)]
        let dot = mantissa.firstIndex(of: ".")
        let integer = mantissa[..<(dot ?? mantissa.endIndex)]
        if let problem = digitsProblem(integer, radix: 10) { return problem }
        if integer.count > 1 && integer.first == "0" { return "expected no leading zeros in a decimal number" }
        if let dot, let problem = digitsProblem(mantissa[mantissa.index(after: dot)...], radix: 10) {
            return "\(problem) after the decimal point"
        }
        if let exponentAt {
            var exponent = body[body.index(after: exponentAt)...]
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            if let problem = digitsProblem(exponent, radix: 10) { return "\(problem) in the exponent" }
        }
        let plain = s.filter { $0 != "_" }
        if dot == nil && exponentAt == nil {
            return Int64(plain) == nil ? "expected an integer within 64 bits (−9223372036854775808 … 9223372036854775807)" : nil
        }
        guard let x = Double(plain), x.isFinite else { return "expected a float within the range of binary64 (about 1.8e308)" }
        return nil
    }

    /// Digits of `radix`, at least one, `_` only between two digits.
    private static func digitsProblem(_ s: Substring, radix: Int) -> String? {
        guard !s.isEmpty else { return "expected digits" }
        var previousIsDigit = false
        for c in s {
            if c == "_" {
                guard previousIsDigit else { return "expected a digit on each side of '_'" }
                previousIsDigit = false
            } else {
                guard let v = c.hexDigitValue, v < radix, c.isASCII else {
                    return radix == 10 ? "expected a number: digits, '.', an exponent such as e-3, inf or nan"
                                       : "expected base-\(radix) digits"
                }
                previousIsDigit = true
            }
        }
        return previousIsDigit ? nil : "expected a digit on each side of '_'"
    }

    // MARK: - Dates and times

    /// Why `s` is not an offset date-time, local date-time, local date or local
    /// time (RFC 3339 as TOML 1.0 restricts it), or nil when it is one.
    static func dateTimeProblem(_ s: String) -> String? {
        let c = Array(s.utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= c.count, c[i..<(i + digits)].allSatisfy(isDigit) else { return nil }
            defer { i += digits }
            return c[i..<(i + digits)].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        func expect(_ ch: Character) -> Bool {
            guard i < c.count, c[i] == ch.asciiValue! else { return false }
            i += 1
            return true
        }
        var hasDate = false
        if c.count >= 5, c[4] == UInt8(ascii: "-") {
            guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2) else {
                return "expected a date YYYY-MM-DD"
            }
            guard (1...12).contains(month) else { return "expected a month 01–12" }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            guard (1...days).contains(day) else { return "expected a day 01–\(days) of month \(month) of \(year)" }
            if i == c.count { return nil }
            guard i < c.count, [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(c[i]) else {
                return "expected 'T' or a space between the date and the time"
            }
            i += 1
            hasDate = true
        }
        guard let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2) else {
            return "expected a time HH:MM:SS"
        }
        guard hour <= 23, minute <= 59, second <= 59 else { return "expected hours 00–23, minutes and seconds 00–59" }
        if expect(".") {
            let first = i
            while i < c.count, isDigit(c[i]) { i += 1 }
            if i == first { return "expected digits after the decimal point of the seconds" }
        }
        if i == c.count { return nil }
        guard hasDate else { return "expected nothing after a local time (an offset needs a date)" }
        if c[i] == UInt8(ascii: "Z") || c[i] == UInt8(ascii: "z") {
            i += 1
        } else {
            guard expect("+") || expect("-"), let h = number(2), expect(":"), let m = number(2) else {
                return "expected a time offset Z, +HH:MM or -HH:MM"
            }
            guard h <= 23, m <= 59 else { return "expected an offset with hours 00–23 and minutes 00–59" }
        }
        return i == c.count ? nil : "expected nothing after the time offset"
    }
}
