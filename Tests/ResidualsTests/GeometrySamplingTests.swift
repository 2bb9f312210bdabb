import Foundation
import Residuals
import Testing

@Suite struct GeometrySamplingTests {
    @Test(arguments: SamplingRule.allCases)
    func interiorPointsAreInsideAndReproducible(rule: SamplingRule) throws {
        for (name, shape, _, _) in Shapes.all {
            let counts = rule.isTensor ? Array(repeating: shape.dimension == 2 ? 20 : 14, count: shape.dimension) : [300]
            let a = try shape.interiorPoints(rule: rule, counts: counts, seed: 5)
            let b = try shape.interiorPoints(rule: rule, counts: counts, seed: 5)
            #expect(a == b, "\(name) \(rule): the same seed gave other points")
            #expect((0..<a.count).allSatisfy { shape.contains(Array(a.point($0))) }, "\(name) \(rule): a point outside")
            if !rule.isTensor {
                #expect(a.count == 300, "\(name) \(rule)")
                let c = try shape.interiorPoints(rule: rule, counts: counts, seed: 6)
                #expect(c != a, "\(name) \(rule): another seed gave the same points")
            } else if rule == .grid {
                // The grid of the bounding box restricted to the shape: about area/box-area of its nodes.
                let fill = Double(a.count) / Double(counts.reduce(1, *))
                #expect(abs(fill - (Shapes.all.first { $0.0 == name }!.2 / shape.boundingVolume)) < 0.15, "\(name) \(rule): fill \(fill)")
            }
        }
    }

    /// Halton and Sobol points of a shape are the rule's sequence on the bounding box, filtered: a low-discrepancy
    /// sequence restricted to the shape, so the points' mean converges faster than random points' (centroid of the L).
    @Test(arguments: [SamplingRule.halton, .sobol])
    func lowDiscrepancyPointsAreTheFilteredSequence(rule: SamplingRule) throws {
        let shape = Shapes.lShape
        let points = try shape.interiorPoints(rule: rule, counts: [1000], seed: 0)
        let box = try shape.boundingBox()
        let sequence = Collocation.interior(box, rule: rule, counts: [4000], seed: 0)
        let filtered = (0..<sequence.count).map { Array(sequence.point($0)) }.filter { shape.contains($0) }.prefix(1000)
        #expect(Array(filtered.joined()) == points.coordinates)
        // Centroid of the L: (−1/6, 1/6). Quasi-Monte Carlo error ~ log²N/N; random ~ 0.6/√N ≈ 0.02.
        let mean = [0, 1].map { d in (0..<1000).reduce(0.0) { $0 + points.coordinates[2 * $1 + d] } / 1000 }
        #expect(abs(mean[0] + 1.0 / 6) < 5e-3 && abs(mean[1] - 1.0 / 6) < 5e-3, "\(rule): centroid \(mean)")
    }

    @Test func boundarySamplesAreReproducibleByRule() throws {
        for rule in SamplingRule.allCases {
            for (name, shape, _, _) in Shapes.all {
                let a = try shape.boundaryPoints(rule: rule, count: 64, seed: 9)
                let b = try shape.boundaryPoints(rule: rule, count: 64, seed: 9)
                #expect(a.points == b.points && a.normals == b.normals, "\(name) \(rule)")
                if shape.dimension == 2 { #expect(a.points.count == 64, "\(name) \(rule)") }
                #expect((0..<a.points.count).allSatisfy { abs(shape.signedDistance(Array(a.points.point($0)))) < 1e-9 },
                        "\(name) \(rule): a boundary point off the boundary")
            }
        }
    }

