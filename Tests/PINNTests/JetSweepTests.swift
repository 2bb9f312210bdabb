import Testing
import Foundation
import PINN
import Residuals
import SeededRandom

/// The fused, blocked jet forward pass against a plain per-point reference built
/// from `Activation.derivatives` (scalar libm) and the textbook jet rules.
@Suite("Fused jet sweep")
struct JetSweepTests {
    /// The jet at one point: channels in `layout` order, one vector of units each.
    private func reference(_ net: MLP, _ theta: [Double], _ x: [Double], _ layout: JetLayout) -> [[Double]] {
        let dim = layout.dimension
        var a: [[Double]] = layout.channels.map { ch -> [Double] in
            switch ch {
            case .value: return x
            case .first(let d): return (0..<dim).map { $0 == d ? 1 : 0 }
            default: return [Double](repeating: 0, count: dim)
            }
        }
        for l in 1...net.layerCount {
            let (nIn, nOut) = (net.widths[l - 1], net.widths[l]), o = net.weightOffset(l)
            var z = a.map { ac in (0..<nOut).map { j in (0..<nIn).reduce(0.0) { $0 + theta[o + $1 * nOut + j] * ac[$1] } } }
            for j in 0..<nOut { z[0][j] += theta[o + nOut * nIn + j] }
            guard l < net.layerCount else { return z }
            var next = [[Double]](repeating: [Double](repeating: 0, count: nOut), count: layout.count)
            for j in 0..<nOut {
                let (s0, s1, s2, _) = net.activation.derivatives(z[0][j])
                for (c, ch) in layout.channels.enumerated() {
                    switch ch {
                    case .value: next[c][j] = s0
                    case .first: next[c][j] = s1 * z[c][j]
                    case .second(let p, let q): next[c][j] = s1 * z[c][j] + s2 * z[1 + p][j] * z[1 + q][j]
                    case .laplacian: next[c][j] = s1 * z[c][j] + s2 * (0..<dim).reduce(0.0) { $0 + z[1 + $1][j] * z[1 + $1][j] }
                    case .third, .fourth: Issue.record("this reference stops at order 2 (HigherOrderJetTests covers 3 and 4)")
                    }
                }
            }
            a = next
        }
        return a
    }

    /// Odd widths and point counts (tail lanes, partial blocks), every activation.
    @Test(arguments: Activation.allCases)
    func matchesPerPointReference(act: Activation) {
        for (dim, widths, B) in [(2, [2, 37, 5, 1], 83), (3, [3, 9, 130, 2], 7)] {
            let net = MLP(widths: widths, activation: act)
            let theta = net.initialParameters(seed: 5)
            var requested: [JetChannel] = [.value, .laplacian, .second(0, 1)]
            for i in 0..<dim { requested.append(.first(i)) }
            let layout = JetLayout(dimension: dim, requested: requested)
            var g = SeededGenerator(seed: 3)
            let pts = PointSet(dimension: dim, coordinates: (0..<(B * dim)).map { _ in 4 * g.nextUniform() - 2 })
            let e = JetEvaluator(network: net, layout: layout, pointCount: B)
            e.setPoints(pts)
            e.forward(theta)
            let out = e.output, F = net.outputCount
            var worst = 0.0
            for i in 0..<B {
                let ref = reference(net, theta, Array(pts.point(i)), layout)
                for c in 0..<layout.count {
                    for f in 0..<F {
                        worst = max(worst, abs(out[(c * B + i) * F + f] - ref[c][f]) / max(1, abs(ref[c][f])))
                    }
                }
            }
            #expect(worst < 1e-13, "\(act) \(widths) B = \(B): \(worst)")
        }
    }
}
