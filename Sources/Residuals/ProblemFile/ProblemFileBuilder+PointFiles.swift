import Foundation
import SolutionIO

// MARK: - points = "file.csv": collocation points from a file

/// Points read from a file given as `points = "…"` on `[pde]`, `[[boundary]]` or
/// `[[initial]]`, with the normals the file gives (for Neumann/Robin).
struct FilePoints {
    var points: PointSet
    /// Point-major unit normals over the spatial dimensions, when the file has them.
    var normals: [Double]?
    var path: String
}

extension ProblemFileBuilder {
    /// Whether a `points` value names a file rather than a rule: it ends in `.csv`
    /// or `.npy`, or contains a `/`.
    static func isPointFile(_ value: String) -> Bool {
        let v = value.lowercased()
        return v.hasSuffix(".csv") || v.hasSuffix(".npy") || v.contains("/")
    }

    /// The points of `points = "file"` (nil when `points` is a rule or absent).
    ///
    /// - CSV: a header with one column per variable of the domain (any order,
    ///   other columns ignored) and optionally `n_<variable>` for every spatial
    ///   variable: the normal at the point;
    /// - NPY: a float64 array of shape (N, D) — the coordinates in the domain's
    ///   variable order — or (N, D + S) with the normal's S spatial components after them.
    ///
    /// The path is relative to the problem file; it must be a regular file (at
    /// most 1 GiB, `FileBytes`); every point must lie in the closed box, at most
    /// `maxPoints` of them; normals must be finite and nonzero and are scaled to
    /// unit length. `count` and `seed` do not apply and are refused.
    func filePoints(_ t: TOMLReader, box: Box) throws(ProblemFileError) -> FilePoints? {
        guard let name = try t.string("points"), Self.isPointFile(name) else { return nil }
        for key in ["count", "seed"] where t.table[key] != nil {
            throw t.error(key, "does not apply to points read from a file (points = \"\(name)\")")
        }
        let path = Self.resolve(name, relativeTo: self.path)
        let spatial = (0..<box.dimension).filter { $0 != box.time }
        let D = box.dimension, S = spatial.count
        var coordinates: [Double], normals: [Double]?, n: Int
        if name.lowercased().hasSuffix(".npy") {
            let a: NPYArray
            do { a = try NPY.read(from: path) } catch { throw t.error("points", "\(error)") }
            guard a.shape.count == 2, a.shape[1] == D || a.shape[1] == D + S else {
                throw t.error("points", "\(path) has shape (\(a.shape.map(String.init).joined(separator: ", "))); "
                              + "expected (N, \(D)) — \(box.variables.joined(separator: ", ")) — or (N, \(D + S)) with the normal after them")
            }
            n = a.shape[0]
            let width = a.shape[1]
            coordinates = (0..<n).flatMap { r in a.values[(r * width)..<(r * width + D)] }
            if width == D + S { normals = (0..<n).flatMap { r in a.values[(r * width + D)..<(r * width + D + S)] } }
        } else {
            let table: CSVTable
            do { table = try CSVTable.read(from: path) } catch { throw t.error("points", "\(error)") }
            var columns: [[Double]] = []
            for v in box.variables {
                guard let c = table.column(named: v) else {
                    throw t.error("points", "\(path) has no column \"\(v)\" (columns: \(table.columnList())); "
                                  + "it needs one per variable (\(box.variables.joined(separator: ", ")))")
                }
                columns.append(c)
            }
            n = table.rows.count
            coordinates = (0..<n).flatMap { r in columns.map { $0[r] } }
            let normalNames = spatial.map { "n_\(box.variables[$0])" }
            let present = normalNames.filter { table.column(named: $0) != nil }
            if !present.isEmpty {
                guard present.count == S else {
                    throw t.error("points", "\(path) has normal columns \(present.joined(separator: ", ")) but not all of \(normalNames.joined(separator: ", "))")
                }
                let nc = normalNames.map { table.column(named: $0)! }
                normals = (0..<n).flatMap { r in nc.map { $0[r] } }
            }
        }
        guard n >= 1 else { throw t.error("points", "\(path) has no points") }
        guard n <= Self.maxPoints else { throw t.error("points", "\(path) has \(n) points; a term takes at most \(Self.maxPoints)") }
        for r in 0..<n {
            for d in 0..<D {
                let x = coordinates[r * D + d]
                guard x >= box.lower[d] && x <= box.upper[d] else {
                    throw t.error("points", "\(path) point \(r + 1): \(box.variables[d]) = \(x) is outside the domain [\(box.lower[d]), \(box.upper[d])]")
                }
            }
        }
        if var m = normals {
            for r in 0..<n {
                let norm = (0..<S).reduce(0.0) { $0 + m[r * S + $1] * m[r * S + $1] }.squareRoot()
                guard norm.isFinite && norm > 0 else {
                    throw t.error("points", "\(path) point \(r + 1): the normal is zero or not finite")
                }
                for k in 0..<S { m[r * S + k] /= norm }
            }
            normals = m
        }
        return FilePoints(points: PointSet(dimension: D, coordinates: coordinates), normals: normals, path: path)
    }

    /// The face of `faces` each point lies on (to a relative 1e-12 of the box's
    /// extent), or a located error naming the first point on none of them.
    func facesOfFilePoints(_ t: TOMLReader, _ f: FilePoints, box: Box, faces: [Face]) throws(ProblemFileError) -> [Face] {
        let D = box.dimension
        return try (0..<f.points.count).map { (r: Int) throws(ProblemFileError) -> Face in
            let onFace = faces.first { face in
                let bound = face.upper ? box.upper[face.dimension] : box.lower[face.dimension]
                return abs(f.points.coordinates[r * D + face.dimension] - bound) <= 1e-12 * max(1, box.length(face.dimension))
            }
            guard let face = onFace else {
                let p = (0..<D).map { "\(box.variables[$0]) = \(f.points.coordinates[r * D + $0])" }.joined(separator: ", ")
                throw t.error("points", "\(f.path) point \(r + 1) (\(p)) lies on none of the faces "
                              + "\(faces.map { box.name(of: $0) }.joined(separator: ", ")); give its normal as columns "
                              + (0..<D).filter { $0 != box.time }.map { "n_\(box.variables[$0])" }.joined(separator: ", "))
            }
            return face
        }
    }
}
