import Foundation
import Residuals
import Testing

private let squareWithHole = """
    name = "hole"
    [parameters]
    r = 0.4
    [domain]
    shape = "rectangle(-1, -1, 1, 1) - disk(0, 0, r) as hole"
    [pde]
    equation = "-lap(u) = 1"
    points = "sobol"
    count = 300
    [[boundary]]
    on = ["x=-1", "x=1", "y=-1", "y=1"]
    value = "0"
    count = 80
    [[boundary]]
    kind = "neumann"
    on = ["hole"]
    value = "x + y"
    points = "halton"
    count = 30

    """

private func failure(_ text: String) -> ProblemFileError? {
    do { _ = try ProblemFile.parse(text, file: "p.toml"); return nil } catch { return error }
}

@Suite("Problem files on shapes")
struct ProblemFileShapeTests {
    @Test func aSquareWithAHoleReadsPointsInsideAndNormalsOnTheHole() throws {
        let file = try ProblemFile.parse(squareWithHole, file: "hole.toml")
        let g = try #require(file.problem.geometry)
        #expect(file.problem.domain.lower == [-1, -1] && file.problem.domain.upper == [1, 1])
        let pde = file.problem.terms[0]
        #expect(pde.points.count == 300)
        #expect((0..<300).allSatisfy { g.contains(Array(pde.points.point($0))) })
        #expect(file.boundaries.map(\.parts) == [["x=-1", "x=1", "y=-1", "y=1"], ["hole"]])
        let hole = try #require(file.problem.terms[2] as? RobinTermWithNormals)
        #expect(hole.points.count == 30 && hole.alpha == 0 && hole.beta == 1)
        for i in 0..<30 {
            let x = Array(hole.points.point(i))
            #expect(abs(x[0] * x[0] + x[1] * x[1] - 0.16) < 1e-12)
            #expect(abs(hole.normals[2 * i] + x[0] / 0.4) < 1e-12)
            #expect(abs(hole.target[i] - (x[0] + x[1])) < 1e-15)
        }
        // The same seed and file give the same points.
        let again = try ProblemFile.parse(squareWithHole, file: "hole.toml")
        #expect(again.problem.terms.map(\.points) == file.problem.terms.map(\.points))
    }

    @Test func resamplingRedrawsInsideTheShape() throws {
        let text = squareWithHole.replacingOccurrences(of: "count = 300", with: "count = 300\nresample_every = 5")
        let file = try ProblemFile.parse(text, file: "hole.toml")
        let next = try file.resampledTerms(epoch: 1)
        #expect(next[0].points.count == 300 && next[0].points != file.problem.terms[0].points)
        #expect((0..<300).allSatisfy { file.problem.geometry!.contains(Array(next[0].points.point($0))) })
    }

    @Test func radCandidatePoolLiesInsideTheShape() throws {
        let text = squareWithHole.replacingOccurrences(of: "count = 300",
                                                       with: "count = 300\nresample_every = 5\nsampling = \"rad\"\ncandidates = 900")
        let file = try ProblemFile.parse(text, file: "hole.toml")
        let pool = try file.candidatePoints(epoch: 1)
        #expect(pool.count == 900 && (0..<900).allSatisfy { file.problem.geometry!.contains(Array(pool.point($0))) })
    }

    @Test(arguments: [
        ("shape = \"rectangle(-1, -1, 1, 1) - disk(0, 0, r) as hole\"", "shape = \"rectangle(-1, -1, 1, 1) - disc(0, 0, r)\"",
         "p.toml:5:36: domain.shape: unknown shape \"disc\""),
        ("[domain]\n", "[domain]\nlower = [0, 0]\n", "domain.lower: not used with shape"),
        ("[domain]\n", "[domain]\ntime = \"t\"\n", "domain.time: a shape is a domain in space"),
        ("on = [\"hole\"]", "on = [\"circle\"]", "boundary[1].on: \"circle\" is not a boundary part of the shape; parts: x=-1, x=1, y=-1, y=1, hole"),
        ("kind = \"neumann\"", "kind = \"periodic\"", "boundary[1].kind: periodic pairs need opposite faces of a box"),
        ("\"halton\"\ncount = 30", "\"halton\"\ncount = 0", "boundary[1].count: must be between 1"),
        ("disk(0, 0, r)", "disk(0, 0, 2)", "pde.count: only"),
    ])
    func badShapeFilesNameTheField(from: String, to: String, message: String) throws {
        let e = try #require(failure(squareWithHole.replacingOccurrences(of: from, with: to)))
        #expect(e.headline.contains(message), "\(e.headline)")
    }

    /// The complete example of docs/problem-files.md reads, and the exact solution meets its conditions.
    @Test func theDocumentedExampleReadsAndItsExactSolutionMeetsItsConditions() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/problem-files.md"), encoding: .utf8)
        var blocks: [String] = [], current = ""
        for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("    ") { current += line.dropFirst(4) + "\n" } else if !current.isEmpty { blocks.append(current); current = "" }
        }
        let text = try #require(blocks.first { $0.hasPrefix("name = \"square-with-hole\"") })
        let file = try ProblemFile.parse(text, file: "docs/problem-files.md")
        #expect(file.problem.geometry != nil && file.boundaries.map(\.kind) == ["dirichlet", "neumann"])
        for (term, worst) in try residualsOnExactSolution(file) { #expect(worst < 1e-9, "term \(term): \(worst)") }
    }
}
