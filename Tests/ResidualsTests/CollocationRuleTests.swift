import Testing
import Residuals

@Suite("Collocation rules")
struct CollocationRuleTests {
    /// The first 2^m points of every Sobol coordinate are the fractions k/2^m in
    /// some order, and coordinates 0 and 1 form a (0, m, 2)-net: each of the 2^m
    /// dyadic boxes of any shape 2^-a × 2^-(m−a) holds exactly one point.
    @Test func sobolIsADyadicNet() {
        let m = 6, n = 1 << m, D = 6
        // Index 0 (the origin) is skipped by `unitCube`, so take 2^m points from index 1
        // and add the origin back: the net property holds for indices 0 ..< 2^m.
        let pts = [Double](repeating: 0, count: D) + Collocation.unitCube(.sobol, count: n - 1, dimension: D, seed: 0)
        for d in 0..<D {
            let values = Set((0..<n).map { Int(pts[$0 * D + d] * Double(n)) })
            #expect(values.count == n, "coordinate \(d) is not stratified")
        }
        for a in 0...m {
            let cells = Set((0..<n).map { i in Int(pts[i * D] * Double(1 << a)) * (1 << (m - a)) + Int(pts[i * D + 1] * Double(1 << (m - a))) })
            #expect(cells.count == n, "boxes 2^-\(a) × 2^-\(m - a) are not each hit once")
        }
    }

    @Test func sobolKnownPoints() {
        let p = Collocation.unitCube(.sobol, count: 3, dimension: 2, seed: 0)
        // Plain (not Gray-code) order: x_i = ⊕ bits of i times v_k; v = (1/2, 1/4) and (1/2, 3/4).
        #expect(p == [0.5, 0.5, 0.25, 0.75, 0.75, 0.25])
    }

    @Test func haltonIsTheRadicalInverse() {
        let p = Collocation.unitCube(.halton, count: 3, dimension: 2, seed: 0)
        let expected: [Double] = [0.5, 1.0 / 3.0, 0.25, 2.0 / 3.0, 0.75, 1.0 / 9.0]
        for k in expected.indices { #expect(abs(p[k] - expected[k]) < 1e-16) }
    }

    @Test func latinHypercubeHitsEveryStratumOnce() {
        let n = 50, D = 3
        let p = Collocation.unitCube(.latinHypercube, count: n, dimension: D, seed: 7)
        for d in 0..<D { #expect(Set((0..<n).map { Int(p[$0 * D + d] * Double(n)) }).count == n) }
        #expect(p != Collocation.unitCube(.latinHypercube, count: n, dimension: D, seed: 8))
        #expect(p == Collocation.unitCube(.latinHypercube, count: n, dimension: D, seed: 7))
    }

    @Test func seedsShiftTheLowDiscrepancyRules() {
        for rule in [SamplingRule.sobol, .halton] {
            let a = Collocation.unitCube(rule, count: 16, dimension: 3, seed: 1)
            #expect(a != Collocation.unitCube(rule, count: 16, dimension: 3, seed: 0))
            #expect(a.allSatisfy { $0 >= 0 && $0 < 1 })
        }
    }

    @Test func chebyshevNodesClusterAtTheEnds() throws {
        let x = Collocation.chebyshevNodes(5)
        #expect(x.count == 5 && abs(x[2] - 0.5) < 1e-15 && abs(x[0] - (1 - Double.cos(Double.pi / 6)) / 2) < 1e-15)
        let box = try Box(lower: [0, 0], upper: [1, 2])
        let p = Collocation.interior(box, rule: .chebyshev, counts: [5, 3], seed: 0)
        #expect(p.count == 15 && p.coordinates.allSatisfy { $0 > 0 && $0 < 2 })
    }

    @Test func facesShareByMeasureAndLieOnTheirFaces() throws {
        let box = try Box(lower: [0, 0, 0], upper: [2, 1, 1], variables: ["x", "y", "t"], time: "t")
        #expect(box.spatialFaces.count == 4)
        #expect(box.faceNames == ["x=0", "x=2", "y=0", "y=1", "t=0", "t=1"])
        #expect(box.face(named: "x = 2") == Face(dimension: 0, upper: true))
        #expect(box.face(named: "x=0.5") == nil)
        let p = Collocation.faces(box, box.spatialFaces, rule: .random, count: 60, seed: 4)
        #expect(p.count == 60)
        // x-faces have measure 1, y-faces 2: 10 + 10 + 20 + 20 points.
        let onX = (0..<p.count).filter { let x = p.point($0).first!; return x == 0 || x == 2 }.count
        #expect(onX == 20)
        for rule in SamplingRule.allCases {
            let q = Collocation.faces(box, [Face(dimension: 2, upper: false)], rule: rule, count: 16, seed: 1)
            #expect((0..<q.count).allSatisfy { q.point($0).last == 0 }, "\(rule)")
        }
    }
}
