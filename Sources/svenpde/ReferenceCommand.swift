import ArgumentParser
import Foundation
import Residuals
import SolutionIO
import SpectralReference
import SvenSolver

/// `svenpde reference FILE`: the reference solution on the evaluation grid.
struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Compute a problem's reference solution on its evaluation grid and print its estimated error.",
        discussion: """
            The solver is chosen from the equation and the boundary kinds (see
            docs/problem-files.md, [reference]). Writes reference.npy and
            reference.csv to the output directory. Where no reference solver
            applies it says so and writes the exact solution of [exact] instead,
            if the file has one.

            Examples:
              svenpde reference problems/burgers.toml
              svenpde reference problems/heat.toml -o /tmp/heat-reference
            """
    )

    @Argument(help: "The problem file (TOML).")
    var file: String

    @Option(name: .shortAndLong, help: "Output directory (default: out/<name>/reference).")
    var output: String?

    @OptionGroup var memory: MemoryBudgetOption

    func run() throws {
        try reportingErrors {
            let file = try ProblemFile.load(path: self.file)
            try EvaluationGrid.validateReference(file)
            try MemoryPlan(gridOf: file).check(memory.budget)
            let grid = try EvaluationGrid(file: file)
            let directory = try output ?? OutputDirectory.defaultPath(for: file) + "/reference"
            try OutputDirectory.prepare(directory)
            guard let truth = grid.truth else {
                throw UserError("\(self.file): \(grid.referenceDescription ?? "no [reference] table"); and no [exact] solution to use instead")
            }
            let shape = Array(grid.axes.map(\.count).reversed())
            let npy = (directory as NSString).appendingPathComponent("reference.npy")
            let csv = (directory as NSString).appendingPathComponent("reference.csv")
            try NPY.write(truth.values, shape: shape, to: npy)
            let coordinates = (0..<file.problem.domain.dimension).map { d in (0..<grid.points.count).map { grid.points.coordinates[$0 * file.problem.domain.dimension + d] } }
            try CSVTable(columnNames: file.problem.domain.variables + [truth.name], columns: coordinates + [truth.values]).write(to: csv)
            say("\(file.name): \(grid.referenceDescription ?? "exact solution from [exact]")")
            if truth.name == "reference" {
                say(String(format: "computed in %.3f s", grid.referenceSeconds)
                    + (grid.exact.map { String(format: "; rel L2 against [exact] %.1e", grid.relativeL2(truth.values, $0)) } ?? ""))
            }
            say("grid \(grid.axes.map { String($0.count) }.joined(separator: " × ")) (\(file.problem.domain.variables.joined(separator: ", "))); wrote \(npy) (shape \(shape)) and \(csv)")
            let bad = grid.masked(truth.values).lazy.filter { !$0.isFinite }.count
            if bad > 0 {
                throw ExitStatus.end(ExitStatus.nothingUsable, "the \(truth.name) is not finite at \(bad) of \(truth.values.count) grid points")
            }
        }
    }
}

/// `svenpde compare FILE SOLUTION`: errors of a saved solution.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report the errors of a saved solution against the problem's reference (or exact solution).",
        discussion: """
            SOLUTION is an .npy array on the problem's evaluation grid (shape =
            the grid counts, last variable first — as `solve` writes u.npy) or a
            .csv table with a column named after the field (as solution.csv).

            Examples:
              svenpde compare problems/poisson.toml out/poisson2d/u.npy
              svenpde compare problems/heat.toml out/heat1d/solution.csv
            """
    )

    @Argument(help: "The problem file (TOML).")
    var file: String

    @Argument(help: "The saved solution (.npy or .csv).")
    var solution: String

    @Option(help: "The field to compare (default: the first field).")
    var field: String?

    @OptionGroup var memory: MemoryBudgetOption

    func run() throws {
        try reportingErrors {
            let file = try ProblemFile.load(path: self.file)
            let name = field ?? file.problem.fields[0]
            guard let f = file.problem.fields.firstIndex(of: name) else {
                throw UserError("--field \(name): the problem's fields are \(file.problem.fields.joined(separator: ", "))")
            }
            try EvaluationGrid.validateReference(file)
            try MemoryPlan(gridOf: file).check(memory.budget)
            let grid = try EvaluationGrid(file: file)
            let n = grid.points.count, shape = Array(grid.axes.map(\.count).reversed())
            let u: [Double]
            if solution.hasSuffix(".csv") {
                let table = try CSVTable.read(from: solution)
                guard let column = table.column(named: name) else {
                    throw UserError("\(solution) has no column \"\(name)\" (columns: \(table.columnNames.joined(separator: ", ")))")
                }
                u = column
            } else {
                let array = try NPY.read(from: solution)
                guard array.values.count == n else {
                    throw UserError("\(solution) has shape \(array.shape); the evaluation grid of \(self.file) has shape \(shape)")
                }
                u = array.values
            }
            guard u.count == n else { throw UserError("\(solution) has \(u.count) values; the evaluation grid has \(n) points") }
            guard grid.masked(u).allSatisfy(\.isFinite) else {
                throw UserError("\(solution) contains NaN or infinite values" + (grid.inside == nil ? "" : " inside the shape"))
            }
            let against: (String, [Double])?
            if f == 0, let t = grid.truth { against = t } else { against = grid.exactFields[f].map { ("exact", $0) } }
            guard let (label, truth) = against else {
                throw UserError("\(self.file): nothing to compare \(name) with — \(grid.referenceDescription ?? "no [reference]") and no [exact] \(name)")
            }
            say("\(name) against the \(label)\(label == "reference" ? " (\(grid.referenceDescription ?? ""))" : ""):")
            let rel = grid.relativeL2(u, truth), maxAbs = grid.maxAbs(u, truth)
            say(String(format: "  rel L2 %.3e   max abs %.3e", rel, maxAbs))
            if f == 0 {
                let slices = grid.perTimeSlice(u)
                if !slices.isEmpty {
                    let worst = slices.max { $0.relL2 < $1.relL2 }!
                    say(String(format: "  per time slice: worst rel L2 %.3e at t = %.3g; at the last slice %.3e",
                               worst.relL2, worst.t, slices.last!.relL2))
                }
            }
            if !rel.isFinite || !maxAbs.isFinite {
                let why = SolveReport.nonFiniteReason(approx: u, approxName: "the solution", truth: truth,
                                                      truthName: "the \(label)", relative: maxAbs.isFinite)
                throw ExitStatus.end(ExitStatus.metricNotFinite, "\(rel.isFinite ? "max abs" : "rel L2") is not finite: \(why)")
            }
        }
    }
}

func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

/// Runs `body`, turning every expected failure into one line on standard error and exit status 1.
func reportingErrors(_ body: () throws -> Void) throws {
    func fail(_ line: String) -> ExitCode {
        FileHandle.standardError.write(Data(("error: " + line + "\n").utf8))
        return ExitCode(1)
    }
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch let e as OptionError {
        throw fail("solver option \(e.description)")
    } catch {
        throw fail("\(error)")      // ProblemFileError, UserError, SolutionIOError: their description is the line
    }
}
