// PeriodicEmbeddingTests.swift — the periodic input embedding: exact jets, exact periodicity.

import Foundation
import Testing
import PINN
import Residuals

/// The jets of `net` at `points` for `layout` (output channel c, point p at c·B + p).
private func jets(_ net: MLP, _ theta: [Double], _ layout: JetLayout, _ points: PointSet) -> [Double] {
    let e = JetEvaluator(network: net, layout: layout, pointCount: points.count)
    e.setPoints(points)
    e.forward(theta)
    return e.output
}

@Suite("Periodic input embedding")
struct PeriodicEmbeddingTests {
    static let layout = JetLayout(dimension: 2, requested: [.value, .first(0), .first(1), .second(0, 0), .second(0, 1),
                                                            .second(1, 1), .laplacian, .third(0, 0, 0)])

    /// (x, t) with x periodic (L = 2) and t passed through; K harmonics.
    static func network(harmonics: Int) -> MLP {
        let embedding = FourierFeatures.periodic(inputDimension: 2, periods: [(dimension: 0, period: 2)], harmonics: harmonics)
        return MLP(widths: [2 * harmonics + 1, 6, 5, 1], activation: .tanh, embedding: embedding)
    }

    @Test func widthsAndPassThrough() {
        let e = FourierFeatures.periodic(inputDimension: 3, periods: [(dimension: 0, period: 2), (dimension: 2, period: 0.5)], harmonics: 2)
        #expect(e.count == 4 && e.passThrough == [1] && e.outputCount == 9)
        // Rows k/L along their axis only.
        #expect(e.frequencies == [0.5, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 4])
    }

    @Test(arguments: [1, 3])
    func jetsMatchFiniteDifferences(harmonics: Int) {
        let net = Self.network(harmonics: harmonics), layout = Self.layout
        let theta = net.initialParameters(seed: 4)
        let h = 2e-4, x = [0.37, 0.61]   // 3 harmonics: 4th-order differences need h ≲ 1/(3π)·10⁻²
        // Point 0 at x; then ±h, ±2h along x (1…4) and along t (5…8).
        var coords = x
        for d in 0..<2 { for k in [-2.0, -1, 1, 2] { var y = x; y[d] += k * h; coords += y } }
        let out = jets(net, theta, layout, PointSet(dimension: 2, coordinates: coords)), B = 9
        func channel(_ c: JetChannel, _ p: Int) -> Double { out[layout.index(of: c)! * B + p] }
        /// Fourth-order first difference of channel c along d at point 0.
        func fd(_ c: JetChannel, along d: Int) -> Double {
            let at = { (k: Int) in channel(c, 1 + 4 * d + k) }
            return (at(0) - 8 * at(1) + 8 * at(2) - at(3)) / (12 * h)
        }
        func close(_ a: Double, _ b: Double, _ tol: Double) -> Bool { abs(a - b) <= tol * max(1, abs(b)) }
        #expect(close(channel(.first(0), 0), fd(.value, along: 0), 1e-9))
        #expect(close(channel(.first(1), 0), fd(.value, along: 1), 1e-9))
        #expect(close(channel(.second(0, 0), 0), fd(.first(0), along: 0), 1e-8))
        #expect(close(channel(.second(0, 1), 0), fd(.first(0), along: 1), 1e-8))
        #expect(close(channel(.second(1, 1), 0), fd(.first(1), along: 1), 1e-8))
        #expect(close(channel(.third(0, 0, 0), 0), fd(.second(0, 0), along: 0), 1e-7))
        #expect(close(channel(.laplacian, 0), channel(.second(0, 0), 0) + channel(.second(1, 1), 0), 1e-13))
        // The value agrees with the value-only path.
        #expect(abs(channel(.value, 0) - net.evaluate(theta, at: PointSet(dimension: 2, coordinates: x))[0]) <= 1e-14)
    }

    @Test(arguments: [1, 2])
    func periodicToRoundOffWithEveryDerivative(harmonics: Int) {
        let net = Self.network(harmonics: harmonics), layout = Self.layout
        let theta = net.initialParameters(seed: 9)
        /// 12 points (x_i + shift, t_i + timeShift).
        func points(shift: Double, timeShift: Double = 0) -> PointSet {
            var c: [Double] = []
            for i in 0..<12 {
                let s = Double(i) / 11
                c.append(-1 + 2 * s + shift)
                c.append(s + timeShift)
            }
            return PointSet(dimension: 2, coordinates: c)
        }
        let (base, shifted, back) = (points(shift: 0), points(shift: 2), points(shift: -4))
        let a = jets(net, theta, layout, base)
        let b = jets(net, theta, layout, shifted)
        let c = jets(net, theta, layout, back)
        let scale = a.map(abs).max()!
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-13 * scale })
        #expect(zip(a, c).allSatisfy { abs($0 - $1) <= 1e-13 * scale })
        // …while t is not periodic: u(x, t) ≠ u(x, t + 2).
        let d = jets(net, theta, layout, points(shift: 0, timeShift: 2))
        #expect(zip(a, d).contains { abs($0 - $1) > 1e-3 })
    }

    @Test func roundTripsThroughSavedParameters() throws {
        let net = Self.network(harmonics: 2)
        let theta = net.initialParameters(seed: 3)
        let text = try SavedParameters(network: net, parameters: theta).encoded()
        #expect(text.contains("\"pass_through\": [1]"))
        let back = try SavedParameters.decode(text, expected: net)
        #expect(back.network == net && back.parameters == theta)
        // The same features without the plain t input are another network.
        let bad = text.replacingOccurrences(of: ", \"pass_through\": [1]", with: "")
        #expect(throws: SavedParameters.LoadError.self) { try SavedParameters.decode(bad) }
        let outOfRange = text.replacingOccurrences(of: "\"pass_through\": [1]", with: "\"pass_through\": [2]")
        #expect(throws: SavedParameters.LoadError.self) { try SavedParameters.decode(outOfRange) }
    }
}
