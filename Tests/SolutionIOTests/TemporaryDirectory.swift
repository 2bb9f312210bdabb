// TemporaryDirectory.swift — a fresh directory per test, removed afterwards.

import Foundation

/// A new empty directory under the system's temporary directory; `remove()` deletes it.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/solutionio-test.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// The names in the directory, sorted.
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The bytes of a file.
func bytes(of path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

/// The bit patterns of `values` (compares NaN payloads and signed zeros exactly).
func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

/// Awkward float64 values: they survive a round trip only if the writer is exact.
let awkwardValues: [Double] = [0.1, 1.0 / 3, -2.5, 1e-300, 5e-324, -0.0, 0, 1e22, .pi, 123_456_789.123_456_78,
                               2.2250738585072014e-308, 1.7976931348623157e308, -1e-7]
