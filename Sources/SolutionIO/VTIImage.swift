// VTIImage.swift — VTK XML ImageData (.vti) files for ParaView / VisIt.

/// Point data on a uniform 2D or 3D tensor grid, written as a VTK XML ImageData
/// file (`.vti`), following "VTK File Formats" (VTK User's Guide, chapter 19,
/// "XML File Formats"; docs.vtk.org › VTK File Formats):
///
///     <?xml version="1.0"?>
///     <VTKFile type="ImageData" version="1.0" byte_order="LittleEndian" header_type="UInt64">
///       <ImageData WholeExtent="0 nx-1 0 ny-1 0 nz-1" Origin="x0 y0 z0" Spacing="dx dy dz">
///         <Piece Extent="0 nx-1 0 ny-1 0 nz-1">
///           <PointData Scalars="first name">
///             <DataArray type="Float64" Name="u" format="binary|ascii"> … </DataArray>
///
/// Point order is VTK's: x fastest, then y, then z — value `i + nx·(j + ny·k)` is
/// at `origin + (i·dx, j·dy, k·dz)`. A 2D grid is written as one z layer
/// (`nz = 1`, z origin 0, z spacing 1). Every array is Float64.
/// `format="ascii"` writes the values in shortest round-trip decimal (exact; VTK's
/// ASCII reader needs finite values). `format="binary"` (inline, uncompressed) is
/// base64 (RFC 4648) of one stream: a UInt64 little-endian byte count followed by
/// the little-endian IEEE binary64 values — exact, NaN included, and ~2.5× smaller.
public struct VTIImage: Equatable, Sendable {
    /// How `DataArray` contents are written.
    public enum Encoding: String, Sendable, CaseIterable {
        case ascii
        case base64
    }

    /// One named point-data array, one value per grid point in VTK order.
    public struct PointArray: Equatable, Sendable {
        public var name: String
        public var values: [Double]
    }

    public let origin: [Double]
    public let spacing: [Double]
    public let counts: [Int]
    public private(set) var pointData: [PointArray] = []

    /// A grid with `counts[d]` points along dimension d (2 or 3 dimensions, each
    /// ≥ 1), first point `origin`, step `spacing` (preconditions).
    public init(origin: [Double], spacing: [Double], counts: [Int]) {
        precondition((2...3).contains(counts.count), "VTI grid must be 2D or 3D, got \(counts.count) counts")
        precondition(origin.count == counts.count && spacing.count == counts.count,
                     "VTI origin (\(origin.count)), spacing (\(spacing.count)) and counts (\(counts.count)) differ in length")
        precondition(counts.allSatisfy { $0 >= 1 }, "VTI counts \(counts) must be ≥ 1")
        self.origin = origin
        self.spacing = spacing
        self.counts = counts
    }

    /// The grid with `counts[d]` points from `lower[d]` to `upper[d]` inclusive.
    public init(lower: [Double], upper: [Double], counts: [Int]) {
        precondition(lower.count == counts.count && upper.count == counts.count,
                     "VTI lower (\(lower.count)), upper (\(upper.count)) and counts (\(counts.count)) differ in length")
        let spacing = counts.indices.map { d in counts[d] > 1 ? (upper[d] - lower[d]) / Double(counts[d] - 1) : 1 }
        self.init(origin: lower, spacing: spacing, counts: counts)
    }

    /// The number of grid points, the length every point array must have.
    public var pointCount: Int { counts.reduce(1, *) }

    /// Add a point-data array (x fastest); its length must be `pointCount` and its
    /// name non-empty and new (preconditions). The first array is the active scalars.
    public mutating func addPointData(name: String, values: [Double]) {
        precondition(values.count == pointCount,
                     "VTI array '\(name)' has \(values.count) values for \(pointCount) grid points")
        precondition(!name.isEmpty && !pointData.contains { $0.name == name }, "VTI array name '\(name)' is empty or repeated")
        pointData.append(PointArray(name: name, values: values))
    }

    /// The complete XML text of the file.
    public func encoded(_ encoding: Encoding = .base64) -> String {
        let n3 = counts + Array(repeating: 1, count: 3 - counts.count)
        let extent = n3.map { "0 \($0 - 1)" }.joined(separator: " ")
        let origin3 = (origin + [0, 0]).prefix(3).map(VTIImage.number).joined(separator: " ")
        let spacing3 = (spacing + [1, 1]).prefix(3).map(VTIImage.number).joined(separator: " ")
        var xml = """
            <?xml version="1.0"?>
            <VTKFile type="ImageData" version="1.0" byte_order="LittleEndian" header_type="UInt64">
              <ImageData WholeExtent="\(extent)" Origin="\(origin3)" Spacing="\(spacing3)">
                <Piece Extent="\(extent)">

            """
        let scalars = pointData.first.map { " Scalars=\"\(VTIImage.escaped($0.name))\"" } ?? ""
        xml += "      <PointData\(scalars)>\n"
        for array in pointData {
            xml += "        <DataArray type=\"Float64\" Name=\"\(VTIImage.escaped(array.name))\""
                + " format=\"\(encoding == .ascii ? "ascii" : "binary")\">\n"
            switch encoding {
            case .ascii:
                var k = 0
                while k < array.values.count {
                    let line = array.values[k..<min(k + 8, array.values.count)].map(VTIImage.number)
                    xml += "          " + line.joined(separator: " ") + "\n"
                    k += 8
                }
            case .base64:
                xml += "          " + VTIImage.base64Payload(array.values) + "\n"
            }
            xml += "        </DataArray>\n"
        }
        xml += """
                  </PointData>
                  <CellData>
                  </CellData>
                </Piece>
              </ImageData>
            </VTKFile>

            """
        return xml
    }

    /// Write the file to `path` atomically (see `AtomicFile`).
    public func write(to path: String, encoding: Encoding = .base64) throws {
        try AtomicFile.write(encoded(encoding), to: path)
    }

    // MARK: - Encoding helpers

    static func number(_ x: Double) -> String { "\(x)" }

    /// XML attribute text: `&`, `<`, `>`, `"` escaped.
    static func escaped(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// base64 of [UInt64 LE byte count][values as LE binary64], as VTK reads inline
    /// uncompressed binary with `header_type="UInt64"`.
    static func base64Payload(_ values: [Double]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + 8 * values.count)
        withUnsafeBytes(of: UInt64(8 * values.count).littleEndian) { bytes += $0 }
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        return Base64.encode(bytes)
    }
}

/// Base64 with the standard alphabet and `=` padding (RFC 4648, section 4).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(triple >> 18 & 63)])
            out.append(alphabet[Int(triple >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
