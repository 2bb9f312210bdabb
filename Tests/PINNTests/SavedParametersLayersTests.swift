import Testing
import Foundation
import PINN
import Residuals

@Suite("Saved parameters from per-layer arrays")
struct SavedParametersLayersTests {
    /// A 2-3-1 network whose layers are written out by hand in the (out × in)
    /// row-major convention: the network evaluates z = W a + b with exactly them.
    @Test func rowMajorOutByInIsTheConventionOfZEqualsWaPlusB() throws {
        let net = MLP(widths: [2, 3, 1], activation: .tanh)
        let w0: [[Double]] = [[0.5, -1.0], [0.25, 2.0], [-0.75, 0.125]]     // 3 × 2: output i, input j
        let b0: [Double] = [0.1, -0.2, 0.3]
        let w1: [[Double]] = [[1.5, -0.5, 2.0]]
        let b1: [Double] = [-0.05]
        let saved = try SavedParameters.fromLayers(
            network: net,
            weights: [.init(name: "W0", shape: [3, 2], values: w0.flatMap { $0 }),
                      .init(name: "W1", shape: [1, 3], values: w1.flatMap { $0 })],
            biases: [.init(name: "b0", shape: [3], values: b0), .init(name: "b1", shape: [1, 1], values: b1)])
        let x = [0.3, -0.7]
        let hidden = (0..<3).map { i in tanh(w0[i][0] * x[0] + w0[i][1] * x[1] + b0[i]) }
        let expected = (0..<3).reduce(b1[0]) { $0 + w1[0][$1] * hidden[$1] }
        let u = net.evaluate(saved.parameters, at: PointSet(dimension: 2, coordinates: x))
        #expect(abs(u[0] - expected) <= 1e-15 * max(1, abs(expected)))
        // layers() is the inverse.
        let back = saved.layers()
        #expect(back.map(\.weights.values) == [w0.flatMap { $0 }, w1.flatMap { $0 }])
        #expect(back.map(\.bias.values) == [b0, b1])
        #expect(back.map(\.weights.shape) == [[3, 2], [1, 3]])
    }

    @Test func roundTripThroughLayersIsExact() throws {
        let net = MLP(widths: [3, 7, 5, 2], activation: .gelu)
        let theta = net.initialParameters(seed: 4).enumerated().map { $0.element + 0.001 * Double($0.offset) }
        let layers = SavedParameters(network: net, parameters: theta).layers()
        let back = try SavedParameters.fromLayers(network: net, weights: layers.map(\.weights), biases: layers.map(\.bias))
        #expect(back.parameters == theta)
    }

    @Test func aWrongShapeOrCountIsOneClearLine() {
        let net = MLP(widths: [2, 3, 1])
        let good = SavedParameters(network: net, parameters: net.initialParameters(seed: 0)).layers()
        var w = good.map(\.weights), b = good.map(\.bias)
        w[0] = .init(name: "W0.npy", shape: [2, 3], values: w[0].values)        // transposed: in × out
        #expect(throws: SavedParameters.LoadError(description: "W0.npy has shape (2, 3); layer 0 needs (out × in) = (3, 2)")) {
            try SavedParameters.fromLayers(network: net, weights: w, biases: b)
        }
        w = good.map(\.weights)
        b[1] = .init(name: "b1.npy", shape: [2], values: [0, 0])
        #expect(throws: SavedParameters.LoadError(description: "b1.npy has shape (2,); layer 1 needs (1,)")) {
            try SavedParameters.fromLayers(network: net, weights: w, biases: b)
        }
        #expect(throws: SavedParameters.LoadError.self) {
            try SavedParameters.fromLayers(network: net, weights: Array(w.prefix(1)), biases: Array(good.map(\.bias).prefix(1)))
        }
        w[1] = .init(name: "W1.npy", shape: [1, 3], values: [0, .nan, 0])
        #expect(throws: SavedParameters.LoadError(description: "W1.npy holds nan at flat index 1; parameters must be finite")) {
            try SavedParameters.fromLayers(network: net, weights: w, biases: good.map(\.bias))
        }
    }
}
