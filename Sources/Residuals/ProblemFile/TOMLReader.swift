import TOMLKit

/// Typed, located access to one table of a problem file. Every accessor records
/// the key it read; `rejectUnknownKeys()` then names any key nobody asked for
/// and suggests the nearest valid one. Integers are accepted where reals are
/// expected (TOMLKit's decoder would reject `lower = [0, 1]` as `[Double]`).
final class TOMLReader {
    let table: TOMLTable
    /// Dotted path of this table ("" for the root).
    let path: String
    let context: Context
    private(set) var known: [String] = []

    /// What every reader of one file shares.
    final class Context {
        let file: String
        let map: SourceMap
        init(file: String, map: SourceMap) { self.file = file; self.map = map }
    }

    init(table: TOMLTable, path: String, context: Context) {
        self.table = table; self.path = path; self.context = context
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// An error located at `key` of this table.
    func error(_ key: String?, _ message: String, column: Int? = nil, detail: String? = nil) -> ProblemFileError {
        let field = key.map(fieldPath) ?? path
        let place = context.map.place(of: field)
        return ProblemFileError(file: context.file, line: place?.line, column: column ?? place?.column,
                                field: field, message: message, detail: detail)
    }

    private func value(_ key: String) -> TOMLValueConvertible? {
        known.append(key)
        return table[key]
    }

    private static func describe(_ v: TOMLValueConvertible) -> String {
        switch v.type {
        case .string: return "a string \"\(ProblemFileError.clipped(v.string ?? "", 60))\""
        case .int: return "an integer \(v.int ?? 0)"
        case .double: return "a real \(v.double ?? 0)"
        case .bool: return "a boolean"
        case .array: return "an array"
        case .table: return "a table"
        default: return "a \(v.type)"
        }
    }

    // MARK: - Scalars

    func string(_ key: String) throws(ProblemFileError) -> String? {
        guard let v = value(key) else { return nil }
        guard let s = v.string else { throw error(key, "expected a string, got \(Self.describe(v))") }
        return s
    }

    func requiredString(_ key: String) throws(ProblemFileError) -> String {
        guard let s = try string(key) else { throw error(key, "missing; expected a string") }
        return s
    }

    func double(_ key: String) throws(ProblemFileError) -> Double? {
        guard let v = value(key) else { return nil }
        return try Self.number(v, self, key)
    }

    private static func number(_ v: TOMLValueConvertible, _ r: TOMLReader, _ key: String) throws(ProblemFileError) -> Double {
        if let d = v.double { return d }
        if let i = v.int { return Double(i) }
        throw r.error(key, "expected a number, got \(describe(v))")
    }

    func int(_ key: String) throws(ProblemFileError) -> Int? {
        guard let v = value(key) else { return nil }
        if let i = v.int { return i }
        if let d = v.double, d == d.rounded(), abs(d) < 1e15 { return Int(d) }
        throw error(key, "expected an integer, got \(Self.describe(v))")
    }

    func bool(_ key: String) throws(ProblemFileError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard let b = v.bool else { throw error(key, "expected true or false, got \(Self.describe(v))") }
        return b
    }

    /// A string that must be one of `choices`.
    func choice(_ key: String, _ choices: [String]) throws(ProblemFileError) -> String? {
        guard let s = try string(key) else { return nil }
        guard choices.contains(s) else {
            let hint = nearest(s, in: choices).map { " (did you mean \"\($0)\"?)" } ?? ""
            throw error(key, "unknown value \"\(s)\"\(hint); expected one of: \(choices.joined(separator: ", "))")
        }
        return s
    }

    // MARK: - Arrays and tables

    func doubles(_ key: String) throws(ProblemFileError) -> [Double]? {
        guard let v = value(key) else { return nil }
        guard let a = v.array else { throw error(key, "expected an array of numbers, got \(Self.describe(v))") }
        var out: [Double] = []
        for (i, e) in a.enumerated() {
            if let d = e.double { out.append(d) } else if let n = e.int { out.append(Double(n)) } else {
                throw error(key, "entry \(i) should be a number, got \(Self.describe(e))")
            }
        }
        return out
    }

    func ints(_ key: String) throws(ProblemFileError) -> [Int]? {
        guard let v = value(key) else { return nil }
        if let n = v.int { return [n] }
        guard let a = v.array else { throw error(key, "expected an integer or an array of integers, got \(Self.describe(v))") }
        var out: [Int] = []
        for (i, e) in a.enumerated() {
            guard let n = e.int else { throw error(key, "entry \(i) should be an integer, got \(Self.describe(e))") }
            out.append(n)
        }
        return out
    }

    func strings(_ key: String) throws(ProblemFileError) -> [String]? {
        guard let v = value(key) else { return nil }
        guard let a = v.array else { throw error(key, "expected an array of strings, got \(Self.describe(v))") }
        var out: [String] = []
        for (i, e) in a.enumerated() {
            guard let s = e.string else { throw error(key, "entry \(i) should be a string, got \(Self.describe(e))") }
            out.append(s)
        }
        return out
    }

    func table(_ key: String) throws(ProblemFileError) -> TOMLReader? {
        guard let v = value(key) else { return nil }
        guard let t = v.table else { throw error(key, "expected a table, got \(Self.describe(v))") }
        return TOMLReader(table: t, path: fieldPath(key), context: context)
    }

    func requiredTable(_ key: String) throws(ProblemFileError) -> TOMLReader {
        guard let t = try table(key) else { throw error(nil, "missing table [\(fieldPath(key))]") }
        return t
    }

    /// An array of tables (`[[boundary]]`).
    func tables(_ key: String) throws(ProblemFileError) -> [TOMLReader] {
        guard let v = value(key) else { return [] }
        guard let a = v.array else { throw error(key, "expected an array of tables ([[\(key)]]), got \(Self.describe(v))") }
        var out: [TOMLReader] = []
        for (i, e) in a.enumerated() {
            guard let t = e.table else { throw error(key, "entry \(i) should be a table, got \(Self.describe(e))") }
            out.append(TOMLReader(table: t, path: "\(fieldPath(key))[\(i)]", context: context))
        }
        return out
    }

    /// A formula in the variables given; a syntax error points at the offending
    /// token in the file (line and column) and shows the formula with a caret.
    func expression(_ key: String, variables: [String], constants: [String: Double]) throws(ProblemFileError) -> MathExpression? {
        guard let source = try string(key) else { return nil }
        do {
            return try MathExpression(source, variables: variables, constants: constants)
        } catch {
            throw located(key, error)
        }
    }

    /// A formula error in the string value of `key`, placed at its column in the file.
    func located(_ key: String, _ error: ExpressionError) -> ProblemFileError {
        let place = context.map.valuePlace(of: fieldPath(key))
        let column = place.map { $0.column + max(error.column, 1) - 1 }
        return self.error(key, error.message, column: column, detail: error.caretDiagram)
    }

    /// Throws for the first key of this table that no accessor asked for.
    func rejectUnknownKeys() throws(ProblemFileError) {
        for key in table.keys.sorted() where !known.contains(key) {
            let hint = nearest(key, in: known).map { "; did you mean \"\($0)\"?" } ?? ""
            let valid = known.isEmpty ? "no keys are allowed here" : "valid keys: \(known.joined(separator: ", "))"
            throw error(key, "unknown key\(hint) (\(valid))")
        }
    }
}

/// The candidate closest to `word` (the rule of the formula parser's "did you mean").
func nearest(_ word: String, in candidates: [String]) -> String? {
    ExpressionScope.suggestion(for: word, among: candidates)
}
