import Foundation
import Residuals
import Testing

@Suite struct DistanceFunctionTests {
    static func jet(_ phi: DistanceFunction, _ x: [Double]) -> SecondOrderJet {
        phi.jet(at: x.indices.map { SecondOrderJet.variable(x[$0], index: $0, count: x.count) })
    }

    /// φ = 0 on the boundary, > 0 inside, < 0 outside, and ∂φ/∂n = −1 on the boundary away from corners.
    @Test(arguments: Shapes.all.map { ($0.0, $0.1) })
    func vanishesOnTheBoundaryAndIsNormalised(name: String, shape: Geometry) throws {
        let phi = try DistanceFunction(shape)
        let boundary = try shape.boundaryPoints(rule: .sobol, count: 200, seed: 1)
        let D = shape.dimension
        let parts = shape.boundaryParts
        var normalised = 0
        for i in 0..<boundary.points.count {
            let x = Array(boundary.points.point(i))
            #expect(abs(phi.value(at: x)) < 1e-9, "\(name): φ = \(phi.value(at: x)) at boundary point \(x)")
            // Step a little inside along the normal: φ grows like the distance.
            let n = Array(boundary.normals[(i * D)..<((i + 1) * D)])
            let own = boundary.partNames[boundary.part[i]]
            let nearSeam = parts.contains { $0.name != own && $0.pieceDistance(x) < 0.05 }
            let inside = zip(x, n).map { $0 - 1e-6 * $1 }
            if !nearSeam {
                let g = Self.jet(phi, inside).gradient
                let dphidn = zip(g, n).reduce(0) { $0 + $1.0 * $1.1 }
                #expect(abs(dphidn + 1) < 1e-3, "\(name): ∂φ/∂n = \(dphidn) near \(x)")
                normalised += 1
            }
        }
        #expect(normalised >= 80, "\(name): \(normalised) points away from seams")
        let interior = try shape.interiorPoints(rule: .halton, counts: [200], seed: 2)
        #expect((0..<interior.count).allSatisfy { phi.value(at: Array(interior.point($0))) > 0 }, "\(name): φ ≤ 0 inside")
        let outside = Collocation.unitCube(.halton, count: 400, dimension: D, seed: 3)
        for k in 0..<400 {
            let x = (0..<D).map { (d: Int) -> Double in
                let width: Double = shape.upper[d] - shape.lower[d] + 1
                return shape.lower[d] - 0.5 + width * outside[k * D + d]
            }
            if shape.signedDistance(x) > 1e-3 { #expect(phi.value(at: x) < 0, "\(name): φ ≥ 0 outside at \(x)") }
        }
    }

    @Test(arguments: [("L-shape", Shapes.lShape, [-0.3, 0.4]), ("square with hole", Shapes.squareWithHole, [0.6, -0.5]),
                      ("annulus", Shapes.annulus, [0.1, 0.7]), ("ball", Shapes.ball, [0.2, -0.3, 0.4])])
    func jetsMatchFiniteDifferences(name: String, shape: Geometry, x0: [Double]) throws {
        for phi in [try DistanceFunction(shape), try DistanceFunction(shape, parts: [shape.partNames[0]])] {
            let j = Self.jet(phi, x0), D = x0.count, h = 1e-4
            #expect(abs(j.value - phi.value(at: x0)) < 1e-14)
            func at(_ dx: [Double]) -> Double { phi.value(at: zip(x0, dx).map { $0 + $1 }) }
            for p in 0..<D {
                var e = [Double](repeating: 0, count: D)
                e[p] = h
                let fd = (at(e) - at(e.map { -$0 })) / (2 * h)
                #expect(abs(j.gradient[p] - fd) < 1e-7, "\(name) ∂\(p)")
                for q in 0..<D {
                    var f = [Double](repeating: 0, count: D)
                    f[q] = h
                    let mixed = (at(zip(e, f).map { $0 + $1 }) - at(zip(e, f).map { $0 - $1 })
                                 - at(zip(e, f).map { -$0 + $1 }) + at(zip(e, f).map { -$0 - $1 })) / (4 * h * h)
                    #expect(abs(j.hessian[p * D + q] - mixed) < 1e-4, "\(name) ∂\(p)∂\(q): \(j.hessian[p * D + q]) vs \(mixed)")
                }
            }
        }
    }

    @Test func somePartsOnlyVanishThereAndNotOnTheOthers() throws {
        let sides = ["x=-1", "x=1", "y=-1", "y=1"]
        let phi = try DistanceFunction(Shapes.squareWithHole, parts: sides)
        let b = try Shapes.squareWithHole.boundaryPoints(rule: .grid, count: 100, seed: 0)
        for i in 0..<b.points.count {
            let v = phi.value(at: Array(b.points.point(i)))
            if b.partNames[b.part[i]] == "hole" { #expect(v > 0.1) } else { #expect(abs(v) < 1e-12) }
        }
        #expect(throws: ProblemError.self) { try DistanceFunction(Shapes.twoDisks, parts: ["left"]) }
        #expect(throws: ProblemError.self) { try DistanceFunction(Shapes.squareWithHole, parts: ["circle"]) }
    }

    @Test func aConstraintWithoutDUsesTheShapesDistance() throws {
        let text = """
            [domain]
            shape = "rectangle(-1, -1, 1, 1) - disk(0, 0, 0.4) as hole"
            [pde]
            equation = "-lap(u) = 1"
            points = "halton"
            count = 50
            [constraint]
            g = "0"
            on = ["x=-1", "x=1", "y=-1", "y=1"]
            [[boundary]]
            kind = "neumann"
            on = ["hole"]
            count = 10

            """
        let file = try ProblemFile.parse(text, file: "c.toml")
        let d = try #require(file.constraint?.d as? DistanceFunction)
        #expect(d.parts == ["x=-1", "x=1", "y=-1", "y=1"])
        #expect(throws: ProblemFileError.self) {
            try ProblemFile.parse(text.replacingOccurrences(of: "g = \"0\"", with: "g = \"0\"\nd = \"1 - x^2\""), file: "c.toml")
        }
    }
}
