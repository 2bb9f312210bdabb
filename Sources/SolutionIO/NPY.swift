// NPY.swift — float64 arrays in NumPy's .npy format (writer; the reader is NPY+Reader.swift).

/// An n-dimensional float64 array in C order (last index fastest), as stored in
/// an `.npy` file. A 0-dimensional array (`shape == []`) holds one value.
public struct NPYArray: Equatable, Sendable {
    public var shape: [Int]
    public var values: [Double]

    /// `values.count` must equal the product of `shape` (precondition).
    public init(shape: [Int], values: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "NPY shape \(shape) has a negative size")
        precondition(shape.reduce(1, *) == values.count,
                     "NPY shape \(shape) holds \(shape.reduce(1, *)) values, got \(values.count)")
        self.shape = shape
        self.values = values
    }
}

/// NumPy's `.npy` format, version 1.0, for little-endian float64 in C order.
///
/// Layout (NumPy Enhancement Proposal 1, "A simple file format for NumPy arrays",
/// and `numpy.lib.format`):
///
///     \x93NUMPY  major=1 minor=0  HEADER_LEN (uint16, little-endian)  HEADER  DATA
///
/// HEADER is the ASCII repr of a Python dict,
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`, padded with
/// spaces and ended by `\n` so that 10 + HEADER_LEN is a multiple of 64 (the data
/// then starts 64-byte aligned, as NumPy ≥ 1.9 writes it). A 1-tuple is written
/// `(n,)`, a 0-d shape `()`. DATA is the values as IEEE-754 binary64, little-endian,
/// C order — for a grid sampled x fastest with shape `(ny, nx)`, `a[j, i] = u(x_i, y_j)`.
/// `np.load` reads these files; the bytes are a pure function of shape and values.
public enum NPY {
    /// The six magic bytes `\x93NUMPY`.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// The complete file contents for `array`.
    public static func encode(_ array: NPYArray) -> [UInt8] {
        let shapeText: String
        switch array.shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(array.shape[0]),)"
        default: shapeText = "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = magic.count + 4 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let headerLength = header.utf8.count
        precondition(headerLength <= Int(UInt16.max), "NPY 1.0 header of \(headerLength) bytes exceeds 65535")

        var bytes = magic + [1, 0, UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)]
        bytes.reserveCapacity(bytes.count + headerLength + 8 * array.values.count)
        bytes += Array(header.utf8)
        for value in array.values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
        }
        return bytes
    }

    /// Write `array` to `path` atomically (see `AtomicFile`).
    public static func write(_ array: NPYArray, to path: String) throws {
        try AtomicFile.write(encode(array), to: path)
    }

    /// Write `values` with `shape` to `path`; `values.count` must match the shape.
    public static func write(_ values: [Double], shape: [Int], to path: String) throws {
        try write(NPYArray(shape: shape, values: values), to: path)
    }
}
