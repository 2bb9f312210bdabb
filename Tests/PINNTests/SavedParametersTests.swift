import Testing
import Foundation
import PINN
import TestSupport

@Suite("Saved parameters")
struct SavedParametersTests {
    @Test func roundTripIsBitForBit() throws {
        let net = MLP(widths: [3, 9, 4, 1], activation: .swish)
        var theta = net.initialParameters(seed: 11)
        theta[0] = 0.1 + 0.2            // not exactly representable in short decimal
        theta[1] = -1e-300
        theta[2] = .pi * 1e200
        let text = try SavedParameters(network: net, parameters: theta).encoded()
        let back = try SavedParameters.decode(text, expected: net)
        #expect(back.network == net)
        #expect(back.parameters.map(\.bitPattern) == theta.map(\.bitPattern))
    }

    @Test func loadingIntoAnotherShapeIsAClearError() throws {
        let text = try SavedParameters(network: MLP(widths: [2, 8, 1]), parameters: MLP(widths: [2, 8, 1]).initialParameters(seed: 1)).encoded()
        #expect(throws: SavedParameters.LoadError(description: "saved for a 2-8-1 tanh network, but this one is 2-16-1 tanh")) {
            try SavedParameters.decode(text, expected: MLP(widths: [2, 16, 1]))
        }
        let truncated = text.replacingOccurrences(of: "\"parameter_count\": 33", with: "\"parameter_count\": 34")
        #expect(throws: SavedParameters.LoadError.self) { try SavedParameters.decode(truncated) }
        #expect(throws: SavedParameters.LoadError(description: "not a JSON object")) { try SavedParameters.decode("[1, 2") }
        #expect(throws: SavedParameters.LoadError(description: "parameters contain NaN or Inf")) {
            try SavedParameters(network: MLP(widths: [1, 1]), parameters: [.nan, 0]).encoded()
        }
    }
}
