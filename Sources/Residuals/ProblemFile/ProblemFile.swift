import Foundation
import TOMLKit

/// A problem file read and checked: the `Problem` ready to solve and the
/// settings for the network, solver and reference, each with its place in the
/// file so later checks can still point at the right line.
///
/// The schema is documented in docs/problem-files.md.
public struct ProblemFile: Sendable {
    public var path: String
    public var name: String
    public var summary: String
    public var problem: Problem
    public var pde: PDESpec
    public var boundaries: [BoundarySpec]
    /// `[[initial]]` conditions (space × time domains).
    public var initial: [InitialSpec]
    /// Named constants from `[parameters]`, usable in every formula.
    public var parameters: [String: Double]
    /// `[exact]`: the known solution of each field (nil where not given).
    public var exactFields: [MathExpression?]
    /// The exact solution of the first field, if given.
    public var exact: MathExpression? { exactFields.first ?? nil }
    /// `[constraint]`, if given: u = g + d·N.
    public var constraint: ConstraintSpec?
    public var network: NetworkSpec
    public var solver: SolverSpec
    public var reference: ReferenceSpec?
    /// `[output] directory`, if given.
    public var outputDirectory: String?
    let map: SourceMap

    /// Read and check the file at `path`.
    public static func load(path: String) throws(ProblemFileError) -> ProblemFile {
        try parse(try readText(path), file: path)
    }

    /// The file's text, or "no such file" / "cannot be read as UTF-8 text".
    static func readText(_ path: String) throws(ProblemFileError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "no such file"
            throw ProblemFileError(file: path, field: "", message: reason)
        }
    }

    /// The root reader of TOML text, or the TOML syntax error with its line and column.
    static func rootReader(_ text: String, file: String) throws(ProblemFileError) -> (TOMLReader, SourceMap) {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ProblemFileError(file: file, line: e.source.begin.line, column: e.source.begin.column,
                                   field: "", message: "invalid TOML: \(e.description)")
        } catch {
            throw ProblemFileError(file: file, field: "", message: "invalid TOML: \(error)")
        }
        let map = SourceMap(text: text)
        return (TOMLReader(table: table, path: "", context: .init(file: file, map: map)), map)
    }

    /// Read and check problem-file text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(ProblemFileError) -> ProblemFile {
        try parse(text, file: file, resampling: 0)
    }

    /// The problem's terms with the interior points of `[pde]` redrawn for
    /// resampling round `epoch` ≥ 1 (seed + epoch); every other term unchanged.
    /// Same counts, so a `PINNSystem` can swap them in (`replaceTerms`).
    public func resampledTerms(epoch: Int) throws(ProblemFileError) -> [any ResidualTerm] {
        try Self.parse(map.text, file: path, resampling: UInt64(epoch)).problem.terms
    }

    static func parse(_ text: String, file: String, resampling: UInt64) throws(ProblemFileError) -> ProblemFile {
        let (root, map) = try rootReader(text, file: file)
        return try ProblemFileBuilder(root: root, path: file, map: map, resampling: resampling).build()
    }

    /// An error located at a dotted field of this file, for checks made after
    /// loading (e.g. a network setting the PINN module rejects).
    public func error(at field: String, _ message: String) -> ProblemFileError {
        let place = map.place(of: field)
        return ProblemFileError(file: path, line: place?.line, column: place?.column, field: field, message: message)
    }
}
