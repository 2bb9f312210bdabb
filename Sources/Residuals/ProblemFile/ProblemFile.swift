import Foundation
import SolutionIO
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
    /// `[[data]]` tables, in order, with their validation sets.
    public var data: [DataSpec] = []
    /// `[unknowns]`: constants of the equations learned from `[[data]]` (inverse problems).
    public var unknowns: [Unknown] = []
    /// The values the equation terms read for `unknowns` (nil without unknowns).
    public var unknownValues: UnknownValues? = nil
    let map: SourceMap

    /// Read and check the file at `path`.
    public static func load(path: String) throws(ProblemFileError) -> ProblemFile {
        try parse(try readText(path), file: path)
    }

    /// Largest problem file read: 64 MiB (the catalog's files are a few kB).
    public static let maximumFileSize = 64 << 20

    /// The file's text: "no such file", or why it cannot be read (not a regular
    /// file, larger than `maximumFileSize`, not UTF-8). FIFOs, devices and
    /// directories are refused without blocking (see `FileBytes`).
    static func readText(_ path: String) throws(ProblemFileError) -> String {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, limit: maximumFileSize)
        } catch {
            guard FileManager.default.fileExists(atPath: path) else { throw ProblemFileError(file: path, field: "", message: "no such file") }
            guard case let .cannotRead(_, reason) = error else { throw ProblemFileError(file: path, field: "", message: "\(error)") }
            throw ProblemFileError(file: path, field: "", message: "cannot be read: \(reason)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = 1 + Self.validUTF8Prefix(bytes).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw ProblemFileError(file: path, line: line, field: "", message: "cannot be read as UTF-8 text")
        }
        return text
    }

    /// The bytes before the first invalid UTF-8 sequence.
    private static func validUTF8Prefix(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var iterator = bytes.makeIterator(), decoder = UTF8(), count = 0
        while case let .scalarValue(s) = decoder.decode(&iterator) { count += UTF8.width(s) }
        return bytes[..<count]
    }

    /// The root reader of TOML text, or the TOML syntax error with its line and
    /// column. A leading byte-order mark is dropped; the project's own checker
    /// (`TOMLSyntax`) sees the text before TOMLKit, whose C++ core asserts on some
    /// malformed input; TOMLKit's own errors (a key defined twice) are clipped to
    /// one short line.
    static func rootReader(_ text: String, file: String) throws(ProblemFileError) -> (TOMLReader, SourceMap) {
        let text = withoutByteOrderMark(text)
        do {
            try TOMLSyntax.check(text)
        } catch {
            throw ProblemFileError(file: file, line: error.line, column: error.column, field: "",
                                   message: "invalid TOML: \(ProblemFileError.clipped(error.message, 200))")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ProblemFileError(file: file, line: e.source.begin.line, column: e.source.begin.column,
                                   field: "", message: "invalid TOML: \(ProblemFileError.clipped(e.description, 200))")
        } catch {
            throw ProblemFileError(file: file, field: "", message: "invalid TOML: \(ProblemFileError.clipped("\(error)", 200))")
        }
        let map = SourceMap(text: text)
        return (TOMLReader(table: table, path: "", context: .init(file: file, map: map)), map)
    }

    /// `text` without a leading U+FEFF (editors on Windows write one).
    static func withoutByteOrderMark(_ text: String) -> String {
        text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
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
