/// The names an equation may use for the unknown fields and their derivatives.
///
/// For fields `u, v, …` over variables `x, y, …` (or `x, …, t`):
///
/// | name        | meaning                                   |
/// |-------------|-------------------------------------------|
/// | `u`         | the value                                 |
/// | `u_x`       | ∂u/∂x (any variable, time included: `u_t`) |
/// | `u_xy`      | ∂²u/∂x∂y (`u_yx` is the same channel; `u_xx`, `u_tt`) |
/// | `lap(u)`    | the Laplacian over the *space* variables   |
///
/// A derivative name is the field, an underscore, and one or two variable
/// names run together; variables with longer names work the same way
/// (`u_x1`, `u_x1x2`). When no time variable is declared, `lap(u)` is the
/// single forward-Laplacian jet channel; with one, it is the sum of the
/// spatial second derivatives ∂²u/∂x_d².
public struct JetNames: Sendable {
    /// Each name and the jet channels whose sum it denotes (one channel except
    /// `lap(u)` with a time variable).
    public let channels: [String: [FieldChannel]]
    /// Every name in a stable order: for each field, value, first, second, Laplacian.
    public let ordered: [String]

    /// - Parameters:
    ///   - fields: names of the unknowns, e.g. `["u"]` or `["u", "v"]`.
    ///   - variables: the domain's variables in order, e.g. `["x", "t"]`.
    ///   - time: index of the time variable in `variables`, if any.
    public init(fields: [String], variables: [String], time: Int? = nil) {
        var map: [String: [FieldChannel]] = [:]
        var ordered: [String] = []
        func add(_ name: String, _ c: [FieldChannel]) {
            guard map[name] == nil else { return }
            map[name] = c
            ordered.append(name)
        }
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
        }
        self.channels = map
        self.ordered = ordered
    }
}
