import Foundation
import Residuals
import SeededRandom
import Testing

/// Shapes used across the geometry tests.
enum Shapes {
    static let disk = try! Geometry.disk(center: [0.5, -0.25], radius: 0.75)
    static let annulus = try! Geometry.annulus(center: [0, 0], inner: 0.5, outer: 1)
    /// (−1, 1)² without the quadrant x > 0, y < 0; the re-entrant corner at the origin.
    static let lShape = try! Geometry.polygon([[-1, -1], [0, -1], [0, 0], [1, 0], [1, 1], [-1, 1]])
    static let squareWithHole = try! Geometry.box(lower: [-1, -1], upper: [1, 1])
        .subtracting(try! Geometry.disk(center: [0, 0], radius: 0.4).named("hole"))
    /// Two unit disks whose centres are 1 apart.
    static let twoDisks = try! Geometry.disk(center: [0, 0], radius: 1).named("left")
        .union(try! Geometry.disk(center: [1, 0], radius: 1).named("right"))
    static let lens = try! Geometry.disk(center: [0, 0], radius: 1).named("left")
        .intersection(try! Geometry.disk(center: [1, 0], radius: 1).named("right"))
    static let ball = try! Geometry.ball(center: [0, 0, 0], radius: 1)
    static let cubeWithoutBall = try! Geometry.box(lower: [-1, -1, -1], upper: [1, 1, 1])
        .subtracting(try! Geometry.ball(center: [1, 1, 1], radius: 1))

    /// (shape, analytic area or volume, analytic boundary length or area).
    static let all: [(String, Geometry, Double, Double)] = [
        ("disk", disk, Double.pi * 0.5625, 1.5 * Double.pi),
        ("annulus", annulus, 0.75 * Double.pi, 3 * Double.pi),
        ("L-shape", lShape, 3, 8),
        ("square with hole", squareWithHole, 4 - 0.16 * Double.pi, 8 + 0.8 * Double.pi),
        // Each circle loses an arc of 2π/3 inside the other; the lens is two such arcs.
        ("two disks", twoDisks, 2 * Double.pi - (2 * Double.pi / 3 - 0.75.squareRoot()), 8 * Double.pi / 3),
        ("lens", lens, 2 * Double.pi / 3 - 0.75.squareRoot(), 4 * Double.pi / 3),
        ("ball", ball, 4 * Double.pi / 3, 4 * Double.pi),
        // An eighth of the ball is cut from the corner: 3 quarter-disks of the faces go, an eighth sphere comes.
        ("cube without ball", cubeWithoutBall, 8 - Double.pi / 6, 24 - 3 * Double.pi / 4 + Double.pi / 2),
    ]
}

