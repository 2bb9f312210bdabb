/// One input derivative of a field u that a residual term may need at a point.
///
/// A *jet* is the list of these quantities at every point; the model (a PINN or
/// anything else) computes it, a term turns it into a residual. Dimensions are
/// numbered 0 ..< D in the order of the domain's variables (x, y, z, … or x, …, t).
///
/// A partial derivative ∂^α u is named by its multi-index written as the sorted
/// list of the dimensions it differentiates in, with repeats: ∂³u/∂x²∂y in 2D is
/// `.third(0, 0, 1)`, ∂⁴u/∂x²∂y² is `.fourth(0, 0, 1, 1)`. `derivative(_:)` builds
/// the channel of any such list of order 0 … 4, in any order.
public enum JetChannel: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// u itself.
    case value
    /// ∂u/∂x_d.
    case first(Int)
    /// ∂²u/∂x_i∂x_j with i ≤ j.
    case second(Int, Int)
    /// Δu = Σ_d ∂²u/∂x_d², as one channel (the "forward Laplacian" shortcut).
    case laplacian
    /// ∂³u/∂x_i∂x_j∂x_k with i ≤ j ≤ k.
    case third(Int, Int, Int)
    /// ∂⁴u/∂x_i∂x_j∂x_k∂x_l with i ≤ j ≤ k ≤ l.
    case fourth(Int, Int, Int, Int)

    /// The highest derivative order a channel can have.
    public static let maximumOrder = 4

    /// The mixed second derivative with its indices ordered (i ≤ j).
    public static func mixed(_ i: Int, _ j: Int) -> JetChannel { .second(min(i, j), max(i, j)) }

    /// ∂^α u for the multi-index α given as the dimensions it differentiates in,
    /// with repeats and in any order (partial derivatives of smooth functions
    /// commute): `[]` is the value, `[0, 1, 0]` is ∂³u/∂x²∂y = `.third(0, 0, 1)`.
    /// At most `maximumOrder` entries.
    public static func derivative(_ dimensions: [Int]) -> JetChannel {
        let s = dimensions.sorted()
        precondition(s.first.map { $0 >= 0 } ?? true, "JetChannel.derivative: negative dimension in \(dimensions)")
        switch s.count {
        case 0: return .value
        case 1: return .first(s[0])
        case 2: return .second(s[0], s[1])
        case 3: return .third(s[0], s[1], s[2])
        case 4: return .fourth(s[0], s[1], s[2], s[3])
        default: preconditionFailure("JetChannel.derivative: order \(s.count) > \(maximumOrder)")
        }
    }

    /// The multi-index as sorted dimensions (`[]` for the value), or nil for the
    /// Laplacian, which is a sum of derivatives rather than one.
    public var dimensions: [Int]? {
        switch self {
        case .value: return []
        case .first(let d): return [d]
        case .second(let i, let j): return [i, j]
        case .third(let i, let j, let k): return [i, j, k]
        case .fourth(let i, let j, let k, let l): return [i, j, k, l]
        case .laplacian: return nil
        }
    }

    /// Derivative order: 0 for the value, 1 for first, 2 for second and Laplacian, 3, 4.
    public var order: Int { dimensions?.count ?? 2 }

    /// value < first < second < Laplacian < third < fourth, then by the indices.
    private var sortKey: (Int, Int, Int, Int, Int) {
        switch self {
        case .value: return (0, 0, 0, 0, 0)
        case .first(let d): return (1, d, 0, 0, 0)
        case .second(let i, let j): return (2, i, j, 0, 0)
        case .laplacian: return (3, 0, 0, 0, 0)
        case .third(let i, let j, let k): return (4, i, j, k, 0)
        case .fourth(let i, let j, let k, let l): return (5, i, j, k, l)
        }
    }

    public static func < (a: JetChannel, b: JetChannel) -> Bool { a.sortKey < b.sortKey }

    public var description: String {
        switch self {
        case .laplacian: return "lap(u)"
        case .value: return "u"
        default: return "u_" + dimensions!.map(String.init).joined()
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
