/// A dense column-major matrix of `Double` with value semantics.
///
/// Element (i, j) lives at `storage[i + j * rows]`, the layout BLAS and LAPACK
/// expect with leading dimension `rows`. Copies are cheap until written
/// (copy-on-write through `Array`).
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let cols: Int
    /// Column-major entries, `rows * cols` of them.
    public var storage: [Double]

    // MARK: - Construction

    /// A `rows × cols` matrix with every entry equal to `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "Matrix: negative size \(rows) × \(cols)")
        self.rows = rows
        self.cols = cols
        self.storage = Array(repeating: value, count: rows * cols)
    }

    /// A matrix from column-major entries.
    public init(rows: Int, cols: Int, columnMajor: [Double]) {
        precondition(columnMajor.count == rows * cols,
                     "Matrix: \(columnMajor.count) entries for a \(rows) × \(cols) matrix")
        self.rows = rows
        self.cols = cols
        self.storage = columnMajor
    }

    /// A matrix from its rows, e.g. `Matrix([[1, 2], [3, 4]])`.
    public init(_ rowArrays: [[Double]]) {
        let r = rowArrays.count
        let c = rowArrays.first?.count ?? 0
        self.init(rows: r, cols: c)
        for (i, row) in rowArrays.enumerated() {
            precondition(row.count == c, "Matrix: row \(i) has \(row.count) entries, row 0 has \(c)")
            for j in 0..<c { storage[i + j * r] = row[j] }
        }
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m.storage[i + i * n] = 1 }
        return m
    }

    // MARK: - Access

    public subscript(i: Int, j: Int) -> Double {
        get {
            precondition(i >= 0 && i < rows && j >= 0 && j < cols,
                         "Matrix: index (\(i), \(j)) outside \(rows) × \(cols)")
            return storage[i + j * rows]
        }
        set {
            precondition(i >= 0 && i < rows && j >= 0 && j < cols,
                         "Matrix: index (\(i), \(j)) outside \(rows) × \(cols)")
            storage[i + j * rows] = newValue
        }
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// The transpose, as a new matrix.
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        Matrix.transpose(self, into: &t)
        return t
    }

    /// dst ← srcᵀ without allocating, in 32 × 32 tiles to stay in cache.
    public static func transpose(_ src: Matrix, into dst: inout Matrix) {
        precondition(dst.rows == src.cols && dst.cols == src.rows,
                     "transpose: source is \(src.rows) × \(src.cols), destination \(dst.rows) × \(dst.cols)")
        let (m, n) = (src.rows, src.cols), tile = 32
        src.storage.withUnsafeBufferPointer { a in
            dst.storage.withUnsafeMutableBufferPointer { b in
                for j0 in stride(from: 0, to: n, by: tile) {
                    for i0 in stride(from: 0, to: m, by: tile) {
                        for j in j0..<min(j0 + tile, n) {
                            for i in i0..<min(i0 + tile, m) { b[j + i * n] = a[i + j * m] }
                        }
                    }
                }
            }
        }
    }

    /// True when every entry is finite (no NaN, no ±Inf).
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }

    /// Frobenius norm ‖A‖_F.
    public var frobeniusNorm: Double {
        var s = 0.0
        for v in storage { s += v * v }
        return s.squareRoot()
    }
}
