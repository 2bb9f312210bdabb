import Testing
import Foundation
import LinearAlgebra
@testable import PINN
import Residuals
import SeededRandom
import SvenSolver
import TestSupport

/// Every channel of order ≤ 4 in `dim` dimensions, and the Laplacian.
private func allChannels(_ dim: Int) -> [JetChannel] {
    var out: [JetChannel] = [.value, .laplacian]
    func extend(_ prefix: [Int]) {
        if !prefix.isEmpty { out.append(.derivative(prefix)) }
        guard prefix.count < 4 else { return }
        for d in (prefix.last ?? 0)..<dim { extend(prefix + [d]) }
    }
    extend([])
    return out
}

/// The output jet of `net` at `points` in `layout` (channel c, point i at c·B + i; one output).
private func jets(_ net: MLP, _ theta: [Double], _ layout: JetLayout, _ points: PointSet) -> [Double] {
    let e = JetEvaluator(network: net, layout: layout, pointCount: points.count)
    e.setPoints(points)
    e.forward(theta)
    return e.output
}

@Suite("Jets of order 3 and 4")
struct HigherOrderJetTests {
    @Test func partitionsAndTermsFollowFaaDiBruno() {
        #expect((0...4).map { FaaDiBruno.partitions($0).count } == [1, 1, 2, 5, 15])   // Bell numbers
        let layout = JetLayout(dimension: 2, requested: [.fourth(0, 0, 0, 0), .fourth(0, 0, 1, 1)])
        let plan = FaaDiBruno(layout: layout)
        func terms(_ c: JetChannel) -> [FaaDiBruno.Term] { plan.terms.filter { $0.channel == layout.index(of: c)! } }
        // a_xxxx = σ′z_xxxx + 4σ″z_xxx z_x + 3σ″z_xx² + 6σ‴z_xx z_x² + σ⁗z_x⁴.
        let x4 = terms(.fourth(0, 0, 0, 0)).map { ($0.order, $0.coefficient) }
        #expect(x4.count == 5 && x4.map(\.1).reduce(0, +) == 15)
        #expect(Set(x4.map { "\($0.0):\(Int($0.1))" }) == ["1:1", "2:4", "2:3", "3:6", "4:1"])
        // a_xxyy: 15 partitions in 9 distinct terms (partitions of {x,x,y,y} up to swapping equal letters).
        let x2y2 = terms(.fourth(0, 0, 1, 1))
        #expect(x2y2.count == 9 && x2y2.map(\.coefficient).reduce(0, +) == 15)
        #expect(x2y2.allSatisfy { $0.factors.count == $0.order })
    }

