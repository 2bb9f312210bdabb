// NPY+Reader.swift — reading float64 `.npy` files, strictly.

extension NPY {
    /// Read a `.npy` file: NPY format 1.0, 2.0 or 3.0 (NEP 1), dtype `'<f8'`
    /// (little-endian IEEE binary64), `fortran_order: False`. Anything else — another
    /// dtype, Fortran order, a truncated or over-long data section, a malformed
    /// header — throws `SolutionIOError.invalidNPY` saying what was found.
    public static func read(from path: String) throws -> NPYArray {
        try decode(FileBytes.read(path), path: path)
    }

    /// Parse the bytes of a `.npy` file; `path` only names it in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws -> NPYArray {
        func fail(_ reason: String) -> SolutionIOError { .invalidNPY(path: path, reason: reason) }
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw fail("it does not start with the NPY magic string \\x93NUMPY")
        }
        let major = bytes[6], minor = bytes[7]
        let headerStart: Int, headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("the file ends inside the header length") }
            headerStart = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw fail("format version \(major).\(minor) is not supported (1.0, 2.0 and 3.0 are)")
        }
        guard bytes.count >= headerStart + headerLength else {
            throw fail("the file ends inside the header (\(headerLength) bytes announced)")
        }
        guard let header = String(validating: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self) else {
            throw fail("the header is not text")
        }
        let dict = try NPYHeader.parse(header, fail: fail)
        guard dict.descr == "<f8" else {
            throw fail("dtype '\(dict.descr.prefix(40))' is not supported; expected '<f8' (little-endian float64)")
        }
        guard !dict.fortranOrder else {
            throw fail("fortran_order is True; only C-order arrays are read")
        }
        var count = 1
        for n in dict.shape + [8] {
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow else { throw fail("shape \(describeShape(dict.shape)) is too large to address") }
            count = product
        }
        count /= 8
        let dataStart = headerStart + headerLength
        let expected = 8 * count
        guard bytes.count - dataStart == expected else {
            let what = bytes.count - dataStart < expected ? "truncated" : "too long"
            throw fail("data section is \(what): shape \(describeShape(dict.shape)) needs \(expected) bytes,"
                       + " found \(bytes.count - dataStart)")
        }
        var values = [Double](repeating: 0, count: count)
        for k in 0..<count {
            var bits: UInt64 = 0
            for b in 0..<8 { bits |= UInt64(bytes[dataStart + 8 * k + b]) << (8 * b) }
            values[k] = Double(bitPattern: bits)
        }
        return NPYArray(shape: dict.shape, values: values)
    }
}

/// `shape` as text, clipped to about 80 characters.
func describeShape(_ shape: [Int]) -> String {
    let text = "\(shape)"
    return text.count <= 80 ? text : "\(text.prefix(80))… (\(shape.count) dimensions)"
}

/// The three keys of an NPY header dict, parsed from its Python-literal text.
struct NPYHeader {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    /// Parses `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`: string
    /// keys in single or double quotes, a string, a bool and a tuple of integers,
    /// in any order; all three keys are required and no other key is allowed.
    static func parse(_ text: String, fail: (String) -> SolutionIOError) throws -> NPYHeader {
        var scanner = Substring(text.trimmingWhitespace())
        // Errors show the header, clipped: a malformed header can be as long as the file.
        let shownHeader = text.count <= 120 ? text.debugDescription : String(text.prefix(120)).debugDescription + "…"
        func skipSpace() { scanner = scanner.drop { $0 == " " || $0 == "\t" || $0 == "\n" } }
        func expect(_ c: Character) throws {
            skipSpace()
            guard scanner.first == c else { throw fail("header \(shownHeader): expected '\(c)'") }
            scanner.removeFirst()
        }
        func quoted() throws -> String {
            skipSpace()
            guard let q = scanner.first, q == "'" || q == "\"" else { throw fail("header \(shownHeader): expected a quoted string") }
            scanner.removeFirst()
            guard let end = scanner.firstIndex(of: q) else { throw fail("header \(shownHeader): unterminated string") }
            defer { scanner = scanner[scanner.index(after: end)...] }
            return String(scanner[..<end])
        }
        var descr: String?, fortran: Bool?, shape: [Int]?
        try expect("{")
        while true {
            skipSpace()
            if scanner.first == "}" { scanner.removeFirst(); break }
            let key = try quoted()
            try expect(":")
            skipSpace()
            switch key {
            case "descr": descr = try quoted()
            case "fortran_order":
                if scanner.hasPrefix("True") { fortran = true; scanner.removeFirst(4) }
                else if scanner.hasPrefix("False") { fortran = false; scanner.removeFirst(5) }
                else { throw fail("fortran_order must be True or False in header \(shownHeader)") }
            case "shape":
                try expect("(")
                guard let close = scanner.firstIndex(of: ")") else { throw fail("unterminated shape tuple in header \(shownHeader)") }
                let parts = scanner[..<close].split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                shape = try parts.map {
                    guard let n = Int($0), n >= 0 else { throw fail("shape entry '\($0.prefix(40))' is not a size in header \(shownHeader)") }
                    return n
                }
                scanner = scanner[scanner.index(after: close)...]
            default:
                throw fail("unexpected key '\(key.prefix(40))' in header \(shownHeader)")
            }
            skipSpace()
            if scanner.first == "," { scanner.removeFirst() }
        }
        guard let descr, let fortran, let shape else {
            throw fail("header \(shownHeader) lacks one of 'descr', 'fortran_order', 'shape'")
        }
        return NPYHeader(descr: descr, fortranOrder: fortran, shape: shape)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, CR and LF.
    func trimmingWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        let s = self[...]
        guard let first = s.firstIndex(where: { !isSpace($0) }), let last = s.lastIndex(where: { !isSpace($0) }) else {
            return Substring("")
        }
        return Substring(s[first...last])
    }
}
