import Foundation
import SeededRandom
import SolutionIO

// MARK: - [[data]]: point data from CSV files

extension ProblemFileBuilder {
    /// `[[data]]` tables: `file` (CSV with a header; relative paths from the
    /// problem file's folder), one column per variable of the domain and one
    /// named `column` (default: the field's name) holding the observed values;
    /// r_i = w·(u(x_i) − d_i), default weight 1/√N (N training rows).
    ///
    /// Held-out rows, on which the fit is judged: `validation = q` (0 < q < 1)
    /// moves round(q·N) rows, drawn by a seeded shuffle (`seed`, default 0), out
    /// of the training set; or `validation_file` names a second CSV of the same
    /// columns.
    func readData(_ scope: Scope) throws(ProblemFileError) -> ([DataSpec], [any ResidualTerm]) {
        let tables = try root.tables("data")
        var specs: [DataSpec] = [], terms: [any ResidualTerm] = []
        for (i, t) in tables.enumerated() {
            guard let name = try t.string("file") else { throw t.error("file", "missing; expected a CSV file name") }
            let field = try t.string("field") ?? scope.fields[0]
            guard let f = scope.fields.firstIndex(of: field) else {
                throw t.error("field", "unknown field \"\(field)\"; fields: \(scope.fields.joined(separator: ", "))")
            }
            let column = try t.string("column") ?? field
            let weight = try positive(t, "weight")
            let fraction = try t.double("validation")
            if let q = fraction, !(q > 0 && q < 1) {
                throw t.error("validation", "the fraction of rows held out must be strictly between 0 and 1, got \(q)")
            }
            let validationName = try t.string("validation_file")
            if fraction != nil && validationName != nil {
                throw t.error("validation_file", "give either validation = fraction or validation_file, not both")
            }
            let seed = try t.int("seed") ?? 0
            guard seed >= 0 else { throw t.error("seed", "must be ≥ 0, got \(seed)") }
            if t.table["seed"] != nil && fraction == nil {
                throw t.error("seed", "seeds the split of validation = fraction; there is no such split here")
            }
            try t.rejectUnknownKeys()

            var (coordinates, targets) = try readDataFile(t, "file", name, column: column, box: scope.box)
            let d = scope.box.dimension
            var validation: (PointSet, [Double])?
            if let q = fraction {
                let n = targets.count, held = Int((q * Double(n)).rounded())
                guard held >= 1 && held < n else {
                    throw t.error("validation", "holds out \(held) of the \(n) rows; at least one must be held out and one kept")
                }
                var order = Array(0..<n)
                var g = SeededGenerator(seed: UInt64(seed))
                order.shuffle(using: &g)
                let out = order.prefix(held).sorted(), kept = order.dropFirst(held).sorted()
                func gather(_ rows: [Int]) -> ([Double], [Double]) {
                    (rows.flatMap { coordinates[($0 * d)..<($0 * d + d)] }, rows.map { targets[$0] })
                }
                let v = gather(out)
                validation = (PointSet(dimension: d, coordinates: v.0), v.1)
                (coordinates, targets) = gather(kept)
            } else if let v = validationName {
                let (vc, vt) = try readDataFile(t, "validation_file", v, column: column, box: scope.box)
                validation = (PointSet(dimension: d, coordinates: vc), vt)
            }
            let termName = tables.count == 1 ? "data" : "data[\(i)]"
            terms.append(ChannelTerm(name: termName, points: PointSet(dimension: d, coordinates: coordinates),
                                     channel: FieldChannel(field: f, .value), target: targets, weight: weight))
            specs.append(DataSpec(name: termName, field: f, trainingCount: targets.count, validationPoints: validation?.0,
                                  validationTargets: validation?.1 ?? [],
                                  validationSource: fraction != nil ? "split" : validationName))
        }
        return (specs, terms)
    }

    /// Coordinates (point-major) and observed values of a data CSV: one column
    /// per variable and `column`; every point inside the domain.
    private func readDataFile(_ t: TOMLReader, _ key: String, _ name: String, column: String,
                              box: Box) throws(ProblemFileError) -> ([Double], [Double]) {
        let path = Self.resolve(name, relativeTo: self.path)
        var columns: [[Double]] = []
        if name.lowercased().hasSuffix(".npy") {
            // (N, D + 1): the coordinates in the domain's variable order, then the observed value.
            let a: NPYArray
            do { a = try NPY.read(from: path) } catch { throw t.error(key, "\(error)") }
            let width = box.dimension + 1
            guard a.shape.count == 2, a.shape[1] == width else {
                throw t.error(key, "\(path) has shape (\(a.shape.map(String.init).joined(separator: ", "))); expected (N, \(width)): "
                              + "\(box.variables.joined(separator: ", ")) and the observed value")
            }
            columns = (0..<width).map { c in (0..<a.shape[0]).map { a.values[$0 * width + c] } }
        } else {
            let table: CSVTable
            do {
                table = try CSVTable.read(from: path)
            } catch {
                throw t.error(key, "\(error)")
            }
            for v in box.variables + [column] {
                guard let c = table.column(named: v) else {
                    throw t.error(key, "\(path) has no column \"\(v)\" (columns: \(table.columnList())); "
                                  + "it needs one per variable (\(box.variables.joined(separator: ", "))) and \"\(column)\"")
                }
                columns.append(c)
            }
        }
        let n = columns[0].count
        guard n >= 1 else { throw t.error(key, "\(path) has no data rows") }
        var coordinates = [Double](repeating: 0, count: n * box.dimension)
        for r in 0..<n {
            for d in 0..<box.dimension {
                let x = columns[d][r]
                guard x >= box.lower[d] && x <= box.upper[d] else {
                    throw t.error(key, "\(path) data row \(r + 1): \(box.variables[d]) = \(x) is outside the domain [\(box.lower[d]), \(box.upper[d])]")
                }
                coordinates[r * box.dimension + d] = x
            }
        }
        return (coordinates, columns[box.dimension])
    }

    /// `name` as given when absolute, else relative to the folder of `file`.
    static func resolve(_ name: String, relativeTo file: String) -> String {
        if name.hasPrefix("/") { return name }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }
}