@Suite struct GeometryTests {
    @Test(arguments: Shapes.all.map { ($0.0, $0.1, $0.2) })
    func areaByMonteCarloMatchesTheAnalyticArea(name: String, shape: Geometry, area: Double) {
        let n = 40_000
        var g = SeededGenerator(seed: 11)
        var inside = 0
        for _ in 0..<n {
            let x = (0..<shape.dimension).map { shape.lower[$0] + g.nextUniform() * (shape.upper[$0] - shape.lower[$0]) }
            if shape.contains(x) { inside += 1 }
        }
        let p = Double(inside) / Double(n), sigma = (p * (1 - p) / Double(n)).squareRoot()
        let estimate = p * shape.boundingVolume
        // Five standard deviations: a false alarm about once in 3.5 million runs.
        #expect(abs(estimate - area) <= 5 * sigma * shape.boundingVolume, "\(name): \(estimate) vs \(area)")
        if let exact = shape.measure { #expect(abs(exact - area) <= 1e-12 * area, "\(name)") }
    }

    @Test(arguments: Shapes.all.map { ($0.0, $0.1, $0.3) })
    func boundaryPartsAddUpToThePerimeter(name: String, shape: Geometry, perimeter: Double) {
        let total = shape.boundaryParts.reduce(0) { $0 + $1.measure }
        // Curves are clipped exactly (bisection); surfaces by 4096 Halton points.
        let tolerance = shape.dimension == 2 ? 1e-9 : 0.02
        #expect(abs(total - perimeter) <= tolerance * perimeter, "\(name): \(total) vs \(perimeter)")
    }

    /// Points found on the boundary independently (marching from inside along rays,
    /// then bisecting the sign change of the distance) lie on exactly one part,
    /// except at seams where two parts meet.
    @Test(arguments: [("L-shape", Shapes.lShape, [-0.5, 0.5]), ("two disks", Shapes.twoDisks, [0.5, 0]),
                      ("lens", Shapes.lens, [0.5, 0]), ("annulus outer", Shapes.annulus, [0.75, 0]),
                      ("square with hole", Shapes.squareWithHole, [0.7, 0.7]), ("disk", Shapes.disk, [0.5, -0.25])])
    func boundaryPointsLieOnExactlyOnePart(name: String, shape: Geometry, origin: [Double]) {
        let parts = shape.boundaryParts
        var seams = 0
        for k in 0..<720 {
            let angle = 2 * Double.pi * (Double(k) + 0.37) / 720
            let dir = [cos(angle), sin(angle)]
            var (a, b) = (0.0, 0.0)
            while shape.contains([origin[0] + b * dir[0], origin[1] + b * dir[1]]) { a = b; b += 1e-3 }
            for _ in 0..<80 {
                let m = (a + b) / 2
                if shape.contains([origin[0] + m * dir[0], origin[1] + m * dir[1]]) { a = m } else { b = m }
            }
            let x = [origin[0] + a * dir[0], origin[1] + a * dir[1]]
            let on = parts.filter { $0.contains(x, tolerance: 1e-9) }.count
            if on == 2 { seams += 1; continue }
            #expect(on == 1, "\(name): \(x) lies on \(on) parts")
        }
        #expect(seams <= 2, "\(name): \(seams) rays hit a seam")
    }

    @Test(arguments: Shapes.all.map { ($0.0, $0.1) })
    func normalsAreTheGradientOfTheSignedDistance(name: String, shape: Geometry) throws {
        let sample = try shape.boundaryPoints(rule: .halton, count: 400, seed: 3)
        let D = shape.dimension, h = 1e-6
        let parts = shape.boundaryParts.filter { sample.partNames.contains($0.name) }
        var checked = 0
        for i in 0..<sample.points.count {
            let x = Array(sample.points.point(i))
            #expect(abs(shape.signedDistance(x)) <= 1e-9, "\(name): \(x) is not on the boundary")
            // Away from seams and corners, where the distance is not differentiable.
            let near = parts.enumerated().contains { $0.offset != sample.part[i] && $0.element.contains(x, tolerance: 0.02) }
            if near { continue }
            let grad = (0..<D).map { d -> Double in
                var p = x, m = x
                p[d] += h; m[d] -= h
                return (shape.signedDistance(p) - shape.signedDistance(m)) / (2 * h)
            }
            let n = Array(sample.normals[(i * D)..<((i + 1) * D)])
            #expect(abs(n.reduce(0) { $0 + $1 * $1 } - 1) <= 1e-12, "\(name): normal not of unit length")
            #expect(zip(grad, n).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(name) at \(x): normal \(n), ∇s \(grad)")
            checked += 1
        }
        #expect(checked >= 250, "\(name): only \(checked) of 400 points away from corners")
    }

    @Test func boundaryCountsAreSharedByLength() throws {
        let s = try Shapes.squareWithHole.boundaryPoints(parts: ["hole", "x=1"], rule: .grid, count: 100, seed: 0)
        #expect(s.points.count == 100)
        let hole = s.part.filter { s.partNames[$0] == "hole" }.count
        // Lengths 0.8π ≈ 2.513 and 2: shares 55.7 and 44.3 → 56 and 44.
        #expect(hole == 56)
        for i in 0..<s.points.count where s.partNames[s.part[i]] == "hole" {
            let x = Array(s.points.point(i))
            // The hole's outward normal (of the domain) points to the centre.
            #expect(abs(s.normals[2 * i] + x[0] / 0.4) < 1e-12 && abs(s.normals[2 * i + 1] + x[1] / 0.4) < 1e-12)
        }
        #expect(throws: ProblemError.self) { try Shapes.squareWithHole.boundaryPoints(parts: ["circle"], rule: .grid, count: 10, seed: 0) }
    }

    @Test func evenBoundaryPointsAreEvenlySpacedByArcLengthOnClippedCurves() throws {
        // The union's left circle keeps the arc |θ| ≥ π/3: 60 grid points are 4π/3 / 60 apart in angle.
        let s = try Shapes.twoDisks.boundaryPoints(parts: ["left"], rule: .grid, count: 60, seed: 0)
        let angles = (0..<60).map { i in atan2(s.points.coordinates[2 * i + 1], s.points.coordinates[2 * i]) }
            .map { $0 < 0 ? $0 + 2 * Double.pi : $0 }.sorted()
        for k in 1..<60 { #expect(abs(angles[k] - angles[k - 1] - 4 * Double.pi / 180) < 1e-9) }
        #expect(abs(angles[0] - (Double.pi / 3 + 2 * Double.pi / 180)) < 1e-9)
    }
}
