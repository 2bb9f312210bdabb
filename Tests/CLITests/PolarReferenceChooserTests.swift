import Foundation
import Testing

/// The CLI's reference chooser on disks and annuli with Neumann and Robin circles:
/// the polar reference applies (boundary bordering) and agrees with [exact]; Poisson
/// with Neumann data on every circle gets none, with the reason.
@Suite struct PolarReferenceChooserTests {
    /// A disk or annulus problem file with the given boundary tables, for `svenpde reference`.
    static func file(shape: String, equation: String, boundaries: String, exact: String) -> String {
        """
        name = "polar-bc"
        [domain]
        shape = "\(shape)"
        [pde]
        equation = "\(equation)"
        points = "halton"
        count = 50
        \(boundaries)
        [exact]
        u = "\(exact)"
        [reference]
        method = "auto"
        grid = 41

        """
    }

    static func reference(_ text: String) throws -> CLI.Result {
        let dir = try CLI.scratch(), path = dir.appendingPathComponent("p.toml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        return try CLI.run(["reference", path.path, "-o", dir.appendingPathComponent("r").path])
    }

    /// The relative L2 difference the `reference` command prints against [exact].
    static func againstExact(_ stdout: String) throws -> Double {
        let tail = try #require(stdout.components(separatedBy: "rel L2 against [exact] ").last?.prefix(7))
        return try #require(Double(String(tail)))
    }

    @Test func robinOnAnOffCentreDiskUsesThePolarReference() throws {
        // u = e^x cos 2y, −Δu + u = 4u; on the circle of radius 0.7 about (0.3, −0.2):
        // 2u + ∂u/∂n = 2u + (u_x (x − 0.3) + u_y (y + 0.2))/0.7.
        let r = try Self.reference(Self.file(
            shape: "disk(0.3, -0.2, 0.7)", equation: "-lap(u) + u = 4*exp(x)*cos(2*y)",
            boundaries: """
            [[boundary]]
            kind = "robin"
            alpha = 2
            beta = 1
            value = "2*exp(x)*cos(2*y) + exp(x)*(cos(2*y)*(x - 0.3) - 2*sin(2*y)*(y + 0.2))/0.7"
            count = 40
            """, exact: "exp(x)*cos(2*y)"))
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("Chebyshev × Fourier screenedPoisson(mu: 1.0) solver on the disk"), "\(r.stdout)")
        let rel = try Self.againstExact(r.stdout)
        #expect(rel <= 1e-10, "reference vs exact \(rel)")
    }

    @Test func neumannOnBothCirclesOfAHelmholtzAnnulus() throws {
        // u = cos 4x sin 3y, −Δu − 4u = 21u; ∂u/∂n = ±(x u_x + y u_y)/r on r = 1 and r = 0.5.
        // (k = 2: k = 4 lies near a Neumann eigenvalue of this annulus, which costs digits.)
        let radial = "(-4*x*sin(4*x)*sin(3*y) + 3*y*cos(4*x)*cos(3*y))"
        let r = try Self.reference(Self.file(
            shape: "annulus(0, 0, 0.5, 1)", equation: "-lap(u) - 4*u = 21*cos(4*x)*sin(3*y)",
            boundaries: """
            [[boundary]]
            kind = "neumann"
            on = ["outer"]
            value = "\(radial)"
            count = 40
            [[boundary]]
            kind = "neumann"
            on = ["hole"]
            value = "-\(radial)/0.5"
            count = 20
            """, exact: "cos(4*x)*sin(3*y)"))
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("Chebyshev × Fourier helmholtz(k: 2.0) solver on the annulus"), "\(r.stdout)")
        let rel = try Self.againstExact(r.stdout)
        #expect(rel <= 1e-10, "reference vs exact \(rel)")
    }

    @Test func poissonWithNeumannOnEveryCircleGetsNoReference() throws {
        let r = try Self.reference(Self.file(
            shape: "disk(0, 0, 1)", equation: "-lap(u) = 4*x",
            boundaries: """
            [[boundary]]
            kind = "neumann"
            value = "x - 1.5*x^3 - 1.5*x*y^2"
            count = 40
            """, exact: "x - x^3/2 - x*y^2/2"))
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("fixes u only up to a constant"), "\(r.stdout)")
    }

    @Test func aConstraintOnTheOuterCircleWithNeumannOnTheHole() throws {
        // u = x(1 − r²) vanishes on r = 1; −Δu = 8x; on r = 0.5, ∂u/∂n = −x(1 − 3r²)/r = −0.5x.
        let r = try Self.reference(Self.file(
            shape: "annulus(0, 0, 0.5, 1)", equation: "-lap(u) = 8*x",
            boundaries: """
            [constraint]
            g = "0"
            on = ["outer"]
            [[boundary]]
            kind = "neumann"
            on = ["hole"]
            value = "-0.5*x"
            count = 20
            """, exact: "x*(1 - x^2 - y^2)"))
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("Chebyshev × Fourier poisson solver on the annulus"), "\(r.stdout)")
        let rel = try Self.againstExact(r.stdout)
        #expect(rel <= 1e-10, "reference vs exact \(rel)")
    }
}
