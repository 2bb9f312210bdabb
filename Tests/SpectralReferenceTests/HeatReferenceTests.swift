// HeatReferenceTests.swift — the heat equation exact in time.

import Foundation
import Testing
@testable import SpectralReference

@Suite("HeatReference")
struct HeatReferenceTests {
    @Test("catalog heat1d: u_t = ¼u_xx, u₀ = sin πx, u* = e^(−π²t/4) sin πx: ≤ 1e-14 at any (x, t)")
    func heat1D() throws {
        let heat = try HeatReference(lower: [0], upper: [1], kinds: [.dirichlet], counts: [15], kappa: 0.25,
                                     initial: { sin(.pi * $0[0]) })
        let points = samplePoints(lower: [0, 0], upper: [1, 1], count: 200)
        let exact = (0..<200).map { (p: Int) -> Double in
            let x = points[2 * p], t = points[2 * p + 1]
            return exp(-Double.pi * Double.pi * t / 4) * sin(Double.pi * x)
        }
        #expect(ErrorNorms.maxAbs(heat.values(at: points), exact) <= 1e-14)
        let xs = (0...100).map { Double($0) / 100 }, ts = (0...10).map { Double($0) / 10 }
        let grid = heat.values(onGrid: [xs], times: ts)
        let gridExact: [Double] = ts.flatMap { (t: Double) -> [Double] in
            xs.map { (x: Double) -> Double in exp(-Double.pi * Double.pi * t / 4) * sin(Double.pi * x) }
        }
        let slices = ErrorNorms.perTimeSlice(grid, gridExact, pointsPerSlice: xs.count)
        #expect(slices.count == ts.count)
        #expect(slices.allSatisfy { $0.maxAbs <= 1e-14 && $0.relativeL2 <= 1e-13 })
    }

    @Test("2D Neumann × periodic heat: exact decay e^(−κ(π² + 4π²)t)")
    func heat2DMixed() throws {
        let kappa = 0.1
        let heat = try HeatReference(lower: [0, 0], upper: [1, 1], kinds: [.neumann, .periodic], counts: [9, 8], kappa: kappa,
                                     initial: { 2 + cos(.pi * $0[0]) * sin(2 * .pi * $0[1]) })
        let points = samplePoints(lower: [0, 0, 0], upper: [1, 1, 2], count: 100)
        let exact = (0..<100).map { p -> Double in
            let x = points[3 * p], y = points[3 * p + 1], t = points[3 * p + 2]
            return 2 + exp(-kappa * 5 * .pi * .pi * t) * cos(.pi * x) * sin(2 * .pi * y)
        }
        #expect(ErrorNorms.maxAbs(heat.values(at: points), exact) <= 1e-13)
        let t = 0.7, s = heat.series(at: t)
        let xy = [0.3, 0.8]
        #expect(abs(s.values(at: xy)[0] - (2 + exp(-kappa * 5 * .pi * .pi * t) * cos(.pi * 0.3) * sin(2 * .pi * 0.8))) <= 1e-13)
    }
}
