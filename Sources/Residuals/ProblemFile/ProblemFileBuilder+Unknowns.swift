// MARK: - [unknowns]: constants of the equations learned from data

extension ProblemFileBuilder {
    /// `[unknowns]`: each key names a constant of the equations that is learned
    /// together with the network from `[[data]]`, given as its initial value or
    /// as a table with bounds:
    ///
    ///     [unknowns]
    ///     nu = { initial = 0.05, lower = 0 }     # or: nu = 0.05
    ///
    /// Names follow the rules of every formula name and may not repeat a
    /// variable, field or `[parameters]` entry; the initial value must be
    /// finite and strictly inside the bounds.
    func readUnknowns(box: Box, fields: [String], parameters: [String: Double]) throws(ProblemFileError) -> [Unknown] {
        guard let u = try root.table("unknowns") else { return [] }
        var out: [Unknown] = []
        for key in u.table.keys.sorted() {
            var unknown: Unknown
            if u.table[key]?.table != nil {
                guard let t = try u.table(key) else { continue }
                guard let initial = try t.double("initial") else {
                    throw t.error("initial", "missing; expected the starting value, e.g. \(key) = { initial = 0.05, lower = 0 }")
                }
                unknown = Unknown(key, initial: initial, lower: try t.double("lower"), upper: try t.double("upper"))
                try t.rejectUnknownKeys()
            } else {
                guard let initial = try u.double(key) else {
                    throw u.error(key, "expected a starting value or { initial = …, lower = …, upper = … }")
                }
                unknown = Unknown(key, initial: initial)
            }
            if let why = unknown.problem { throw u.error(key, why) }
            if parameters[key] != nil {
                throw u.error(key, "\"\(key)\" is also in [parameters]; a constant is either known or unknown")
            }
            if fields.contains(key) || box.variables.contains(key) {
                throw u.error(key, "\"\(key)\" already names a field or variable")
            }
            do {
                _ = try MathExpression("0", variables: box.variables + fields + [key], constants: parameters)
            } catch {
                throw u.error(key, "\"\(key)\" cannot name an unknown: \(error.message)")
            }
            out.append(unknown)
        }
        guard out.count <= 64 else { throw u.error(nil, "at most 64 unknowns, got \(out.count)") }
        return out
    }
}
