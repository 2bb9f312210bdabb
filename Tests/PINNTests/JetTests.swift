import Testing
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
