/// The names an equation may use for the unknown fields and their derivatives.
///
/// For fields `u, v, …` over variables `x, y, …` (or `x, …, t`):
///
/// | name        | meaning                                   |
/// |-------------|-------------------------------------------|
/// | `u`         | the value                                 |
/// | `u_x`       | ∂u/∂x (any variable, time included: `u_t`) |
/// | `u_xy`      | ∂²u/∂x∂y (`u_yx` is the same channel; `u_xx`, `u_tt`) |
/// | `u_xxx`, `u_xxyy` | ∂³u/∂x³, ∂⁴u/∂x²∂y²: three or four variables in any order (`u_xyx` = `u_xxy`, `u_txx`) |
/// | `lap(u)`    | the Laplacian over the *space* variables   |
/// | `bilap(u)`  | the biharmonic Δ²u = Σ_i ∂_i⁴u + 2 Σ_{i<j} ∂_i²∂_j²u over the space variables |
///
/// A derivative name is the field, an underscore, and one to four variable
/// names run together; variables with longer names work the same way
/// (`u_x1`, `u_x1x2`, `u_x1x1x2`). When no time variable is declared, `lap(u)` is the
/// single forward-Laplacian jet channel; with one, it is the sum of the
/// spatial second derivatives ∂²u/∂x_d².
///
/// Names of order 3 and 4 (D³ + D⁴ spellings per field) are not listed up front:
/// `include(_:)` adds one when an equation uses it, so that the list of valid
/// names in error messages stays short.
public struct JetNames: Sendable {
    /// Each name and the jet channels whose sum it denotes (one channel except
    /// `lap(u)` with a time variable and `bilap(u)`, where a mixed ∂_i²∂_j² appears twice).
    public private(set) var channels: [String: [FieldChannel]]
    /// Every name in a stable order: for each field, value, first, second,
    /// Laplacian, biharmonic; then the names `include(_:)` added.
    public private(set) var ordered: [String]
    private let fields: [String], variables: [String]

    /// - Parameters:
    ///   - fields: names of the unknowns, e.g. `["u"]` or `["u", "v"]`.
    ///   - variables: the domain's variables in order, e.g. `["x", "t"]`.
    ///   - time: index of the time variable in `variables`, if any.
    public init(fields: [String], variables: [String], time: Int? = nil) {
        self.fields = fields
        self.variables = variables
        channels = [:]
        ordered = []
        let D = variables.count
        for (f, field) in fields.enumerated() {
            add(field, [FieldChannel(field: f, .value)])
            for d in 0..<D { add("\(field)_\(variables[d])", [FieldChannel(field: f, .first(d))]) }
            for i in 0..<D {
                for j in 0..<D { add("\(field)_\(variables[i])\(variables[j])", [FieldChannel(field: f, .mixed(i, j))]) }
            }
            let space = (0..<D).filter { $0 != time }
            if time == nil {
                add("lap(\(field))", [FieldChannel(field: f, .laplacian)])
            } else if !space.isEmpty {
                add("lap(\(field))", space.map { FieldChannel(field: f, .second($0, $0)) })
            }
            // Δ²u = Σ_i Σ_j ∂_i²∂_j² u: each mixed pair i ≠ j twice.
            guard !space.isEmpty else { continue }
            add("bilap(\(field))", space.flatMap { i in space.map { j in FieldChannel(field: f, .derivative([i, i, j, j])) } })
        }
    }

    private mutating func add(_ name: String, _ c: [FieldChannel]) {
        guard channels[name] == nil else { return }
        channels[name] = c
        ordered.append(name)
    }

    /// Adds `word` when it names a derivative of order 3 or 4 — a field, `_`, and
    /// three or four variable names run together, e.g. `u_xxy`, `u_txx`, `u_x1x1x2x2`
    /// — and returns whether it is now a name. Other words are left alone.
    @discardableResult
    public mutating func include(_ word: String) -> Bool {
        if channels[word] != nil { return true }
        for (f, field) in fields.enumerated() where word.hasPrefix(field + "_") {
            let suffix = Substring(word.dropFirst(field.count + 1))
            if let dims = split(suffix, depth: 0), dims.count >= 3 {
                add(word, [FieldChannel(field: f, .derivative(dims))])
                return true
            }
        }
        return false
    }

    /// `text` as a run of at most four variable names (their indices), the first split found, or nil.
    private func split(_ text: Substring, depth: Int) -> [Int]? {
        if text.isEmpty { return [] }
        guard depth < JetChannel.maximumOrder else { return nil }
        for (d, v) in variables.enumerated() where !v.isEmpty && text.hasPrefix(v) {
            if let rest = split(text.dropFirst(v.count), depth: depth + 1) { return [d] + rest }
        }
        return nil
    }
}
