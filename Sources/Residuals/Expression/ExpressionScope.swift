// MARK: - ExpressionScope

/// The names an expression may use, and what each one means.
///
/// Resolution order does not matter because names may not collide: a variable
/// or user constant may not reuse a function name, a built-in constant
/// (`pi`, `e`) or another declared name. Later extensions (derivative names
/// such as `u_xx`) are just more variables supplied by the caller.
struct ExpressionScope: Sendable {
    /// What a name resolves to.
    enum Symbol: Equatable {
        case variable(index: Int)
        case constant(Double)
        case function(ExpressionFunction)
        case binaryFunction(ExpressionBinaryFunction)
    }

    /// Every function name (one and two arguments, and the alias `arctan`), for
    /// messages and the reserved words.
    static let functionNames: [String] = ExpressionFunction.names + ["arctan"] + ExpressionBinaryFunction.names

    /// The built-in constants, in the order listed in messages.
    static let builtinConstants: [(name: String, value: Double)] = [
        ("pi", Double.pi),
        ("e", 2.718281828459045),  // exp(1) rounded to Double
    ]

    let variables: [String]
    let constants: [String: Double]
    private let variableIndex: [String: Int]

    /// Checks the declarations: every name an identifier, no name declared
    /// twice, none equal to a function or built-in constant, constants finite.
    init(variables: [String], constants: [String: Double], source: String) throws(ExpressionError) {
        func invalid(_ message: String) -> ExpressionError {
            ExpressionError(.invalidDeclaration, message, source: source, column: 0, length: 0)
        }
        let reserved = Set(Self.functionNames + Self.builtinConstants.map(\.name))
        var index: [String: Int] = [:]
        for (i, name) in variables.enumerated() {
            guard ExpressionLexer.isIdentifier(name) || Self.callForm(name) != nil else {
                throw invalid("variable name '\(name)' is not an identifier "
                              + "(letters, digits and '_', not starting with a digit)")
            }
            guard !reserved.contains(name) else {
                throw invalid("variable name '\(name)' is reserved for a built-in function or constant")
            }
            if let first = index[name] {
                throw invalid("variable '\(name)' is declared twice (positions \(first) and \(i))")
            }
            index[name] = i
        }
        for name in constants.keys.sorted() {
            guard ExpressionLexer.isIdentifier(name) else {
                throw invalid("constant name '\(name)' is not an identifier "
                              + "(letters, digits and '_', not starting with a digit)")
            }
            guard !reserved.contains(name) else {
                throw invalid("constant name '\(name)' is reserved for a built-in function or constant")
            }
            guard index[name] == nil else {
                throw invalid("'\(name)' is declared both as a variable and as a constant")
            }
            guard let value = constants[name], value.isFinite else {
                throw invalid("constant '\(name)' must be finite, got \(constants[name] ?? .nan)")
            }
        }
        self.variables = variables
        self.constants = constants
        self.variableIndex = index
    }

    /// A variable may also be declared in call form `op(name)` — e.g. `lap(u)`,
    /// the Laplacian of the field u — and is then written exactly so in a
    /// formula. Returns (op, name) when `declaration` has that form.
    static func callForm(_ declaration: String) -> (op: String, argument: String)? {
        guard declaration.hasSuffix(")"), let open = declaration.firstIndex(of: "(") else { return nil }
        let op = String(declaration[..<open])
        let argument = String(declaration[declaration.index(after: open)..<declaration.index(before: declaration.endIndex)])
        guard ExpressionLexer.isIdentifier(op), ExpressionLexer.isIdentifier(argument) else { return nil }
        return (op, argument)
    }

    /// The call-form variables declared with operator `op` (e.g. `["lap(u)"]`).
    func callVariables(_ op: String) -> [String] {
        variables.filter { Self.callForm($0)?.op == op }
    }

    // MARK: - Lookup

    /// What `name` means, or nil when it is unknown.
    func lookup(_ name: String) -> Symbol? {
        if let i = variableIndex[name] { return .variable(index: i) }
        if let value = constants[name] { return .constant(value) }
        if let builtin = Self.builtinConstants.first(where: { $0.name == name }) {
            return .constant(builtin.value)
        }
        if let function = ExpressionFunction(name: name) { return .function(function) }
        if let function = ExpressionBinaryFunction(name: name) { return .binaryFunction(function) }
        return nil
    }

    /// Names usable as values: variables, user constants, built-in constants.
    var valueNames: [String] {
        variables + constants.keys.sorted() + Self.builtinConstants.map(\.name)
    }

    /// Every valid name, grouped, for "unknown identifier" messages.
    var validNamesListing: String {
        var groups: [String] = []
        if !variables.isEmpty { groups.append("variables " + variables.joined(separator: ", ")) }
        if !constants.isEmpty { groups.append("constants " + constants.keys.sorted().joined(separator: ", ")) }
        groups.append("built-in constants " + Self.builtinConstants.map(\.name).joined(separator: ", "))
        groups.append("functions " + Self.functionNames.joined(separator: ", "))
        return groups.joined(separator: "; ")
    }

    // MARK: - Suggestions

    /// The candidate closest to `name`, or nil when none is close.
    ///
    /// Close means an edit distance of at most 2 and at most half the name's
    /// length (but 1 is always allowed): `sinn` → `sin`, `py` → `pi`, `z` → `x`,
    /// but `foo` is not matched with `cos`. Ties go to the candidate whose
    /// length is closest to the name's (`py` suggests `pi` over `y`), then to
    /// the earliest. Before the length, a candidate that the name repeats one
    /// letter of (a doubled keystroke: `sinn` → `sin`, not `sinh`) is preferred.
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let allowed = min(2, max(1, name.count / 2))
        var best: (name: String, distance: Int, doubled: Int, lengthGap: Int)?
        for candidate in candidates where candidate != name {
            let distance = editDistance(name, candidate)
            let lengthGap = abs(candidate.count - name.count)
            let doubled = isDoubledKeystroke(name, of: candidate) ? 0 : 1
            guard distance <= allowed else { continue }
            if let current = best,
               (current.distance, current.doubled, current.lengthGap) <= (distance, doubled, lengthGap) { continue }
            best = (candidate, distance, doubled, lengthGap)
        }
        return best?.name
    }

    /// Whether `name` is `candidate` with one of its letters typed twice.
    static func isDoubledKeystroke(_ name: String, of candidate: String) -> Bool {
        let n = Array(name)
        guard n.count == candidate.count + 1 else { return false }
        for i in 1..<n.count where n[i] == n[i - 1] {
            var shorter = n
            shorter.remove(at: i)
            if String(shorter) == candidate { return true }
        }
        return false
    }

    /// "; did you mean 'x'?" or, without a close candidate, ";" — the clause
    /// that goes between "unknown … 'name'" and the list of valid names.
    static func didYouMean(_ name: String, among candidates: [String]) -> String {
        suggestion(for: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ";"
    }

    /// Levenshtein distance (insertions, deletions, substitutions) in characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
