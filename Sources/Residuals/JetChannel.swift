/// One input derivative of a field u that a residual term may need at a point.
///
/// A *jet* is the list of these quantities at every point; the model (a PINN or
/// anything else) computes it, a term turns it into a residual. Dimensions are
/// numbered 0 ..< D in the order of the domain's variables (x, y, z, … or x, …, t).
public enum JetChannel: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// u itself.
    case value
    /// ∂u/∂x_d.
    case first(Int)
    /// ∂²u/∂x_i∂x_j with i ≤ j.
    case second(Int, Int)
    /// Δu = Σ_d ∂²u/∂x_d², as one channel (the "forward Laplacian" shortcut).
    case laplacian

    /// The mixed second derivative with its indices ordered (i ≤ j).
    public static func mixed(_ i: Int, _ j: Int) -> JetChannel { .second(min(i, j), max(i, j)) }

    /// Derivative order: 0 for the value, 1 for first, 2 for second and Laplacian.
    public var order: Int {
        switch self {
        case .value: return 0
        case .first: return 1
        case .second, .laplacian: return 2
        }
    }

    private var sortKey: (Int, Int, Int) {
        switch self {
        case .value: return (0, 0, 0)
        case .first(let d): return (1, d, 0)
        case .second(let i, let j): return (2, i, j)
        case .laplacian: return (3, 0, 0)
        }
    }

    public static func < (a: JetChannel, b: JetChannel) -> Bool { a.sortKey < b.sortKey }

    public var description: String {
        switch self {
        case .value: return "u"
        case .first(let d): return "u_\(d)"
        case .second(let i, let j): return "u_\(i)\(j)"
        case .laplacian: return "lap(u)"
        }
    }
}

/// A jet channel of one field: u (field 0), v (field 1), … of a problem with several unknowns.
public struct FieldChannel: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Index into the problem's `fields`.
    public var field: Int
    public var channel: JetChannel

    public init(field: Int = 0, _ channel: JetChannel) {
        precondition(field >= 0, "FieldChannel: field \(field) < 0")
        self.field = field
        self.channel = channel
    }

    public static func < (a: FieldChannel, b: FieldChannel) -> Bool {
        (a.field, a.channel) < (b.field, b.channel)
    }

    public var description: String { field == 0 ? channel.description : "field\(field).\(channel)" }
}