    @Test func layoutIsClosedUnderSubMultiIndices() {
        let layout = JetLayout(dimension: 3, requested: [.fourth(0, 0, 1, 2), .laplacian])
        #expect(layout.channels == [.value, .first(0), .first(1), .first(2),
                                    .second(0, 0), .second(0, 1), .second(0, 2), .second(1, 2),
                                    .third(0, 0, 1), .third(0, 0, 2), .third(0, 1, 2), .fourth(0, 0, 1, 2), .laplacian])
        #expect(layout.maximumOrder == 4 && layout.hasHigherOrder)
        #expect(JetChannel.derivative([2, 0, 2, 1]) == .fourth(0, 1, 2, 2) && JetChannel.derivative([1, 0]) == .second(0, 1))
        #expect(JetChannel.fourth(0, 1, 1, 1).order == 4 && JetChannel.third(0, 0, 1).description == "u_001")
        // The C kernels are never chosen for such a layout, whatever was asked.
        let e = JetEvaluator(network: MLP(widths: [3, 8, 1]), layout: layout, pointCount: 3)
        e.kernels = .avx2FMA
        #expect(e.kernels == .portable && e.depthFirstRunEnd(from: 1) == nil && !e.fusesProduct(nIn: 3, nOut: 8))
    }

    /// In a layout of every channel of order ≤ 4: the channels of order ≤ 2 equal the
    /// second-order path's (a separate implementation); each channel ∂^α of order 3
    /// and 4 matches the central difference (fourth-order stencil, h = 10⁻³) of
    /// ∂^{α−e_d} along its last dimension d — so thirds are checked against seconds
    /// and fourths against the checked thirds.
    @Test(arguments: [(1, [1, 6, 5, 1]), (2, [2, 6, 5, 1]), (3, [3, 5, 4, 1])])
    func jetsMatchDifferencesOfLowerOrders(dim: Int, widths: [Int]) {
        let layout = JetLayout(dimension: dim, requested: allChannels(dim))
        let lowLayout = JetLayout(dimension: dim, requested: layout.channels.filter { $0.order <= 2 })
        let h = 1e-3, base = 2
        var g = SeededGenerator(seed: UInt64(dim))
        // Each base point x, then x + k h e_d for d < dim, k ∈ {−2, −1, 1, 2}.
        var coords: [Double] = []
        for _ in 0..<base {
            let x = (0..<dim).map { _ in 2 * g.nextUniform() - 1 }
            coords += x
            for d in 0..<dim { for k in [-2.0, -1, 1, 2] { var y = x; y[d] += k * h; coords += y } }
        }
        let points = PointSet(dimension: dim, coordinates: coords), B = points.count, stride = 1 + 4 * dim
        for act in Activation.allCases {
            let net = MLP(widths: widths, activation: act)
            let theta = net.initialParameters(seed: 5)
            let out = jets(net, theta, layout, points), low = jets(net, theta, lowLayout, points)
            var worstLow = 0.0, worstFD = 0.0
            for (c, channel) in lowLayout.channels.enumerated() {
                let ch = layout.index(of: channel)!
                for i in 0..<B { worstLow = max(worstLow, abs(out[ch * B + i] - low[c * B + i]) / max(1, abs(low[c * B + i]))) }
            }
            for channel in layout.channels where channel.order >= 3 && channel != .laplacian {
                var alpha = channel.dimensions!
                let d = alpha.removeLast()
                let c = layout.index(of: channel)!, lower = layout.index(of: .derivative(alpha))!
                for p in 0..<base {
                    let x0 = p * stride, at = { (k: Int) in out[lower * B + x0 + 1 + 4 * d + k] }
                    let fd = (at(0) - 8 * at(1) + 8 * at(2) - at(3)) / (12 * h)
                    worstFD = max(worstFD, abs(out[c * B + x0] - fd) / max(1, abs(fd)))
                }
            }
            #expect(worstLow < 1e-12, "\(act) in \(dim)D: orders ≤ 2 differ from the second-order path by \(worstLow)")
            #expect(worstFD < 1e-7, "\(act) in \(dim)D: orders 3–4 differ from differences by \(worstFD)")
        }
    }

    /// The Fourier-feature input jet of order 3 and 4 (sin‴ = −cos, …), through the same check.
    @Test func fourierFeatureJetsOfOrderFour() {
        let net = MLP(widths: [6, 5, 1], activation: .tanh, embedding: FourierFeatures(inputDimension: 2, count: 3, scale: 0.4, seed: 5))
        let theta = net.initialParameters(seed: 2)
        let layout = JetLayout(dimension: 2, requested: [.fourth(0, 0, 1, 1), .third(0, 0, 0)])
        let h = 1e-3, x = [0.3, -0.2]
        var coords = x
        for k in [-2.0, -1, 1, 2] { coords += [x[0] + k * h, x[1]] }
        for k in [-2.0, -1, 1, 2] { coords += [x[0], x[1] + k * h] }
        let out = jets(net, theta, layout, PointSet(dimension: 2, coordinates: coords)), B = 9
        func fd(_ c: JetChannel, along d: Int) -> Double {
            let at = { (k: Int) in out[layout.index(of: c)! * B + 1 + 4 * d + k] }
            return (at(0) - 8 * at(1) + 8 * at(2) - at(3)) / (12 * h)
        }
        let xxyy = out[layout.index(of: .fourth(0, 0, 1, 1))! * B], xxx = out[layout.index(of: .third(0, 0, 0))! * B]
        #expect(abs(xxyy - fd(.third(0, 0, 1), along: 1)) < 1e-7 * max(1, abs(xxyy)))
        #expect(abs(xxx - fd(.second(0, 0), along: 0)) < 1e-7 * max(1, abs(xxx)))
    }
}

@Suite("Residual systems with derivatives of order 3 and 4")
struct HigherOrderSystemTests {
    private func system(_ text: String, box: Box, variables: [String], time: Int?, activation: Activation,
                        widths: [Int]) throws -> PINNSystem {
        let eq = try Equation(text, variables: variables, fields: ["u"], constants: ["delta": 0.3], time: time)
        let pts = Collocation.interiorGrid(box, counts: [3, 3])
        let problem = Problem(name: "higher", domain: box, terms: [EquationTerm(equation: eq, points: pts)])
        return PINNSystem(problem: problem, network: MLP(widths: widths, activation: activation))
    }

    /// Biharmonic Δ²u = f (2D, every ∂_i²∂_j²) and KdV u_t + u u_x + δ²u_xxx = 0 ((1+1)D):
    /// J against central differences of the residuals, J·v and Jᵀw against the dense J.
    @Test(arguments: Activation.allCases)
    func jacobianAndProductsMatch(act: Activation) throws {
        let square = try Box(lower: [0, 0], upper: [1, 1])
        let spaceTime = try Box(lower: [-1, 0], upper: [1, 1], variables: ["x", "t"], time: "t")
        let cases = [
            try system("bilap(u) + u_xxy = sin(pi*x)*sin(pi*y)", box: square, variables: ["x", "y"], time: nil,
                       activation: act, widths: [2, 5, 4, 1]),
            try system("u_t + u*u_x + delta^2*u_xxx = 0", box: spaceTime, variables: ["x", "t"], time: 1,
                       activation: act, widths: [2, 6, 1]),
        ]
        for s in cases {
            let theta = s.network.initialParameters(seed: 3)
            let j = jacobianError(s, theta)
            #expect(j < 1e-6, "\(act): J differs from central differences by \(j)")
            let (jv, jtw) = productErrors(s, theta, seed: 9)
            #expect(jv < 1e-10 && jtw < 1e-10, "\(act): J·v \(jv), Jᵀw \(jtw)")
        }
    }
}
