// PointFileTests.swift — points = "file.csv" / "file.npy" on [pde], [[boundary]] and
// [[initial]]: columns named after the variables, normals given or from the face.

import Foundation
import Testing
import Residuals
import SolutionIO

@Suite("Problem files: collocation points from a file")
struct PointFileTests {
    static func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("point-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    static func load(_ dir: URL, _ text: String) throws -> ProblemFile {
        let path = dir.appendingPathComponent("p.toml")
        try ("[domain]\nlower = [0, 0]\nupper = [1, 1]\n" + text).write(to: path, atomically: true, encoding: .utf8)
        return try ProblemFile.load(path: path.path)
    }

    static let pde = "[pde]\nequation = \"-lap(u) = 0\"\npoints = \"inside.csv\"\n"
    static let inside = "y,x,other\n0.25,0.5,9\n0.75,0.125,9\n"

    @Test func interiorPointsComeFromCSVColumnsNamedAfterTheVariables() throws {
        let dir = try Self.folder(["inside.csv": Self.inside, "edge.csv": "x,y\n0,0.5\n1,0.25\n0.5,1\n"])
        let file = try Self.load(dir, Self.pde + "[[boundary]]\npoints = \"edge.csv\"\nvalue = \"x + y\"\n")
        #expect(file.problem.terms[0].points.coordinates == [0.5, 0.25, 0.125, 0.75])
        let boundary = try #require(file.problem.terms[1] as? DirichletTerm)
        #expect(boundary.points.coordinates == [0, 0.5, 1, 0.25, 0.5, 1])
        #expect(boundary.target == [0.5, 1.25, 1.5])
    }

    @Test func interiorPointsComeFromAnNPYArray() throws {
        let dir = try Self.folder([:])
        try NPY.write([0.5, 0.25, 0.125, 0.75], shape: [2, 2], to: dir.appendingPathComponent("inside.npy").path)
        let file = try Self.load(dir, Self.pde.replacingOccurrences(of: "inside.csv", with: "inside.npy")
                                 + "[[boundary]]\npoints = \"grid\"\ncount = 8\n")
        #expect(file.problem.terms[0].points.coordinates == [0.5, 0.25, 0.125, 0.75])
    }

    @Test func dataMayStandInForBoundaryConditions() throws {
        let dir = try Self.folder(["inside.csv": Self.inside, "d.csv": "x,y,u\n0,0,0\n1,1,0\n"])
        let file = try Self.load(dir, Self.pde + "[[data]]\nfile = \"d.csv\"\n")
        #expect(file.problem.terms.map(\.name) == ["pde", "data"])
        #expect(file.boundaries.isEmpty)
    }

    /// Neumann at points on the faces: the normal is the face's, ±e_d.
    @Test func normalsComeFromTheFaceEachPointLiesOn() throws {
        let dir = try Self.folder(["inside.csv": Self.inside, "edge.csv": "x,y\n0,0.5\n1,0.25\n0.5,1\n0.5,0\n"])
        let file = try Self.load(dir, Self.pde + "[[boundary]]\nkind = \"neumann\"\npoints = \"edge.csv\"\nvalue = \"2\"\n")
        let term = try #require(file.problem.terms[1] as? RobinTerm)
        let box = file.problem.domain
        #expect(term.faces.map { box.name(of: $0) } == ["x=0", "x=1", "y=1", "y=0"])
    }

    /// u = 2x + 3y, normals (3, 4)/5 given unnormalised: ∂u/∂n = 3.6 at every point.
    @Test func givenNormalsAreScaledToUnitLengthAndUsed() throws {
        let dir = try Self.folder(["inside.csv": Self.inside, "n.csv": "x,y,n_x,n_y\n0.5,0.5,3,4\n0.2,0.9,0.6,0.8\n"])
        let file = try Self.load(dir, Self.pde + "[[boundary]]\nkind = \"robin\"\nalpha = 1\nbeta = 2\npoints = \"n.csv\"\n"
                                 + "value = \"2*x + 3*y + 7.2\"\n[exact]\nu = \"2*x + 3*y\"\n")
        let term = try #require(file.problem.terms[1] as? RobinTermWithNormals)
        #expect(zip(term.normals, [0.6, 0.8, 0.6, 0.8]).allSatisfy { abs($0 - $1) < 1e-15 })
        let worst = try #require(try residualsOnExactSolution(file).first { $0.term == term.name }).worst
        #expect(worst < 1e-13)
    }

    @Test(arguments: [
        ("[[boundary]]\nkind = \"neumann\"\npoints = \"edge.csv\"\n", "point 1 (x = 0.5, y = 0.5) lies on none of the faces"),
        ("[[boundary]]\npoints = \"edge.csv\"\ncount = 4\n", "does not apply to points read from a file"),
        ("[[boundary]]\npoints = \"out.csv\"\n", "point 1: x = 2.0 is outside the domain"),
        ("[[boundary]]\npoints = \"half.csv\"\nkind = \"neumann\"\n", "not all of n_x, n_y"),
        ("[[boundary]]\npoints = \"normals.csv\"\n", "only kind = \"neumann\" or \"robin\""),
        ("[[boundary]]\npoints = \"zero.csv\"\nkind = \"neumann\"\n", "the normal is zero"),
        ("[[boundary]]\npoints = \"nocolumn.csv\"\n", "has no column \"y\""),
        ("[[boundary]]\npoints = \"missing.csv\"\n", "missing.csv"),
        ("[[boundary]]\npoints = \"folder/\"\n", "not a regular file"),
    ])
    func badPointFilesAreOneLocatedLine(_ boundary: String, _ words: String) throws {
        let dir = try Self.folder(["inside.csv": Self.inside, "edge.csv": "x,y\n0.5,0.5\n", "out.csv": "x,y\n2,0\n",
                                   "half.csv": "x,y,n_x\n0,0.5,1\n", "normals.csv": "x,y,n_x,n_y\n0,0.5,1,0\n",
                                   "zero.csv": "x,y,n_x,n_y\n0,0.5,0,0\n", "nocolumn.csv": "x\n0\n"])
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder"), withIntermediateDirectories: true)
        do {
            _ = try Self.load(dir, Self.pde + boundary)
            Issue.record("accepted: \(boundary)")
        } catch {
            let e = try #require(error as? ProblemFileError, "\(error)")
            #expect(e.field.hasPrefix("boundary[0].") && "\(e)".contains(words), "\(e)")
            #expect(!e.headline.contains("\n"), "\(e)")
        }
    }

    @Test func interiorFilePointsCannotBeResampled() throws {
        let dir = try Self.folder(["inside.csv": Self.inside])
        #expect(throws: ProblemFileError.self) {
            try Self.load(dir, Self.pde + "resample_every = 5\n[[boundary]]\npoints = \"grid\"\ncount = 8\n")
        }
    }
}
