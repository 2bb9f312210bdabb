/// Which residual rows each rank owns: of every block of rows (a problem's
/// term, or one block for a plain system), rank k of N owns the contiguous rows
///
///     [⌊n_t·k/N⌋, ⌊n_t·(k+1)/N⌋)
///
/// of block t (n_t rows) — shares differ by at most one row, depend on nothing
/// but the counts, and their union over k is the block. A rank's local rows are
/// its share of block 0, then of block 1, …; the one-process order is block 0
/// entirely, then block 1, …, so `segments(rank:)` maps local rows to global ones.
public struct RowPartition: Sendable, Equatable {
    /// Rows per block, in the one-process order.
    public let blockRows: [Int]
    public let ranks: Int

    /// Throws when some block has fewer rows than there are ranks (a rank would
    /// own none of it), or no rows at all are given.
    public init(blockRows: [Int], ranks: Int) throws(DistributedError) {
        guard ranks >= 1 else { throw DistributedError("ranks = \(ranks): must be at least 1") }
        guard !blockRows.isEmpty, blockRows.allSatisfy({ $0 >= 0 }) else {
            throw DistributedError("row blocks \(blockRows): need at least one block and no negative count")
        }
        if let t = blockRows.firstIndex(where: { $0 < ranks }) {
            throw DistributedError("block \(t) has \(blockRows[t]) rows for \(ranks) ranks: every rank must own at least one row of every block")
        }
        self.blockRows = blockRows
        self.ranks = ranks
    }

    /// B, the rows of the whole system.
    public var globalCount: Int { blockRows.reduce(0, +) }

    /// Rows of block t owned by `rank` (block-local indices).
    public func range(block t: Int, rank: Int) -> Range<Int> {
        let n = blockRows[t]
        return (n * rank / ranks)..<(n * (rank + 1) / ranks)
    }

    /// How many rows `rank` owns.
    public func localCount(rank: Int) -> Int {
        blockRows.indices.reduce(0) { $0 + range(block: $1, rank: rank).count }
    }

    /// (first global row, count) of each of `rank`'s blocks, in its local order.
    public func segments(rank: Int) -> [(start: Int, count: Int)] {
        var out: [(start: Int, count: Int)] = [], offset = 0
        for t in blockRows.indices {
            let r = range(block: t, rank: rank)
            out.append((offset + r.lowerBound, r.count))
            offset += blockRows[t]
        }
        return out
    }

    /// The global row of every local row of every rank, ranks in order: entry j of
    /// the concatenation of all ranks' local rows sits at global row `gatherOrder[j]`.
    public var gatherOrder: [Int] {
        var order: [Int] = []
        order.reserveCapacity(globalCount)
        for k in 0..<ranks {
            for s in segments(rank: k) { order.append(contentsOf: s.start..<(s.start + s.count)) }
        }
        return order
    }
}
