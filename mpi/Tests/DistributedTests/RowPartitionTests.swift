import Testing
@testable import Distributed

@Suite struct RowPartitionTests {
    @Test func sharesCoverEveryBlock() throws {
        let p = try RowPartition(blockRows: [10, 7, 3], ranks: 3)
        #expect(p.globalCount == 20)
        #expect(Set(p.gatherOrder) == Set(0..<20))
    }
}
