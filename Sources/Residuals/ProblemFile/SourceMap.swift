/// Where each key of a TOML file sits, for error messages: TOMLKit's parsed
/// tables carry no positions, so the text is scanned once, line by line.
///
/// Understood: `[table]`, `[a.b]`, `[[array]]` headers (array entries become
/// `array[0]`, `array[1]`, …), `key = value` lines, and keys of one-line inline
/// tables (`points = { rule = "grid" }` gives `points.rule`). Multi-line strings
/// and arrays are skipped over well enough for locating keys.
struct SourceMap {
    /// Dotted path → (line, column of the key, column where its value starts), 1-based.
    private var places: [String: (Int, Int, Int)] = [:]

    /// The file's text.
    let text: String

    init(text: String) {
        self.text = text
        var table = ""
        var arrayCounts: [String: Int] = [:]
        // Lines end at LF, CRLF (one Character in Swift) or a lone CR, as `TOMLSyntax` counts them.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (n, rawLine) in lines.enumerated() {
            let line = String(rawLine)
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let indent = line.count - trimmed.count
            if trimmed.hasPrefix("[[") {
                let name = Self.headerName(trimmed.dropFirst(2))
                let index = arrayCounts[name, default: 0]
                arrayCounts[name] = index + 1
                table = "\(name)[\(index)]"
                places[table] = (n + 1, indent + 1, indent + 1)
            } else if trimmed.hasPrefix("[") {
                table = Self.headerName(trimmed.dropFirst())
                places[table] = (n + 1, indent + 1, indent + 1)
            } else if let eq = trimmed.firstIndex(of: "="), !trimmed.hasPrefix("#") {
                let key = trimmed[..<eq].trimming(" \t\"")
                guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else { continue }
                let path = table.isEmpty ? key : "\(table).\(key)"
                // Keys of a one-line inline table.
                let rest = trimmed[trimmed.index(after: eq)...]
                let lead = rest.prefix { $0 == " " || $0 == "\t" }.count
                let quoted = rest.dropFirst(lead).first.map { $0 == "\"" || $0 == "'" } ?? false
                let valueColumn = indent + trimmed.distance(from: trimmed.startIndex, to: eq) + 2 + lead + (quoted ? 1 : 0)
                places[path] = (n + 1, indent + 1, valueColumn)
                if let open = rest.firstIndex(of: "{") {
                    var column = indent + trimmed.distance(from: trimmed.startIndex, to: open) + 2
                    for part in rest[rest.index(after: open)...].split(separator: ",", omittingEmptySubsequences: false) {
                        if let e = part.firstIndex(of: "=") {
                            let inner = part[..<e].trimming(" \t\"{}")
                            let lead = part.prefix { $0 == " " }.count
                            if !inner.isEmpty { places["\(path).\(inner)"] = (n + 1, column + lead, column + lead) }
                        }
                        column += part.count + 1
                    }
                }
            }
        }
    }

    /// Line and first column of the value of `path` (inside the quotes of a string), when known exactly.
    func valuePlace(of path: String) -> (line: Int, column: Int)? {
        places[path].map { ($0.0, $0.2) }
    }

    private static func headerName(_ s: Substring) -> String {
        let end = s.firstIndex(of: "]") ?? s.endIndex
        return s[..<end].trimming(" \t\"")
    }

    /// The place of `path`, or of its nearest enclosing table or key that is known.
    func place(of path: String) -> (line: Int, column: Int)? {
        var p = path
        while true {
            if let hit = places[p] { return (hit.0, hit.1) }
            guard let dot = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            p = String(p[..<dot])
        }
    }
}

extension StringProtocol {
    func trimming(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
