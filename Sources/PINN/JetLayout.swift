import Residuals

/// Which input derivatives a network propagates, and where each sits.
///
/// Channels are ordered: value; then ∂_d for every dimension (if any derivative
/// is needed, all first derivatives are carried, since second derivatives are
/// built from them); then the requested mixed seconds ∂_i∂_j; then Δ when asked
/// (the forward Laplacian: one channel instead of D).
public struct JetLayout: Sendable, Equatable {
    public let dimension: Int
    public let channels: [JetChannel]
    /// True when first derivatives are carried (channels 1...D).
    public let hasFirst: Bool
    /// Requested (i, j), i ≤ j, in channel order after the firsts.
    public let seconds: [(Int, Int)]
    public let hasLaplacian: Bool

    public static func == (a: JetLayout, b: JetLayout) -> Bool { a.dimension == b.dimension && a.channels == b.channels }

    /// The smallest layout that provides every channel in `requested`.
    public init(dimension: Int, requested: [JetChannel]) {
        precondition(dimension >= 1, "JetLayout: dimension \(dimension) < 1")
        let req = Set(requested)
        for c in req {
            switch c {
            case .first(let d): precondition(d >= 0 && d < dimension, "JetLayout: ∂_\(d) in \(dimension)D")
            case .second(let i, let j):
                precondition(i >= 0 && i <= j && j < dimension, "JetLayout: ∂_\(i)∂_\(j) in \(dimension)D")
            default: break
            }
        }
        self.dimension = dimension
        hasFirst = req.contains { $0.order >= 1 }
        seconds = req.compactMap { if case .second(let i, let j) = $0 { return (i, j) } else { return nil } }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        hasLaplacian = req.contains(.laplacian)
        var ch: [JetChannel] = [.value]
        if hasFirst { ch += (0..<dimension).map { .first($0) } }
        ch += seconds.map { .second($0.0, $0.1) }
        if hasLaplacian { ch.append(.laplacian) }
        channels = ch
    }

    public var count: Int { channels.count }

    /// Index of `channel` in the layout, nil when not carried.
    public func index(of channel: JetChannel) -> Int? { channels.firstIndex(of: channel) }

    var firstOffset: Int { 1 }
    var secondOffset: Int { 1 + (hasFirst ? dimension : 0) }
    var laplacianIndex: Int { count - 1 }
}
