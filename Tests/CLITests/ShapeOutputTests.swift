import Foundation
import SolutionIO
import Testing

/// The L-shape with its exact solution, a few steps on a coarse grid.
private let lShape = """
    name = "l-tiny"
    [domain]
    shape = "polygon(-1,-1, 0,-1, 0,0, 1,0, 1,1, -1,1)"
    [pde]
    equation = "-lap(u) = 0"
    points = "halton"
    count = 60
    [[boundary]]
    value = "(x^2 + y^2)^(1/3) * cos(4/3 * atan((x + y)/(sqrt(2)*sqrt(x^2 + y^2) + y - x)))"
    count = 40
    [exact]
    u = "(x^2 + y^2)^(1/3) * cos(4/3 * atan((x + y)/(sqrt(2)*sqrt(x^2 + y^2) + y - x)))"
    [network]
    hidden = [8]
    [solver]
    max_steps = 5
    [reference]
    grid = 21

    """

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

@Suite("svenpde on shapes", .serialized)
struct ShapeOutputTests {
    @Test func outputsAreNaNOutsideTheShapeAndErrorsAreMeasuredInside() throws {
        let dir = try CLI.scratch(), out = dir.appendingPathComponent("o")
        let file = dir.appendingPathComponent("l.toml")
        try lShape.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["solve", file.path, "-o", out.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("no spectral reference applies") && r.stdout.contains("errors are measured against [exact]"),
                "\(r.stdout)")
        let u = try NPY.read(from: out.appendingPathComponent("u.npy").path)
        let exact = try NPY.read(from: out.appendingPathComponent("exact.npy").path).values
        #expect(u.shape == [21, 21])
        var inside = 0, sumSquares = 0.0, sumExact = 0.0
        for j in 0..<21 {
            for i in 0..<21 {
                let (x, y) = (-1 + 0.1 * Double(i), -1 + 0.1 * Double(j)), k = j * 21 + i
                // Strictly inside the L: not on its edges, not in the removed quadrant x ≥ 0, y ≤ 0.
                let isInside = abs(x) < 1 - 1e-9 && abs(y) < 1 - 1e-9 && !(x > -1e-9 && y < 1e-9)
                #expect(u.values[k].isNaN == !isInside, "u at (\(x), \(y))")
                #expect(exact[k].isNaN == !isInside, "exact at (\(x), \(y))")
                if isInside {
                    inside += 1
                    sumSquares += (u.values[k] - exact[k]) * (u.values[k] - exact[k])
                    sumExact += exact[k] * exact[k]
                }
            }
        }
        #expect(inside == 19 * 9 + 9 * 10)
        let summary = try json(out.appendingPathComponent("summary.json"))
        let reported = try #require(summary["rel_l2_exact"] as? Double)
        #expect(abs(reported - (sumSquares / sumExact).squareRoot()) <= 1e-12 * reported)
        // compare reads the saved solution with its NaNs and measures inside only.
        let c = try CLI.run(["compare", file.path, out.appendingPathComponent("u.npy").path])
        #expect(c.status == 0, "stderr: \(c.stderr)")
        #expect(c.stdout.contains(String(format: "rel L2 %.3e", reported)), "\(c.stdout)")
    }

    /// The catalog's disk and annuli (one with Neumann data on the hole) get the polar spectral
    /// reference, within 1e-12 of [exact];
    /// the L-shape gets none, and the CLI says that errors are measured against [exact].
    @Test(arguments: [("disk-poisson", "Chebyshev × Fourier poisson solver on the disk"),
                      ("annulus-helmholtz", "Chebyshev × Fourier helmholtz(k: 4.0) solver on the annulus"),
                      ("annulus-neumann", "Chebyshev × Fourier poisson solver on the annulus"),
                      ("lshape", "no spectral reference applies")])
    func catalogShapesSayWhichReference(name: String, says: String) throws {
        let dir = try CLI.scratch()
        let r = try CLI.run(["reference", "problems/\(name).toml", "-o", dir.appendingPathComponent("r").path], cwd: repositoryRoot)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains(says), "\(r.stdout)")
        if name == "lshape" {
            #expect(r.stdout.contains("errors are measured against [exact]"))
        } else {
            let tail = try #require(r.stdout.components(separatedBy: "rel L2 against [exact] ").last?.prefix(7))
            let rel = try #require(Double(String(tail)))
            #expect(rel <= 1e-12, "\(name): reference vs exact \(rel)")
        }
    }

    /// A constraint without d on a disk: u = φ·N with the disk's distance function φ = (1 − r²)/2, so
    /// −Δu = 4 is met exactly by N = 2; the polar reference applies (u = 0 on the whole circle).
    @Test func aDiskWithTheShapesDistanceAsConstraintSolvesToRoundOff() throws {
        let dir = try CLI.scratch(), file = dir.appendingPathComponent("d.toml")
        try """
            [domain]
            shape = "disk(0, 0, 1)"
            [pde]
            equation = "-lap(u) = 4"
            points = "halton"
            count = 200
            [constraint]
            g = "0"
            [exact]
            u = "1 - x^2 - y^2"
            [network]
            hidden = [16]
            [solver]
            max_steps = 30
            [reference]
            grid = 41

            """.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["solve", file.path, "-o", dir.appendingPathComponent("o").path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("Chebyshev × Fourier poisson solver on the disk"), "\(r.stdout)")
        let summary = try json(dir.appendingPathComponent("o/summary.json"))
        #expect(try #require(summary["rel_l2_exact"] as? Double) < 1e-10)
        #expect(try #require(summary["reference_rel_l2_vs_exact"] as? Double) < 1e-12)
    }

    /// A constraint whose g is undefined at the hole's centre (log r), which is a grid
    /// point outside the annulus: the run is usable (exit 0), since only the grid
    /// points inside count; u is NaN outside in u.npy.
    @Test func aSolutionUndefinedOnlyOutsideTheShapeIsUsable() throws {
        let dir = try CLI.scratch(), file = dir.appendingPathComponent("a.toml")
        try """
            [domain]
            shape = "annulus(0, 0, 0.5, 1)"
            [pde]
            equation = "-lap(u) = 0"
            points = "halton"
            count = 60
            [constraint]
            g = "1 + log(sqrt(x^2 + y^2))/log(2)"
            [exact]
            u = "1 + log(sqrt(x^2 + y^2))/log(2)"
            [network]
            hidden = [8]
            [solver]
            max_steps = 5
            [reference]
            grid = 21

            """.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["solve", file.path, "-o", dir.appendingPathComponent("o").path])
        #expect(r.status == 0, "stdout: \(r.stdout) stderr: \(r.stderr)")
        let summary = try json(dir.appendingPathComponent("o/summary.json"))
        #expect(try #require(summary["rel_l2_exact"] as? Double) < 1e-3)
    }
}
