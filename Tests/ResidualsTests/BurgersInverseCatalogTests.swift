import Testing
import Foundation
import Residuals

/// problems/burgers-inverse.toml (Raissi, Perdikaris & Karniadakis 2019, §4.1.1): ν of
/// u_t + u·u_x = ν·u_xx is learned from 2000 observations; the equation is enforced at
/// 4000 Sobol points and, through a `kind = "equation"` condition, at the observation
/// sites themselves (bench/results/inverse-burgers.md: the extra points cut the
/// standard error of ν from 6.5 % to ≈ 2.2 %).
@Suite("Catalog: burgers-inverse")
struct BurgersInverseCatalogTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let nu = 0.01 / Double.pi

    /// The catalog file with an [exact] u added and its CSV paths made absolute, so it can
    /// be loaded from a temporary folder. u = −tanh(x/(2ν₀)) is a stationary viscous shock:
    /// u·u_x = ν₀·u_xx exactly, so both equation terms vanish on it at ν = ν₀ only.
    static func fileWithShock(_ exactNu: Double) throws -> ProblemFile {
        let problems = root.appendingPathComponent("problems")
        var text = try String(contentsOf: problems.appendingPathComponent("burgers-inverse.toml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"burgers-inverse-data.csv\"",
                                         with: "\"\(problems.appendingPathComponent("burgers-inverse-data.csv").path)\"")
        text += "\n[exact]\nu = \"-tanh(x/(2*\(exactNu)))\"\n"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("burgers-inverse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("p.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try ProblemFile.load(path: path)
    }

    @Test func theEquationHoldsAtSobolPointsAndAtEveryObservationSite() throws {
        let file = try Self.fileWithShock(Self.nu)
        let terms = file.problem.terms
        let pde = try #require(terms.first { $0.name == "pde" })
        let atSites = try #require(terms.first { $0.name == "boundary[0]" })
        let data = try #require(terms.first { $0.name == "data" })
        #expect(pde.points.count == 4000)
        #expect(data.points.count == 2000)
        #expect(atSites.points.coordinates == data.points.coordinates)
        #expect(file.unknowns.map(\.name) == ["nu"])
        #expect(file.solver.method == "sven-lm")
    }

    /// Both equation terms read the unknown ν: on the shock made with ν₀ = 0.01/π they vanish
    /// (to rounding; the terms of the residual are of order 10²) when ν = ν₀, and not at the
    /// starting value ν = 0.01, where the residual is w·(ν₀ − ν)·u_xx: at the sites nearest the
    /// front (x = ±0.02, u_xx ≈ 370) with w = 1/√2000 that is ≈ 0.056.
    @Test func bothEquationTermsReadTheUnknown() throws {
        let file = try Self.fileWithShock(Self.nu)
        let values = try #require(file.unknownValues)
        #expect(values.names == ["nu"])
        for (term, worst) in try residualsOnExactSolution(file) where term == "pde" || term == "boundary[0]" {
            #expect(worst > 1e-2, "term \(term) at nu = 0.01: \(worst)")
        }
        values.set([Self.nu])
        for (term, worst) in try residualsOnExactSolution(file) where term == "pde" || term == "boundary[0]" {
            #expect(worst < 1e-8, "term \(term) at the true nu: \(worst)")
        }
    }
}
