/// A problem file that cannot be used, located as precisely as we can:
/// `file:line:column: field: what is wrong`, plus a caret diagram for formulas.
public struct ProblemFileError: Error, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; nil when the place is not on one line (e.g. a missing table).
    public var line: Int?
    public var column: Int?
    /// Dotted key path, e.g. `solver.max_steps` or `boundary[0].value`; empty for the whole file.
    public var field: String
    public var message: String
    /// Extra lines shown under the message (a formula's caret diagram).
    public var detail: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String, message: String, detail: String? = nil) {
        self.file = file; self.line = line; self.column = column
        self.field = field; self.message = message; self.detail = detail
    }

    /// The one-line form: `poisson.toml:12:1: solver.max_steps: expected an integer, got a string "ten"`.
    /// Field and message are clipped (to 100 and 300 characters), so that text from
    /// the file — a long key, a long string value — never fills the screen.
    public var headline: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        let message = Self.clipped(self.message, 300)
        return field.isEmpty ? "\(place): \(message)" : "\(place): \(Self.clipped(field, 100)): \(message)"
    }

    /// The headline, then the detail (a formula and its carets) cut to a window of
    /// at most 200 characters around the first caret.
    public var description: String {
        detail.map { headline + "\n" + Self.window($0, width: 200) } ?? headline
    }

    static func clipped(_ text: String, _ n: Int) -> String {
        text.count <= n ? text : text.prefix(n) + "…"
    }

    /// Each line of `detail` cut to the same `width`-character window, starting
    /// somewhat before the first `^` of the last line.
    static func window(_ detail: String, width: Int) -> String {
        let lines = detail.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.contains(where: { $0.count > width }) else { return detail }
        let last = lines.last ?? ""
        let caret = last.firstIndex(of: "^").map { last.distance(from: last.startIndex, to: $0) } ?? 0
        let start = max(0, caret - width / 4)
        return lines.map { line -> String in
            let cut = String(line.dropFirst(start).prefix(width))
            return (start > 0 ? "…" : "") + cut + (line.count > start + width ? "…" : "")
        }.joined(separator: "\n")
    }
}
