// ProblemFilePeriodicTests.swift — `[network] periodic`, `period`, `harmonics` and the boundaries they replace.

import Foundation
import Testing
@testable import Residuals

private let kdv = """
    name = "kdv-small"
    [domain]
    lower = [-1, 0]
    upper = [1, 1]
    variables = ["x", "t"]
    time = "t"
    [pde]
    equation = "u_t + u*u_x + 0.0025*u_xxx = 0"
    points = "grid"
    count = [6, 5]
    [[initial]]
    value = "cos(pi*x)"
    points = "grid"
    count = 8
    [network]
    hidden = [5]
    periodic = ["x"]

    """

private func parseError(_ text: String) -> ProblemFileError? {
    do { _ = try ProblemFile.parse(text, file: "p.toml"); return nil } catch { return error }
}

@Suite("Problem files: the periodic embedding")
struct ProblemFilePeriodicTests {
    @Test func periodFromTheDomainAndNoBoundaryNeeded() throws {
        let file = try ProblemFile.parse(kdv, file: "p.toml")
        #expect(file.network.periodic == [PeriodicInput(dimension: 0, period: 2)])
        #expect(file.network.harmonics == 1)
        #expect(file.boundaries.isEmpty)
        // Without the embedding the missing boundary is an error, as before.
        let plain = kdv.replacingOccurrences(of: "periodic = [\"x\"]\n", with: "")
        #expect(parseError(plain)?.field == "boundary")
    }

    @Test func explicitPeriodAndHarmonics() throws {
        let file = try ProblemFile.parse(kdv.replacingOccurrences(of: "periodic = [\"x\"]", with: "periodic = [\"x\"]\nperiod = [2.0]\nharmonics = 3"),
                                         file: "p.toml")
        #expect(file.network.periodic == [PeriodicInput(dimension: 0, period: 2)] && file.network.harmonics == 3)
        // A period other than the extent does not close the box: the boundary is needed again.
        let open = kdv.replacingOccurrences(of: "periodic = [\"x\"]", with: "periodic = [\"x\"]\nperiod = [4]")
        #expect(parseError(open)?.field == "boundary")
    }

    /// Each bad setting: the field named, on its line, with what was expected.
    @Test(arguments: [
        ("periodic = [\"y\"]", "network.periodic", "not a variable"),
        ("periodic = [\"t\"]", "network.periodic", "time variable"),
        ("periodic = []", "network.periodic", "is empty"),
        ("periodic = [\"x\", \"x\"]", "network.periodic", "twice"),
        ("periodic = [\"x\"]\nperiod = [2, 3]", "network.period", "one period per name"),
        ("periodic = [\"x\"]\nperiod = [0]", "network.period", "> 0"),
        ("periodic = [\"x\"]\nharmonics = 0", "network.harmonics", "1…64"),
        ("harmonics = 2", "network.harmonics", "needs periodic"),
        ("period = [2]", "network.period", "needs periodic"),
        ("periodic = [\"x\"]\nfourier_features = 4", "network.periodic", "fourier_features"),
    ])
    func badSettingsNameTheirField(setting: String, field: String, message: String) throws {
        let error = try #require(parseError(kdv.replacingOccurrences(of: "periodic = [\"x\"]", with: setting)))
        #expect(error.field == field, "\(error.headline)")
        #expect(error.headline.contains(message), "\(error.headline)")
        #expect(error.line != nil && !error.headline.contains("\n"))
    }

    @Test func aPeriodicBoundaryOnAnEmbeddedVariableIsRefusedAsRedundant() throws {
        let text = kdv + """
            [[boundary]]
            kind = "periodic"
            on = ["x=-1", "x=1"]
            points = "grid"
            count = 4

            """
        let error = try #require(parseError(text))
        #expect(error.field.hasSuffix("kind") && error.headline.contains("redundant"), "\(error.headline)")
        let kindLine = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("kind = \"periodic\"") }! + 1
        #expect(error.line == kindLine, "\(error.headline)")
        // With a period other than the extent the embedding does not close the box: the table is allowed.
        let other = try ProblemFile.parse(text.replacingOccurrences(of: "periodic = [\"x\"]", with: "periodic = [\"x\"]\nperiod = [1]"),
                                          file: "p.toml")
        #expect(other.boundaries.map(\.kind) == ["periodic"])
    }
}
