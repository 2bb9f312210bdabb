import Residuals

/// Which input derivatives a network propagates, and where each sits.
///
/// Channels are ordered: value; then ∂_d for every dimension (if any derivative
/// is needed, all first derivatives are carried, since higher derivatives are
/// built from them); then the mixed seconds ∂_i∂_j; then the third and fourth
/// derivatives (by order, then by multi-index); then Δ when asked (the forward
/// Laplacian: one channel instead of D), always last.
///
/// **Closure.** The derivative ∂^α σ(z) of order m involves ∂^β z for every
/// sub-multi-index β ≤ α (Faà di Bruno's formula, `FaaDiBruno`), and z = W a + b
/// passes them on to the layer before; so with ∂^α the layout carries every
/// ∂^β, 1 ≤ |β| < |α|, β ≤ α — e.g. ∂_x∂_y² brings ∂_x∂_y and ∂_y².
public struct JetLayout: Sendable, Equatable {
    public let dimension: Int
    public let channels: [JetChannel]
    /// True when first derivatives are carried (channels 1...D).
    public let hasFirst: Bool
    /// Carried (i, j), i ≤ j, in channel order after the firsts: the requested
    /// ones and those that requested third or fourth derivatives contain.
    public let seconds: [(Int, Int)]
    /// Carried derivatives of order 3 and 4 as sorted dimension lists, in channel order after the seconds.
    public let higher: [[Int]]
    public let hasLaplacian: Bool

    public static func == (a: JetLayout, b: JetLayout) -> Bool { a.dimension == b.dimension && a.channels == b.channels }

    /// The smallest layout that provides every channel in `requested` (closed under
    /// sub-multi-indices, see the type's documentation).
    public init(dimension: Int, requested: [JetChannel]) {
        precondition(dimension >= 1, "JetLayout: dimension \(dimension) < 1")
        var req = Set(requested)
        for c in requested {
            guard let dims = c.dimensions else { continue }
            precondition(dims.allSatisfy { $0 >= 0 && $0 < dimension }, "JetLayout: \(c) in \(dimension)D")
            // Every sub-multi-index: each subset of positions (repeats give the same channel).
            if dims.count >= 3 {
                for mask in 1..<(1 << dims.count) - 1 where mask.nonzeroBitCount >= 2 {
                    req.insert(.derivative(dims.indices.filter { mask & (1 << $0) != 0 }.map { dims[$0] }))
                }
            }
        }
        self.dimension = dimension
        hasFirst = req.contains { $0.order >= 1 }
        seconds = req.compactMap { if case .second(let i, let j) = $0 { return (i, j) } else { return nil } }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        higher = req.filter { $0.order >= 3 && $0 != .laplacian }.sorted().map { $0.dimensions! }
        hasLaplacian = req.contains(.laplacian)
        var ch: [JetChannel] = [.value]
        if hasFirst { ch += (0..<dimension).map { .first($0) } }
        ch += seconds.map { .second($0.0, $0.1) }
        ch += higher.map { .derivative($0) }
        if hasLaplacian { ch.append(.laplacian) }
        channels = ch
    }

    public var count: Int { channels.count }

    /// The highest derivative order carried (0 … 4).
    public var maximumOrder: Int { channels.map(\.order).max() ?? 0 }

    /// Whether derivatives of order 3 or 4 are carried. Such layouts run the
    /// portable Swift sweeps (`JetEvaluator.kernels`), through `FaaDiBruno`.
    public var hasHigherOrder: Bool { !higher.isEmpty }

    /// Index of `channel` in the layout, nil when not carried.
    public func index(of channel: JetChannel) -> Int? { channels.firstIndex(of: channel) }

    var firstOffset: Int { 1 }
    var secondOffset: Int { 1 + (hasFirst ? dimension : 0) }
    var higherOffset: Int { secondOffset + seconds.count }
    var laplacianIndex: Int { count - 1 }
}
