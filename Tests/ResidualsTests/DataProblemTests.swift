// DataProblemTests.swift — problems of [[data]] alone (regression): no [pde] or
// [[boundary]] needed, a seeded train/validation split or a validation file.

import Foundation
import Testing
import Residuals
import SeededRandom
import SolutionIO

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

@Suite("Problem files of [[data]] alone")
struct DataProblemTests {
    /// A folder with data.csv: 40 rows x_i = −1 + i/20 (i = 0…39), y = x² (so rows are identifiable).
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("data-problem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let rows = (0..<40).map { i -> String in let x = -1 + Double(i) / 20; return "\(x),\(x * x)" }
        try ("x,y\n" + rows.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        try ("x,y\n0.5,0.25\n-0.5,0.25\n").write(to: dir.appendingPathComponent("held.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    static func text(_ data: String) -> String {
        """
        [domain]
        lower = [-1]
        upper = [1]
        [[data]]
        file = "data.csv"
        column = "y"
        \(data)
        """
    }

    static func load(_ dir: URL, _ data: String) throws -> ProblemFile {
        let path = dir.appendingPathComponent("p.toml")
        try text(data).write(to: path, atomically: true, encoding: .utf8)
        return try ProblemFile.load(path: path.path)
    }

    @Test func dataAloneIsAValidProblem() throws {
        let file = try Self.load(try Self.folder(), "")
        #expect(file.isDataOnly)
        #expect(file.problem.terms.map(\.name) == ["data"])
        #expect(file.problem.residualCount == 40)
        #expect(file.data.count == 1 && file.data[0].validationPoints == nil)
    }

    @Test func theSeededSplitHoldsOutTheFractionAndPartitionsTheRows() throws {
        let dir = try Self.folder()
        let a = try Self.load(dir, "validation = 0.25\nseed = 3")
        let held = try #require(a.data[0].validationPoints).coordinates
        let kept = a.problem.terms[0].points.coordinates
        #expect(held.count == 10 && kept.count == 30)
        #expect(Set(held + kept).count == 40)                         // a partition of the 40 rows
        let term = try #require(a.problem.terms[0] as? ChannelTerm)
        #expect(zip(kept, term.target).allSatisfy { $0 * $0 == $1 })  // targets travel with their points
        #expect(zip(held, a.data[0].validationTargets).allSatisfy { $0 * $0 == $1 })
        #expect(term.weight == 1 / Double(30).squareRoot())           // 1/√N over the training rows
        let again = try Self.load(dir, "validation = 0.25\nseed = 3")
        #expect(again.data[0].validationPoints == a.data[0].validationPoints)
        let other = try Self.load(dir, "validation = 0.25\nseed = 4")
        #expect(other.data[0].validationPoints != a.data[0].validationPoints)
    }

    @Test func aValidationFileIsReadWithTheSameColumns() throws {
        let file = try Self.load(try Self.folder(), "validation_file = \"held.csv\"")
        #expect(file.data[0].validationPoints?.coordinates == [0.5, -0.5])
        #expect(file.data[0].validationTargets == [0.25, 0.25])
        #expect(file.problem.residualCount == 40)
    }

    @Test func dataMayComeFromAnNPYArray() throws {
        let dir = try Self.folder()
        try NPY.write([0.5, 0.25, -0.5, 0.25, 0.1, 0.01], shape: [3, 2], to: dir.appendingPathComponent("d.npy").path)
        let file = try Self.load(dir, "validation_file = \"held.csv\"").data   // the CSV still loads
        #expect(file[0].validationTargets == [0.25, 0.25])
        let path = dir.appendingPathComponent("n.toml")
        try "[domain]\nlower = [-1]\nupper = [1]\n[[data]]\nfile = \"d.npy\"\n".write(to: path, atomically: true, encoding: .utf8)
        let npy = try ProblemFile.load(path: path.path)
        let term = try #require(npy.problem.terms[0] as? ChannelTerm)
        #expect(term.points.coordinates == [0.5, -0.5, 0.1] && term.target == [0.25, 0.25, 0.01])
        try NPY.write([0.5, 0.25, 1], shape: [1, 3], to: dir.appendingPathComponent("d.npy").path)
        #expect(throws: ProblemFileError.self) { try ProblemFile.load(path: path.path) }
    }

    @Test(arguments: [
        ("validation = 1.5", "data[0].validation", "strictly between 0 and 1"),
        ("validation = 0.001", "data[0].validation", "at least one must be held out"),
        ("validation = 0.5\nvalidation_file = \"held.csv\"", "data[0].validation_file", "not both"),
        ("seed = 2", "data[0].seed", "no such split"),
        ("validation_file = \"none.csv\"", "data[0].validation_file", "none.csv"),
    ])
    func badValidationSettingsAreOneLocatedLine(_ data: String, _ field: String, _ words: String) throws {
        do {
            _ = try Self.load(try Self.folder(), data)
            Issue.record("accepted: \(data)")
        } catch {
            let e = try #require(error as? ProblemFileError, "\(error)")
            #expect(e.field == field && "\(e)".contains(words), "\(e)")
            #expect(!"\(error)".contains("\n"))
        }
    }

    @Test func solverBatchAndStallSettingsAreChecked() throws {
        let dir = try Self.folder()
        for (solver, field) in [("batch_size = 0", "solver.batch_size"), ("stall_steps = -1", "solver.stall_steps")] {
            let path = dir.appendingPathComponent("s.toml")
            try (Self.text("") + "\n[solver]\n\(solver)\n").write(to: path, atomically: true, encoding: .utf8)
            do {
                _ = try ProblemFile.load(path: path.path)
                Issue.record("accepted \(solver)")
            } catch {
                #expect(error.field == field, "\(error)")
            }
        }
        #expect(try Self.load(dir, "").solver.stallSteps == 50)
    }

    @Test func withoutDataAPDEIsStillRequired() throws {
        do {
            _ = try ProblemFile.parse("[domain]\nlower = [0]\nupper = [1]\n", file: "p.toml")
            Issue.record("a file with neither [pde] nor [[data]] was accepted")
        } catch {
            #expect("\(error)".contains("[pde]"), "\(error)")
        }
    }

    /// problems/regression1d.toml holds the data of bench/Regression: the same seeded
    /// draws x (bit for bit: integer arithmetic) and y = (f − mean)/std.
    @Test func regression1dHoldsTheBenchData() throws {
        let file = try ProblemFile.load(path: repositoryRoot.appendingPathComponent("problems/regression1d.toml").path)
        #expect(file.isDataOnly && file.solver.batchSize == 32 && file.solver.stallSteps == 0)
        func sample(_ n: Int, seed: UInt64) -> [Double] {
            var g = SeededGenerator(seed: seed)
            return (0..<n).map { _ in 2 * g.nextUniform() - 1 }
        }
        func f(_ x: Double) -> Double { exp(-10 * x * x) * sin(2 * x) }
        let xTrain = sample(10_000, seed: 1), xValid = sample(10_000, seed: 2)
        let raw = xTrain.map(f)
        let mean = raw.reduce(0, +) / Double(raw.count)
        let std = (raw.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(raw.count)).squareRoot()
        let term = try #require(file.problem.terms[0] as? ChannelTerm)
        #expect(term.points.coordinates == xTrain)
        #expect(file.data[0].validationPoints?.coordinates == xValid)
        #expect(zip(xTrain, term.target).allSatisfy { abs((f($0.0) - mean) / std - $0.1) < 1e-13 })
        #expect(zip(xValid, file.data[0].validationTargets).allSatisfy { abs((f($0.0) - mean) / std - $0.1) < 1e-13 })
        #expect(abs(file.parameters["mean"]! - mean) <= 1e-15 * abs(mean) && abs(file.parameters["std"]! - std) <= 1e-15 * std)
    }
}
