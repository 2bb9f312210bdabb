import Distributed
import Residuals
import Testing

@Suite struct PINNShareTests {
    static let text = """
    name = "p"
    [domain]
    lower = [0, 0]
    upper = [1, 1]
    [pde]
    equation = "-lap(u) = 1"
    points = "grid"
    count = [6, 6]
    [[boundary]]
    kind = "dirichlet"
    value = "0"
    points = "perimeter"
    count = 16
    [network]
    hidden = [8]
    """

    /// Every rank's share has the problem's terms, cut to its rows; together they hold every point once.
    @Test func sharesHoldEveryPointOnce() throws {
        let file = try ProblemFile.parse(Self.text, file: "p.toml")
        let shares = try (0..<3).map { try PINNShare(file: file, ranks: 3, rank: $0) }
        #expect(shares.allSatisfy { $0.initialParameters == shares[0].initialParameters })
        #expect(shares.map(\.local.residualCount).reduce(0, +) == file.problem.residualCount)
        for t in file.problem.terms.indices {
            let mine = shares.flatMap { $0.local.problem.terms[t].points.coordinates }
            #expect(mine == file.problem.terms[t].points.coordinates)
        }
    }

    /// Sizes beyond MPI's counts or the memory are refused naming the field, before allocating.
    @Test func oversizedRunsAreRefused() throws {
        let file = try ProblemFile.parse(Self.text, file: "p.toml")
        #expect(throws: ProblemFileError.self) { try PINNShare.checkSizes(file, parameters: 70_000, rows: 10, memory: 1e15) }
        #expect(throws: ProblemFileError.self) { try PINNShare.checkSizes(file, parameters: 1000, rows: 1_000_000, memory: 1e9) }
        try PINNShare.checkSizes(file, parameters: 1000, rows: 1000, memory: 1e9)
        do {
            try PINNShare.checkSizes(file, parameters: 70_000, rows: 10, memory: 1e15)
        } catch let e as ProblemFileError {
            #expect(e.field == "network.hidden")
        }
    }

    @Test func aTermWithFewerRowsThanRanksIsRefused() throws {
        let file = try ProblemFile.parse(Self.text, file: "p.toml")
        #expect(throws: ProblemFileError.self) { try PINNShare(file: file, ranks: 17, rank: 0) }
    }
}
