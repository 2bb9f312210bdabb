import Foundation
import SolutionIO

// MARK: - [[data]]: point data from CSV files

extension ProblemFileBuilder {
    /// `[[data]]` tables: `file` (CSV with a header; relative paths from the
    /// problem file's folder), one column per variable of the domain and one
    /// named `column` (default: the field's name) holding the observed values;
    /// r_i = w·(u(x_i) − d_i), default weight 1/√N.
    func readData(_ scope: Scope) throws(ProblemFileError) -> [any ResidualTerm] {
        let tables = try root.tables("data")
        var terms: [any ResidualTerm] = []
        for (i, t) in tables.enumerated() {
            guard let name = try t.string("file") else { throw t.error("file", "missing; expected a CSV file name") }
            let field = try t.string("field") ?? scope.fields[0]
            guard let f = scope.fields.firstIndex(of: field) else {
                throw t.error("field", "unknown field \"\(field)\"; fields: \(scope.fields.joined(separator: ", "))")
            }
            let column = try t.string("column") ?? field
            let weight = try positive(t, "weight")
            try t.rejectUnknownKeys()
            let path = Self.resolve(name, relativeTo: self.path)
            let table: CSVTable
            do {
                table = try CSVTable.read(from: path)
            } catch {
                throw t.error("file", "\(error)")
            }
            let box = scope.box
            var columns: [[Double]] = []
            for v in box.variables + [column] {
                guard let c = table.column(named: v) else {
                    throw t.error("file", "\(path) has no column \"\(v)\" (columns: \(table.columnList())); "
                                  + "it needs one per variable (\(box.variables.joined(separator: ", "))) and \"\(column)\"")
                }
                columns.append(c)
            }
            let n = table.rows.count
            guard n >= 1 else { throw t.error("file", "\(path) has no data rows") }
            var coordinates = [Double](repeating: 0, count: n * box.dimension)
            for r in 0..<n {
                for d in 0..<box.dimension {
                    let x = columns[d][r]
                    guard x >= box.lower[d] && x <= box.upper[d] else {
                        throw t.error("file", "\(path) data row \(r + 1): \(box.variables[d]) = \(x) is outside the domain [\(box.lower[d]), \(box.upper[d])]")
                    }
                    coordinates[r * box.dimension + d] = x
                }
            }
            terms.append(ChannelTerm(name: tables.count == 1 ? "data" : "data[\(i)]",
                                     points: PointSet(dimension: box.dimension, coordinates: coordinates),
                                     channel: FieldChannel(field: f, .value), target: columns[box.dimension], weight: weight))
        }
        return terms
    }

    /// `name` as given when absolute, else relative to the folder of `file`.
    static func resolve(_ name: String, relativeTo file: String) -> String {
        if name.hasPrefix("/") { return name }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }
}
