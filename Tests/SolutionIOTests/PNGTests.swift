// PNGTests.swift — PNG files: signature, chunk CRCs, inflated scanlines, pixels.

import CZlib
import Testing
@testable import SolutionIO

/// A parsed PNG chunk.
struct Chunk { var type: String; var data: [UInt8]; var crc: UInt32 }

/// Split a PNG file into chunks after checking its signature.
func chunks(_ png: [UInt8]) throws -> [Chunk] {
    try #require(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    func u32(_ at: Int) -> UInt32 { png[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
    var out: [Chunk] = [], at = 8
    while at < png.count {
        let length = Int(u32(at))
        try #require(at + 12 + length <= png.count)
        out.append(Chunk(type: String(decoding: png[at + 4..<at + 8], as: UTF8.self),
                         data: Array(png[at + 8..<at + 8 + length]), crc: u32(at + 8 + length)))
        at += 12 + length
    }
    return out
}

/// zlib's own inflate of an IDAT stream, expecting exactly `size` bytes.
func inflate(_ data: [UInt8], size: Int) throws -> [UInt8] {
    var out = [UInt8](repeating: 0, count: size + 1)
    var length = uLong(out.count)
    let status = out.withUnsafeMutableBufferPointer { dst in
        data.withUnsafeBufferPointer { uncompress(dst.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
    }
    try #require(status == Z_OK)
    return Array(out[0..<Int(length)])
}

/// Decode an RGB PNG written by `PNG.encode` back into an image, checking everything on the way.
func decodePNG(_ png: [UInt8]) throws -> RGBImage {
    let parts = try chunks(png)
    #expect(parts.map(\.type) == ["IHDR", "IDAT", "IEND"])
    for chunk in parts {
        let crc = (Array(chunk.type.utf8) + chunk.data).withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        #expect(UInt32(crc) == chunk.crc, "CRC of \(chunk.type)")
    }
    let ihdr = parts[0].data
    #expect(ihdr.count == 13 && Array(ihdr[8..<13]) == [8, 2, 0, 0, 0])
    let width = Int(ihdr[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    let height = Int(ihdr[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    #expect(parts[2].data.isEmpty)
    let raw = try inflate(parts[1].data, size: height * (1 + 3 * width))
    #expect(raw.count == height * (1 + 3 * width))
    var image = RGBImage(width: width, height: height)
    for y in 0..<height {
        let row = y * (1 + 3 * width)
        #expect(raw[row] == 0, "filter byte of row \(y)")
        for x in 0..<width { image[x, y] = RGB(raw[row + 1 + 3 * x], raw[row + 2 + 3 * x], raw[row + 3 + 3 * x]) }
    }
    return image
}

@Suite("PNG")
struct PNGTests {
    @Test("CRC-32 check values: '123456789' and the IEND chunk")
    func crc() {
        #expect(PNG.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNG.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    }

    @Test("signature, IHDR, CRCs, inflated size and filter bytes; every pixel survives", arguments: [(1, 1), (7, 3), (64, 65)])
    func structure(width: Int, height: Int) throws {
        var image = RGBImage(width: width, height: height)
        for y in 0..<height { for x in 0..<width { image[x, y] = RGB(UInt8(x % 256), UInt8(y % 256), UInt8((x * y) % 251)) } }
        let decoded = try decodePNG(PNG.encode(image))
        #expect(decoded == image)
    }

    @Test("written through AtomicFile; a bad path throws")
    func writes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let image = RGBImage(width: 3, height: 2, background: RGB(1, 2, 3))
        try PNG.write(image, to: dir.file("a.png"))
        #expect(try decodePNG(bytes(of: dir.file("a.png"))) == image)
        #expect(throws: SolutionIOError.cannotWrite(path: "/nonexistent-solutionio/a.png", reason: "No such file or directory")) {
            try PNG.write(image, to: "/nonexistent-solutionio/a.png")
        }
    }

    @Test("text draws the font's bits; vertical text is the same glyph turned left")
    func text() {
        var image = RGBImage(width: 12, height: 12)
        image.text("7", x: 1, y: 2, scale: 1)
        let seven: [UInt8] = [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08, 0x00]
        for row in 0..<8 { for col in 0..<5 {
            let on = seven[row] >> (4 - col) & 1 == 1
            #expect(image[1 + col, 2 + row] == (on ? .black : .white))
        } }
        var turned = RGBImage(width: 12, height: 12)
        turned.text("7", x: 1, y: 10, scale: 1, vertical: true)
        for row in 0..<8 { for col in 0..<5 {
            #expect(turned[1 + row, 10 - 1 - col] == image[1 + col, 2 + row])
        } }
        let documented = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-+e=()/_:, "
        for c in documented { #expect(BitmapFont.glyph(c) != BitmapFont.glyph("?"), "glyph for \(c)") }
        #expect(BitmapFont.size(of: "1e-3", scale: 2) == (46, 16))
    }
}
