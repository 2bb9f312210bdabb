// VTITests.swift — VTK ImageData files parse as XML with the right extents and arrays.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SolutionIO

@Suite("VTI")
struct VTITests {
    /// f(i, j, k) = i + 10 j + 100 k, listed x fastest as VTK expects.
    static func indexField(_ counts: [Int]) -> [Double] {
        let n3 = counts + Array(repeating: 1, count: 3 - counts.count)
        var values: [Double] = []
        for k in 0..<n3[2] { for j in 0..<n3[1] { for i in 0..<n3[0] { values.append(Double(i + 10 * j + 100 * k)) } } }
        return values
    }

    /// Parse the file and return the root element; checks the fixed VTKFile attributes.
    static func parse(_ path: String) throws -> XMLElement {
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: path), options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "VTKFile")
        #expect(root.attribute(forName: "type")?.stringValue == "ImageData")
        #expect(root.attribute(forName: "version")?.stringValue == "1.0")
        #expect(root.attribute(forName: "byte_order")?.stringValue == "LittleEndian")
        #expect(root.attribute(forName: "header_type")?.stringValue == "UInt64")
        return root
    }

    /// The values of a DataArray, decoded from ASCII or base64 (with its UInt64 byte-count header).
    static func values(of array: XMLElement) throws -> [Double] {
        let text = (array.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if array.attribute(forName: "format")?.stringValue == "ascii" {
            return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Double($0)! }
        }
        let data = Array(try #require(Data(base64Encoded: text)))
        let count = data[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        #expect(Int(count) == data.count - 8)
        return stride(from: 8, to: data.count, by: 8).map { start in
            Double(bitPattern: data[start..<start + 8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        }
    }

    @Test("2D and 3D grids, ASCII and base64: extents, origin, spacing, names, lengths and values",
          arguments: [[4, 3], [3, 4, 2]], VTIImage.Encoding.allCases)
    func wellFormed(counts: [Int], encoding: VTIImage.Encoding) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let lower = [-1.0, 0.5, 2].prefix(counts.count), upper = [1.0, 2, 3].prefix(counts.count)
        var image = VTIImage(lower: Array(lower), upper: Array(upper), counts: counts)
        let n = image.pointCount
        let fields: [(String, [Double])] = [("u", VTITests.indexField(counts)), ("reference", (0..<n).map { 1 / (Double($0) + 3) }),
                                            ("a<b&\"c\"", Array(awkwardValues.prefix(n)) + Array(repeating: 0.1, count: max(0, n - awkwardValues.count)))]
        for (name, values) in fields { image.addPointData(name: name, values: values) }
        try image.write(to: dir.file("f.vti"), encoding: encoding)

        let root = try VTITests.parse(dir.file("f.vti"))
        let grid = try #require(root.elements(forName: "ImageData").first)
        let extent = counts.map { "0 \($0 - 1)" }.joined(separator: " ") + (counts.count == 2 ? " 0 0" : "")
        #expect(grid.attribute(forName: "WholeExtent")?.stringValue == extent)
        let spacing = zip(lower, upper).enumerated().map { d, b in (b.1 - b.0) / Double(counts[d] - 1) }
        #expect(grid.attribute(forName: "Origin")?.stringValue == (Array(lower) + [0]).prefix(3).map { "\($0)" }.joined(separator: " "))
        #expect(grid.attribute(forName: "Spacing")?.stringValue == (spacing + [1]).prefix(3).map { "\($0)" }.joined(separator: " "))
        let piece = try #require(grid.elements(forName: "Piece").first)
        #expect(piece.attribute(forName: "Extent")?.stringValue == extent)
        let pointData = try #require(piece.elements(forName: "PointData").first)
        #expect(pointData.attribute(forName: "Scalars")?.stringValue == "u")
        let arrays = pointData.elements(forName: "DataArray")
        #expect(arrays.map { $0.attribute(forName: "Name")?.stringValue } == fields.map(\.0))
        for (array, field) in zip(arrays, fields) {
            #expect(array.attribute(forName: "type")?.stringValue == "Float64")
            #expect(array.attribute(forName: "format")?.stringValue == (encoding == .ascii ? "ascii" : "binary"))
            let decoded = try VTITests.values(of: array)
            #expect(decoded.count == n)
            #expect(bits(decoded) == bits(field.1))
        }
    }

    @Test("base64 matches RFC 4648 test vectors")
    func base64() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors { #expect(Base64.encode(Array(plain.utf8)) == encoded) }
    }
}
