/// A condition written as text, `"u_t + u*u_x - nu*u_xx = 0"`: the residual
/// F = lhs − rhs as one compiled formula over the domain's variables and the
/// jet names of ``JetNames``.
///
/// Both sides are parsed by the formula grammar of ``MathExpression``; a
/// mistake on either side is reported with its column in the *whole* equation.
/// The residual's partial derivatives with respect to each jet input — what the
/// Jacobian's chain rule ∂r/∂θ = Σ_c ∂r/∂jet_c · ∂jet_c/∂θ needs — come from
/// forward-mode dual numbers (``Dual8`` up to eight jet inputs, ``Dual`` beyond).
public struct Equation: Sendable, CustomStringConvertible {
    /// The equation as written.
    public let text: String
    /// F = (lhs) − (rhs) over `variables` followed by `jetInputs`.
    public let residual: MathExpression
    /// The domain's variables (the first inputs of `residual`).
    public let variables: [String]
    /// The jet names the equation uses, in input order after the variables.
    public let jetInputs: [String]
    /// For each jet input, the channels whose sum it is (see ``JetNames``).
    public let jetChannels: [[FieldChannel]]
    /// The unknown constants of an inverse problem (the last inputs of
    /// `residual`, after the jet inputs); learned with the network.
    public let unknowns: [String]

    /// - Parameters:
    ///   - text: `lhs = rhs`.
    ///   - variables: the domain's variables, e.g. `["x", "t"]`.
    ///   - fields: the unknowns, e.g. `["u"]`.
    ///   - constants: named values, e.g. `["nu": 0.01]`.
    ///   - time: index of the time variable, if any (it changes what `lap(u)` means).
    ///   - unknowns: names of unknown constants (inverse problems), e.g. `["nu"]`:
    ///     inputs of the residual after the jet inputs, so that their partial
    ///     derivatives ∂F/∂λ come from the same dual numbers as ∂F/∂jet.
    /// - Throws: ``ExpressionError`` with the column in `text`.
    public init(_ text: String, variables: [String], fields: [String], constants: [String: Double] = [:],
                time: Int? = nil, unknowns: [String] = []) throws(ExpressionError) {
        var names = JetNames(fields: fields, variables: variables, time: time)
        for word in Self.identifiers(in: text) { names.include(word) }
        let characters = Array(text)
        let equals = characters.indices.filter { characters[$0] == "=" }
        guard equals.count == 1 else {
            let example = "e.g. \"\(fields[0])_\(variables[0])\(variables[0]) = 0\""
            if equals.isEmpty {
                throw ExpressionError(.notAnEquation, "an equation needs one '=' between its two sides, \(example)",
                                      source: text, column: 0, length: 0)
            }
            throw ExpressionError(.notAnEquation, "an equation has exactly one '='; this one has \(equals.count)",
                                  source: text, column: equals[1] + 1, length: 1)
        }
        let lhs = String(characters[..<equals[0]]), rhs = String(characters[(equals[0] + 1)...])
        let all = variables + names.ordered.filter { !unknowns.contains($0) } + unknowns
        var used = Set<String>()
        for (side, offset) in [(lhs, 0), (rhs, equals[0] + 1)] {
            do {
                used.formUnion(try MathExpression(side, variables: all, constants: constants).referencedVariables)
            } catch {
                throw ExpressionError(error.kind, error.message, source: text,
                                      column: error.column == 0 ? 0 : error.column + offset, length: error.length)
            }
        }
        let jetInputs = names.ordered.filter { used.contains($0) && !unknowns.contains($0) }
        guard !jetInputs.isEmpty else {
            throw ExpressionError(.notAnEquation, "the equation involves no unknown; use \(fields.joined(separator: ", ")) "
                                  + "or derivative names such as \(fields[0])_\(variables[0]) or lap(\(fields[0]))",
                                  source: text, column: 0, length: 0)
        }
        self.text = text
        self.variables = variables
        self.jetInputs = jetInputs
        self.jetChannels = jetInputs.map { names.channels[$0]! }
        self.unknowns = unknowns
        self.residual = try MathExpression("(\(lhs))-(\(rhs))", variables: variables + jetInputs + unknowns,
                                           constants: constants)
    }

    /// The identifiers of `text` (`[A-Za-z_][A-Za-z0-9_]*`, as ``ExpressionLexer`` reads
    /// them; runs that start with a digit are numbers and skipped), so that the
    /// derivative names of order 3 and 4 it uses can be declared (`JetNames.include`).
    static func identifiers(in text: String) -> [String] {
        var words: [String] = [], current = "", number = false
        for ch in text + " " {
            let continues = ch.isASCII && (ch.isLetter || ch.isNumber || ch == "_")
            if continues {
                if current.isEmpty && !number && ch.isNumber { number = true }
                if number { continue }
                current.append(ch)
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
                number = false
            }
        }
        return words
    }

    /// The distinct jet channels the equation reads, sorted.
    public var channels: [FieldChannel] { Array(Set(jetChannels.joined())).sorted() }

    public var description: String { text }
}
