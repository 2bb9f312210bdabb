import Testing
import Distributed

@Suite struct RowPartitionTests {
    /// Every block's shares are contiguous, differ by at most one row, and cover it once.
    @Test(arguments: [1, 2, 3, 4, 7])
    func sharesTileEveryBlock(ranks: Int) throws {
        let p = try RowPartition(blockRows: [900, 120, 7], ranks: ranks)
        #expect(p.globalCount == 1027)
        for t in p.blockRows.indices {
            let shares = (0..<ranks).map { p.range(block: t, rank: $0) }
            #expect(shares.first?.lowerBound == 0 && shares.last?.upperBound == p.blockRows[t])
            for k in 1..<ranks { #expect(shares[k].lowerBound == shares[k - 1].upperBound) }
            let sizes = shares.map(\.count)
            #expect(sizes.max()! - sizes.min()! <= 1)
        }
        #expect(p.gatherOrder.sorted() == Array(0..<1027))
        #expect((0..<ranks).reduce(0) { $0 + p.localCount(rank: $1) } == 1027)
    }

    /// Rank k's local rows are its share of block 0, then of block 1, at their global rows.
    @Test func segmentsMapLocalRowsToGlobalRows() throws {
        let p = try RowPartition(blockRows: [10, 5], ranks: 2)
        #expect(p.segments(rank: 0).map(\.start) == [0, 10])
        #expect(p.segments(rank: 0).map(\.count) == [5, 2])
        #expect(p.segments(rank: 1).map(\.start) == [5, 12])
        #expect(p.gatherOrder == [0, 1, 2, 3, 4, 10, 11, 5, 6, 7, 8, 9, 12, 13, 14])
    }

    @Test func aBlockSmallerThanTheJobIsRefused() {
        #expect(throws: DistributedError.self) { try RowPartition(blockRows: [10, 2], ranks: 3) }
        #expect(throws: DistributedError.self) { try RowPartition(blockRows: [], ranks: 1) }
        #expect(throws: DistributedError.self) { try RowPartition(blockRows: [4], ranks: 0) }
    }
}