    @Test func polygonsAreCheckedAndEitherOrientationHasOutwardNormals() throws {
        #expect(throws: ProblemError.self) { try Geometry.polygon([[0, 0], [1, 1], [1, 0], [0, 1]]) }   // a bow tie
        #expect(throws: ProblemError.self) { try Geometry.polygon([[0, 0], [1, 0]]) }
        #expect(throws: ProblemError.self) { try Geometry.polygon([[0, 0], [1, 0], [2, 0]]) }
        #expect(throws: ProblemError.self) { try Geometry.annulus(center: [0, 0], inner: 1, outer: 1) }
        #expect(throws: ProblemError.self) { try Geometry.disk(center: [0, 0], radius: 1).union(try .disk(center: [1, 0], radius: 1)) }
        let cw = try Geometry.polygon([[0, 0], [0, 1], [1, 1], [1, 0]])
        let s = try cw.boundaryPoints(parts: ["edge0"], rule: .grid, count: 3, seed: 0)
        // edge0 runs up the side x = 0: its outward normal is −e_x.
        #expect(s.normals == [-1, 0, -1, 0, -1, 0])
        #expect(cw.measure == 1)
    }

    @Test func shapeTextParsesToTheSameGeometry() throws {
        let g = try ShapeParser.parse("rectangle(-1, -1, 1, 1) - disk(0, 0, 2*r) as hole", constants: ["r": 0.2])
        #expect(g == Shapes.squareWithHole)
        #expect(g.partNames == ["x=-1", "x=1", "y=-1", "y=1", "hole"])
        let u = try ShapeParser.parse("(disk(0,0,1) as left) + disk(1, 0, 1) as right & box(-5, -5, 5, 5)")
        #expect(u.partNames == ["left", "right", "x=-5", "x=5", "y=-5", "y=5"])
        #expect(try ShapeParser.parse("polygon(-1,-1, 0,-1, 0,0, 1,0, 1,1, -1,1)") == Shapes.lShape)
        #expect(try ShapeParser.parse("ball(0, 0, 0, 1)") == Shapes.ball)
    }

    @Test(arguments: [
        ("disk(0, 0)", 0, "takes 3 numbers"),
        ("circle(0, 0, 1)", 0, "unknown shape \"circle\""),
        ("disk(0, 0, 1) * disk(1, 1, 1)", 14, "unexpected \"*\""),
        ("disk(0, 0, -1)", 0, "radius must be finite and > 0"),
        ("disk(0, 0, q)", 11, "is not a constant"),
        ("disk(0, 0, 1) - ball(0, 0, 0, 1)", 14, "cannot combine a 2D and a 3D shape"),
        ("disk(0, 0, 1", 10, "missing \")\""),
        ("disk(0, 0, 1) as", 16, "expected a name"),
    ])
    func badShapeTextNamesTheColumn(text: String, offset: Int, message: String) {
        do {
            _ = try ShapeParser.parse(text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
            #expect(error.message.contains(message), "\(text): \(error)")
        }
    }

    @Test func normalRobinTermUsesTheNormals() {
        let points = PointSet(dimension: 2, coordinates: [0.6, 0.8, -1, 0])
        let term = RobinTermWithNormals(name: "robin", points: points, normals: [0.6, 0.8, -1, 0], dimensions: [0, 1],
                                        alpha: 2, beta: 3, target: [1, 0.5], weight: 1)
        // Channels u, u_x, u_y, channel-major over the two points.
        let jet: [Double] = [1, 2, 0.5, 1, 4, 3]
        var r = [Double](repeating: 0, count: 2), p = [Double](repeating: 0, count: 6)
        jet.withUnsafeBufferPointer { j in
            r.withUnsafeMutableBufferPointer { rr in p.withUnsafeMutableBufferPointer { pp in term.evaluate(jet: j, residuals: rr, partials: pp) } }
        }
        #expect(abs(r[0] - (2 * 1 + 3 * (0.6 * 0.5 + 0.8 * 4) - 1)) < 1e-14)
        #expect(abs(r[1] - (2 * 2 + 3 * (-1 * 1) - 0.5)) < 1e-14)
        #expect(zip(p, [2, 2, 1.8, -3, 2.4, 0]).allSatisfy { abs($0 - $1) < 1e-14 })
    }
}
