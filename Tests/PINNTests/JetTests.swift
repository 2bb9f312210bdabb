import Testing
import Foundation
import LinearAlgebra
import PINN
import Residuals
import SeededRandom
import TestSupport

private func randomPoints(_ n: Int, dimension: Int, seed: UInt64) -> PointSet {
    var g = SeededGenerator(seed: seed)
    return PointSet(dimension: dimension, coordinates: (0..<(n * dimension)).map { _ in 2 * g.nextUniform() - 1 })
}

/// u at one point, through the value-only path.
private func u(_ net: MLP, _ theta: [Double], _ x: [Double]) -> Double {
    net.evaluate(theta, at: PointSet(dimension: x.count, coordinates: x))[0]
}

@Suite("Network jets")
struct JetTests {
    @Test(arguments: [(1, [1, 7, 1], Activation.tanh), (2, [2, 6, 5, 1], .tanh), (3, [3, 8, 1], .sin), (2, [2, 5, 4, 1], .sin), (2, [2, 6, 5, 1], .gelu), (4, [4, 6, 1], .softplus), (5, [5, 5, 4, 1], .swish)])
    func jetMatchesFiniteDifferences(dim: Int, widths: [Int], act: Activation) {
        let net = MLP(widths: widths, activation: act)
        let theta = net.initialParameters(seed: 42)
        var requested: [JetChannel] = [.value, .laplacian]
        for i in 0..<dim { requested.append(.first(i)); for j in i..<dim { requested.append(.second(i, j)) } }
        let layout = JetLayout(dimension: dim, requested: requested)
        let pts = randomPoints(5, dimension: dim, seed: 7)
        let e = JetEvaluator(network: net, layout: layout, pointCount: pts.count)
        e.setPoints(pts)
        e.forward(theta)
        let out = e.output, B = pts.count
        let h = 1e-4
        for p in 0..<B {
            let x = Array(pts.point(p))
            func shifted(_ d: Int, _ s: Double) -> [Double] { var y = x; y[d] += s; return y }
            #expect(abs(out[p] - u(net, theta, x)) < 1e-14)
            var lap = 0.0
            for i in 0..<dim {
                let fd = (u(net, theta, shifted(i, h)) - u(net, theta, shifted(i, -h))) / (2 * h)
                #expect(abs(out[layout.index(of: .first(i))! * B + p] - fd) < 1e-7)
                for j in i..<dim {
                    let fd2: Double
                    if i == j {
                        fd2 = (u(net, theta, shifted(i, h)) - 2 * u(net, theta, x) + u(net, theta, shifted(i, -h))) / (h * h)
                        lap += fd2
                    } else {
                        func uu(_ si: Double, _ sj: Double) -> Double { var y = x; y[i] += si; y[j] += sj; return u(net, theta, y) }
                        fd2 = (uu(h, h) - uu(h, -h) - uu(-h, h) + uu(-h, -h)) / (4 * h * h)
                    }
                    #expect(abs(out[layout.index(of: .second(i, j))! * B + p] - fd2) < 1e-5)
                }
            }
            #expect(abs(out[layout.index(of: .laplacian)! * B + p] - lap) < 1e-5)
        }
    }

    @Test func layoutCarriesFirstsOnlyWhenNeeded() {
        #expect(JetLayout(dimension: 3, requested: [.value]).channels == [.value])
        #expect(JetLayout(dimension: 2, requested: [.laplacian]).channels == [.value, .first(0), .first(1), .laplacian])
        #expect(JetLayout(dimension: 2, requested: [.second(0, 1)]).count == 4)
    }

    @Test func parameterCountOfTheAnchorNetwork() {
        #expect(MLP(widths: [2, 64, 1]).parameterCount == 257)
        #expect(MLP(widths: [2, 32, 32, 1]).parameterCount == 1185)
        #expect(MLP(widths: [2, 64, 64, 48, 48, 1]).parameterCount == 9873)
    }

    @Test func initialisationIsSeededAndReproducible() {
        let net = MLP(widths: [2, 16, 1])
        #expect(net.initialParameters(seed: 3) == net.initialParameters(seed: 3))
        #expect(net.initialParameters(seed: 3) != net.initialParameters(seed: 4))
    }
}

