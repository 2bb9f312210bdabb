/// An axis-aligned box [a₀, b₀] × … × [a_{D−1}, b_{D−1}], D = 1…5: the domains
/// of the catalog (an interval, a rectangle, a space-time slab).
public struct Box: Sendable, Equatable {
    public let lower: [Double]
    public let upper: [Double]
    /// Names of the coordinates, e.g. ["x", "y"] or ["x", "t"].
    public let variables: [String]

    /// Throws `ProblemError.invalid` when the bounds are not finite or not increasing.
    public init(lower: [Double], upper: [Double], variables: [String]? = nil) throws(ProblemError) {
        guard (1...5).contains(lower.count) else {
            throw .invalid(field: "domain.lower", "has \(lower.count) entries; a box has 1 to 5 dimensions")
        }
        guard upper.count == lower.count else {
            throw .invalid(field: "domain.upper", "has \(upper.count) entries but domain.lower has \(lower.count)")
        }
        for d in lower.indices where !(lower[d].isFinite && upper[d].isFinite && lower[d] < upper[d]) {
            throw .invalid(field: "domain", "dimension \(d): need finite lower < upper, got [\(lower[d]), \(upper[d])]")
        }
        let names = variables ?? Array(["x", "y", "z", "w", "v"].prefix(lower.count))
        guard names.count == lower.count, Set(names).count == names.count else {
            throw .invalid(field: "domain.variables", "need \(lower.count) distinct names, got \(names)")
        }
        self.lower = lower
        self.upper = upper
        self.variables = names
    }

    public var dimension: Int { lower.count }

    /// b_d − a_d.
    public func length(_ d: Int) -> Double { upper[d] - lower[d] }
}
