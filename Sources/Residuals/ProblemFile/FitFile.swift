import Foundation
import SolutionIO
import TOMLKit

/// A data-fitting problem file: a model string, its parameters with starting
/// values, and a CSV data file — nonlinear least squares r_i = f(x_i; b) − g(y_i).
///
///     name = "misra1a"
///     [model]
///     prediction = "b1*(1-exp(-b2*x))"      # f(x; b)
///     response = "y"                          # g(y); default: the response column itself
///     predictors = ["x"]                      # data columns used in f; default ["x"]
///     parameters = ["b1", "b2"]
///     start = [500, 1e-4]                     # one starting value per parameter
///     [data]
///     file = "misra1a.csv"                    # CSV with a header: the predictors and the response
///     response = "y"                          # the response column; default "y"
///     [certified]                             # optional: values to compare against
///     b1 = 2.3894212918E+02
///
/// The keys are documented in docs/problem-files.md.
public struct FitFile: Sendable {
    public var path: String
    public var name: String
    public var summary: String
    public var prediction: String
    public var response: String
    public var responseColumn: String
    public var parameterNames: [String]
    public var start: [Double]
    public var predictorNames: [String]
    /// One array per predictor, in `predictorNames` order.
    public var predictors: [[Double]]
    public var responses: [Double]
    /// Certified parameter values, when the file gives them (`parameterNames` order).
    public var certified: [Double]?
    public var solver: SolverSpec
    public var outputDirectory: String?

    /// `[solver] method` when the file names none: "auto", the fit's automatic
    /// choice between methods (see `svenpde fit`).
    public static let defaultMethod = "auto"

    /// Whether the text at `path` is a fit file (it has a `[model]` table).
    public static func isFitFile(path: String) -> Bool {
        guard let (root, _) = try? ProblemFile.rootReader(ProblemFile.readText(path), file: path) else { return false }
        return root.table["model"] != nil
    }

    public static func load(path: String) throws(ProblemFileError) -> FitFile {
        let (root, map) = try ProblemFile.rootReader(try ProblemFile.readText(path), file: path)
        return try ProblemFileBuilder(root: root, path: path, map: map).buildFit()
    }
}

extension ProblemFileBuilder {
    func buildFit() throws(ProblemFileError) -> FitFile {
        let stem = path.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? "fit"
        let name = try root.string("name") ?? stem
        let summary = try root.string("description") ?? ""
        let m = try root.requiredTable("model")
        guard let prediction = try m.string("prediction") else {
            throw m.error("prediction", "missing; expected the model f(x; b) as a formula, e.g. \"b1*(1-exp(-b2*x))\"")
        }
        let predictors = try m.strings("predictors") ?? ["x"]
        guard let names = try m.strings("parameters"), !names.isEmpty, Set(names).count == names.count else {
            throw m.error("parameters", "missing; expected the distinct parameter names, e.g. [\"b1\", \"b2\"]")
        }
        guard let start = try m.doubles("start") else {
            throw m.error("start", "missing; expected one starting value per parameter, e.g. [500, 1e-4]")
        }
        guard start.count == names.count else {
            throw m.error("start", "needs \(names.count) numbers (one per parameter), got \(start.count)")
        }
        if let k = start.firstIndex(where: { !$0.isFinite }) {
            throw m.error("start", "entry \(k) (for \(names[k])) is \(start[k]); starting values must be finite")
        }
        let d = try root.requiredTable("data")
        let responseColumn = try d.string("response") ?? "y"
        let response = try m.string("response") ?? responseColumn
        for (key, text, variables) in [("prediction", prediction, names + predictors), ("response", response, [responseColumn])] {
            do { _ = try MathExpression(text, variables: variables) } catch { throw m.located(key, error) }
        }
        do { try MathExpression.rejectErrorTerm(inModel: prediction) } catch { throw m.located("prediction", error) }
        try m.rejectUnknownKeys()
        guard let file = try d.string("file") else { throw d.error("file", "missing; expected a CSV file name") }
        try d.rejectUnknownKeys()
        let csvPath = Self.resolve(file, relativeTo: path)
        let table: CSVTable
        do { table = try CSVTable.read(from: csvPath) } catch { throw d.error("file", "\(error)") }
        var columns: [[Double]] = []
        for c in predictors + [responseColumn] {
            guard let values = table.column(named: c) else {
                throw d.error("file", "\(csvPath) has no column \"\(c)\" (columns: \(table.columnList()))")
            }
            columns.append(values)
        }
        guard table.rows.count >= names.count else {
            throw d.error("file", "\(csvPath) has \(table.rows.count) rows for \(names.count) parameters")
        }
        var certified: [Double]?
        if let c = try root.table("certified") {
            var values: [Double] = []
            for n in names {
                guard let v = try c.double(n) else { throw c.error(n, "missing; [certified] needs every parameter (\(names.joined(separator: ", ")))") }
                values.append(v)
            }
            try c.rejectUnknownKeys()
            certified = values
        }
        var solver = try readSolver()
        // A fit names no method by default: `svenpde fit` then runs its automatic
        // choice ("auto", Sven and LM from the same start, the lower RSS answering).
        if try root.table("solver")?.string("method") == nil { solver.method = FitFile.defaultMethod }
        var output: String?
        if let o = try root.table("output") {
            output = try o.string("directory")
            try o.rejectUnknownKeys()
        }
        try root.rejectUnknownKeys()
        return FitFile(path: path, name: name, summary: summary, prediction: prediction, response: response,
                       responseColumn: responseColumn, parameterNames: names, start: start, predictorNames: predictors,
                       predictors: Array(columns.dropLast()), responses: columns.last!, certified: certified,
                       solver: solver, outputDirectory: output)
    }
}
