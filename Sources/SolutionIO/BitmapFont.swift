// BitmapFont.swift — a 5 × 8 pixel font drawn for this module, and text drawing.

/// A fixed-width bitmap font: each glyph is 5 pixels wide and 8 rows tall (rows
/// 0–6 for capitals and digits, row 7 for descenders), with one blank column
/// between glyphs, so a character advances 6 pixels at scale 1. The glyphs were
/// drawn for this project in the style of classic 5 × 7 LCD character generators.
/// Each glyph is 8 bytes, one per row from the top, bit 4 = leftmost pixel.
/// Characters without a glyph are drawn as '?'.
public enum BitmapFont {
    public static let glyphWidth = 5
    public static let glyphHeight = 8
    public static let advance = 6

    /// Width and height in pixels of `text` drawn at `scale`.
    public static func size(of text: String, scale: Int) -> (width: Int, height: Int) {
        let n = text.count
        return (n == 0 ? 0 : (n * advance - 1) * scale, glyphHeight * scale)
    }

    /// The 8 row bitmaps of `c`.
    static func glyph(_ c: Character) -> [UInt8] {
        glyphs[c] ?? glyphs["?"]!
    }

    private static let glyphs: [Character: [UInt8]] = {
        var table: [Character: [UInt8]] = [:]
        for (chars, hex) in source {
            var rows: [UInt8] = []
            var i = hex.startIndex
            while i < hex.endIndex {
                let j = hex.index(i, offsetBy: 2)
                rows.append(UInt8(hex[i..<j], radix: 16)!)
                i = j
            }
            precondition(rows.count == 8, "glyph \(chars) has \(rows.count) rows")
            table[Character(chars)] = rows
        }
        return table
    }()

    private static let source: [(String, String)] = [
        ("0", "0e11131519110e00"),
        ("1", "040c040404040e00"), ("2", "0e11010204081f00"),
        ("3", "1f02040201110e00"), ("4", "02060a121f020200"),
        ("5", "1f101e0101110e00"), ("6", "0608101e11110e00"), ("7", "1f01020408080800"),
        ("8", "0e11110e11110e00"), ("9", "0e11110f01020c00"),
        ("A", "0e1111111f111100"), ("B", "1e11111e11111e00"), ("C", "0e11101010110e00"),
        ("D", "1c12111111121c00"), ("E", "1f10101e10101f00"), ("F", "1f10101e10101000"),
        ("G", "0e11101711110f00"), ("H", "1111111f11111100"),
        ("I", "0e04040404040e00"), ("J", "0702020202120c00"), ("K", "1112141814121100"),
        ("L", "1010101010101f00"), ("M", "111b151511111100"), ("N", "1111191513111100"),
        ("O", "0e11111111110e00"), ("P", "1e11111e10101000"), ("Q", "0e11111115120d00"),
        ("R", "1e11111e14121100"), ("S", "0f10100e01011e00"), ("T", "1f04040404040400"),
        ("U", "1111111111110e00"), ("V", "11111111110a0400"), ("W", "1111111515150a00"),
        ("X", "11110a040a111100"), ("Y", "1111110a04040400"), ("Z", "1f01020408101f00"),
        ("a", "00000e010f110f00"), ("b", "1010161911111e00"), ("c", "00000e1010110e00"),
        ("d", "01010d1311110f00"), ("e", "00000e111f100e00"), ("f", "0609081c08080800"),
        ("g", "00000f11110f010e"), ("h", "1010161911111100"), ("i", "04000c0404040e00"),
        ("j", "020006020202120c"), ("k", "1010121418141200"),
        ("l", "0c04040404040e00"), ("m", "00001a1515151500"), ("n", "0000161911111100"),
        ("o", "00000e1111110e00"), ("p", "00001e11111e1010"), ("q", "00000f11110f0101"),
        ("r", "0000161910101000"), ("s", "00000f100e011e00"), ("t", "08081c0808090600"),
        ("u", "0000111111130d00"), ("v", "00001111110a0400"), ("w", "0000111115150a00"),
        ("x", "0000110a040a1100"), ("y", "00001111110f010e"), ("z", "00001f0204081f00"),
        (" ", "0000000000000000"), (".", "00000000000c0c00"), (",", "00000000000c0408"),
        ("-", "0000000e00000000"), ("+", "0004041f04040000"), ("=", "00001f001f000000"),
        ("(", "0204080808040200"), (")", "0804020202040800"), ("/", "0001020408100000"),
        ("_", "000000000000001f"), (":", "000c0c000c0c0000"), ("|", "0404040404040400"),
        ("[", "0e08080808080e00"), ("]", "0e02020202020e00"), ("%", "1819020408130300"),
        ("*", "0004150e15040000"), ("^", "040a110000000000"), ("<", "0204081008040200"),
        (">", "0804020102040800"), ("!", "0404040404000400"), ("?", "0e11010204000400"),
        ("'", "0c04080000000000"),
    ]
}

extension RGBImage {
    /// Draw `text` with its top-left corner at (x, y), each font pixel a
    /// `scale × scale` block. `vertical` draws it rotated 90° counter-clockwise
    /// (reading bottom to top, for y-axis labels) with its bottom-left corner at (x, y).
    public mutating func text(_ text: String, x: Int, y: Int, scale: Int = 2, color: RGB = .black,
                              vertical: Bool = false) {
        for (n, c) in text.enumerated() {
            let rows = BitmapFont.glyph(c)
            for row in 0..<BitmapFont.glyphHeight {
                for col in 0..<BitmapFont.glyphWidth where rows[row] >> (4 - col) & 1 == 1 {
                    let u = n * BitmapFont.advance + col  // along the text
                    let px = vertical ? x + row * scale : x + u * scale
                    let py = vertical ? y - (u + 1) * scale : y + row * scale
                    fill(PixelRect(x: px, y: py, width: scale, height: scale), color)
                }
            }
        }
    }

    /// Draw `text` centred on column `cx` with its top at row `y`.
    public mutating func text(_ text: String, centeredAt cx: Int, y: Int, scale: Int = 2, color: RGB = .black) {
        self.text(text, x: cx - BitmapFont.size(of: text, scale: scale).width / 2, y: y, scale: scale, color: color)
    }
}
