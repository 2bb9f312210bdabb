// PNG.swift — a PNG encoder for 8-bit RGB images.

import CZlib

/// PNG encoding (W3C "Portable Network Graphics (PNG) Specification", 2nd/3rd ed.;
/// RFC 2083): signature, IHDR (width, height, bit depth 8, colour type 2 = RGB,
/// compression 0, filter method 0, no interlace), one IDAT, IEND. Each chunk is
/// length (4 bytes, big-endian), type, data, CRC-32 of type + data (ISO 3309 /
/// ITU-T V.42 polynomial, PNG spec annex D). IDAT holds one zlib stream (RFC 1950,
/// deflate RFC 1951, from the system zlib) of the scanlines, each preceded by its
/// filter-type byte; every row uses filter 0 (None), which keeps plots with flat
/// colours small enough and the encoder simple. Output is deterministic for a given
/// zlib version and level.
public enum PNG {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The complete PNG file for `image`; `level` is zlib's compression level 0…9.
    public static func encode(_ image: RGBImage, level: Int32 = 9) -> [UInt8] {
        var ihdr: [UInt8] = []
        ihdr += bigEndian(UInt32(image.width))
        ihdr += bigEndian(UInt32(image.height))
        ihdr += [8, 2, 0, 0, 0]

        let rowBytes = 3 * image.width
        var raw = [UInt8](repeating: 0, count: image.height * (1 + rowBytes))
        image.pixels.withUnsafeBufferPointer { src in
            raw.withUnsafeMutableBufferPointer { dst in
                for y in 0..<image.height {
                    dst[y * (1 + rowBytes)] = 0  // filter type None
                    for k in 0..<rowBytes { dst[y * (1 + rowBytes) + 1 + k] = src[y * rowBytes + k] }
                }
            }
        }
        var out = signature
        out += chunk("IHDR", ihdr)
        out += chunk("IDAT", deflate(raw, level: level))
        out += chunk("IEND", [])
        return out
    }

    /// Encode `image` and write it to `path` atomically (see `AtomicFile`).
    public static func write(_ image: RGBImage, to path: String) throws {
        try AtomicFile.write(encode(image), to: path)
    }

    // MARK: - Chunks

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        precondition(typeBytes.count == 4, "PNG chunk type '\(type)' must have 4 letters")
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }

    /// CRC-32 as in PNG annex D: reflected polynomial 0xEDB88320, initial value
    /// and final XOR 0xFFFFFFFF.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// One zlib stream (RFC 1950) of `bytes` via zlib's `compress2`.
    static func deflate(_ bytes: [UInt8], level: Int32) -> [UInt8] {
        var capacity = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let status = out.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress, &capacity, src.baseAddress, uLong(src.count), level)
            }
        }
        // With a compressBound-sized buffer compress2 fails only for want of memory.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        return Array(out[0..<Int(capacity)])
    }
}