@Suite("Initialisation")
struct InitialisationTests {
    /// Sample moments of the weights against each scheme's law (tolerances ~5σ of the estimate).
    @Test func schemesDrawFromTheirLaws() {
        let net = MLP(widths: [2, 400, 300, 1], activation: .sin)
        func layer(_ theta: [Double], _ l: Int) -> [Double] {
            let o = net.weightOffset(l)
            return Array(theta[o..<(o + net.widths[l] * net.widths[l - 1])])
        }
        func variance(_ w: [Double]) -> Double { w.reduce(0) { $0 + $1 * $1 } / Double(w.count) }
        let glorot = net.initialParameters(seed: 1, scheme: .glorot)
        #expect(abs(variance(layer(glorot, 2)) / (2.0 / 700) - 1) < 0.02)
        let he = net.initialParameters(seed: 1, scheme: .he)
        #expect(abs(variance(layer(he, 2)) / (2.0 / 400) - 1) < 0.02)
        let siren = net.initialParameters(seed: 1, scheme: .siren)
        #expect(layer(siren, 1).allSatisfy { abs($0) <= 15 } && layer(siren, 1).contains { abs($0) > 14 })
        let bound = (6.0 / 400).squareRoot()
        #expect(layer(siren, 2).allSatisfy { abs($0) <= bound })
        #expect(abs(variance(layer(siren, 2)) / (bound * bound / 3) - 1) < 0.02)
        // Biases start at zero.
        let b = net.weightOffset(2) - 400
        #expect(siren[b..<net.weightOffset(2)].allSatisfy { $0 == 0 })
    }
}

@Suite("Fourier features")
struct FourierFeatureTests {
    @Test(arguments: [1, 2, 3])
    func embeddedJetsMatchFiniteDifferences(dim: Int) {
        let features = FourierFeatures(inputDimension: dim, count: 3, scale: 0.7, seed: 5)
        let net = MLP(widths: [6, 5, 1], activation: .tanh, embedding: features)
        #expect(net.inputCount == dim && net.parameterCount == 6 * 5 + 5 + 5 + 1)
        let theta = net.initialParameters(seed: 2)
        var requested: [JetChannel] = [.value, .laplacian]
        for i in 0..<dim { requested.append(.first(i)); for j in i..<dim { requested.append(.second(i, j)) } }
        let layout = JetLayout(dimension: dim, requested: requested)
        let pts = PointSet(dimension: dim, coordinates: (0..<(4 * dim)).map { 0.3 * sin(Double($0)) })
        let e = JetEvaluator(network: net, layout: layout, pointCount: 4)
        e.setPoints(pts)
        e.forward(theta)
        // Fourth-order stencils: the features oscillate fast, second-order differences are too coarse.
        let h = 1e-3
        func u(_ x: [Double]) -> Double { net.evaluate(theta, at: PointSet(dimension: dim, coordinates: x))[0] }
        for p in 0..<4 {
            let x = Array(pts.point(p))
            var lap = 0.0
            for i in 0..<dim {
                func at(_ k: Double) -> Double { var y = x; y[i] += k * h; return u(y) }
                let first = (-at(2) + 8 * at(1) - 8 * at(-1) + at(-2)) / (12 * h)
                let second = (-at(2) + 16 * at(1) - 30 * at(0) + 16 * at(-1) - at(-2)) / (12 * h * h)
                lap += second
                #expect(abs(e.output[layout.index(of: .first(i))! * 4 + p] - first) < 1e-8)
                #expect(abs(e.output[layout.index(of: .second(i, i))! * 4 + p] - second) < 1e-5)
            }
            #expect(abs(e.output[layout.index(of: .laplacian)! * 4 + p] - lap) < 1e-5)
        }
    }

    @Test func embeddingRoundTripsThroughSavedParameters() throws {
        let net = MLP(widths: [8, 4, 1], embedding: FourierFeatures(inputDimension: 2, count: 4, scale: 2, seed: 1))
        let theta = net.initialParameters(seed: 3)
        let back = try SavedParameters.decode(try SavedParameters(network: net, parameters: theta).encoded(), expected: net)
        #expect(back.network == net && back.parameters == theta)
        let plain = MLP(widths: [8, 4, 1])
        #expect(throws: SavedParameters.LoadError.self) {
            try SavedParameters.decode(try SavedParameters(network: net, parameters: theta).encoded(), expected: plain)
        }
    }
}
