// CSVTable.swift — numeric tables with a header line, written round-trip.

/// A numeric table: named columns of float64, stored row by row.
///
/// File format (a subset of RFC 4180 that every CSV reader accepts): UTF-8, lines
/// ended by `\n`; the first line is the column names joined by `,`; each further
/// line is one row of numbers joined by `,`. Numbers are written in Swift's
/// shortest round-trip form (`"\(x)"`: `0.1`, `1e-05`, `-3.0`), so reading a file
/// back gives the same bits. Non-finite values are written `nan`, `inf`, `-inf`
/// (NumPy's `loadtxt` and pandas read these) but `read` rejects them: a data file
/// with a NaN in it is almost always a bug upstream.
///
/// For gridded data, one row per grid point in the grid's order (x fastest), with
/// columns such as `x,y,u,reference,error`.
public struct CSVTable: Equatable, Sendable {
    public var columnNames: [String]
    public var rows: [[Double]]

    /// Names must be non-empty and contain no `,`, `"` or line break; every row must
    /// have one value per name (preconditions: these are programmer errors).
    public init(columnNames: [String], rows: [[Double]]) {
        for name in columnNames {
            precondition(!name.isEmpty && !name.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }),
                         "CSV column name \(name.debugDescription) is empty or holds a comma, quote or line break")
        }
        for (r, row) in rows.enumerated() {
            precondition(row.count == columnNames.count,
                         "CSV row \(r) has \(row.count) values for \(columnNames.count) columns")
        }
        self.columnNames = columnNames
        self.rows = rows
    }

    /// A table from whole columns, e.g. `["x", "y", "u"]` with `[xs, ys, us]`; all
    /// columns must have the same length (precondition).
    public init(columnNames: [String], columns: [[Double]]) {
        precondition(columns.count == columnNames.count,
                     "CSV table has \(columnNames.count) names but \(columns.count) columns")
        let n = columns.first?.count ?? 0
        for (c, column) in columns.enumerated() {
            precondition(column.count == n, "CSV column \(columnNames[c]) has \(column.count) values, column 0 has \(n)")
        }
        self.init(columnNames: columnNames, rows: (0..<n).map { i in columns.map { $0[i] } })
    }

    /// The values of the column called `name`, or nil when there is none.
    public func column(named name: String) -> [Double]? {
        guard let c = columnNames.firstIndex(of: name) else { return nil }
        return rows.map { $0[c] }
    }

    /// The file's text: header line, then one line per row.
    public func encoded() -> String {
        var text = columnNames.joined(separator: ",") + "\n"
        for row in rows {
            text += row.map(CSVTable.format).joined(separator: ",")
            text += "\n"
        }
        return text
    }

    /// Write the table to `path` atomically (see `AtomicFile`).
    public func write(to path: String) throws {
        try AtomicFile.write(encoded(), to: path)
    }

    /// Shortest round-trip decimal text of `x` (Swift's `description`).
    /// Shortest round-trip text; whole numbers below 2⁵³ without ".0" (step counts read as integers).
    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 9_007_199_254_740_992 && !(x == 0 && x.sign == .minus) ? String(Int64(x)) : "\(x)"
    }
}
