// RGBImage.swift — an 8-bit RGB raster with the few drawing primitives the plots need.

/// An 8-bit sRGB colour.
public struct RGB: Equatable, Hashable, Sendable {
    public var r: UInt8, g: UInt8, b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { self.r = r; self.g = g; self.b = b }
    /// From `0xRRGGBB`.
    public init(hex: UInt32) { self.init(UInt8(hex >> 16 & 0xFF), UInt8(hex >> 8 & 0xFF), UInt8(hex & 0xFF)) }

    public static let white = RGB(255, 255, 255)
    public static let black = RGB(0, 0, 0)
    /// Where a value is NaN or infinite.
    public static let missing = RGB(160, 160, 160)
}

/// A rectangle of pixels: columns `x ..< x + width`, rows `y ..< y + height`
/// (row 0 is the top of the image).
public struct PixelRect: Equatable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public func contains(_ px: Int, _ py: Int) -> Bool {
        px >= x && px < x + width && py >= y && py < y + height
    }
}

/// A `width × height` RGB image, rows top to bottom, 3 bytes a pixel — the layout
/// of PNG colour type 2 scanlines. Drawing outside the image (or outside the clip
/// rectangle given to a call) is silently cut off.
public struct RGBImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// `3 · (x + width · y)` is the red byte of pixel (x, y).
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int, background: RGB = .white) {
        precondition(width >= 1 && height >= 1, "image size \(width) × \(height) must be at least 1 × 1")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: 3 * width * height)
        fill(PixelRect(x: 0, y: 0, width: width, height: height), background)
    }

    public subscript(x: Int, y: Int) -> RGB {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width) × \(height)")
            let k = 3 * (x + width * y)
            return RGB(pixels[k], pixels[k + 1], pixels[k + 2])
        }
        set { plot(x, y, newValue) }
    }

    /// Set one pixel if it is inside the image and `clip` (when given).
    public mutating func plot(_ x: Int, _ y: Int, _ color: RGB, clip: PixelRect? = nil) {
        guard x >= 0 && x < width && y >= 0 && y < height else { return }
        if let clip, !clip.contains(x, y) { return }
        let k = 3 * (x + width * y)
        pixels[k] = color.r; pixels[k + 1] = color.g; pixels[k + 2] = color.b
    }

    public mutating func fill(_ rect: PixelRect, _ color: RGB) {
        for y in max(rect.y, 0)..<max(min(rect.y + rect.height, height), max(rect.y, 0)) {
            for x in max(rect.x, 0)..<max(min(rect.x + rect.width, width), max(rect.x, 0)) {
                plot(x, y, color)
            }
        }
    }

    /// The 1-pixel outline just inside `rect`.
    public mutating func stroke(_ rect: PixelRect, _ color: RGB) {
        fill(PixelRect(x: rect.x, y: rect.y, width: rect.width, height: 1), color)
        fill(PixelRect(x: rect.x, y: rect.y + rect.height - 1, width: rect.width, height: 1), color)
        fill(PixelRect(x: rect.x, y: rect.y, width: 1, height: rect.height), color)
        fill(PixelRect(x: rect.x + rect.width - 1, y: rect.y, width: 1, height: rect.height), color)
    }

    /// A straight line from (x0, y0) to (x1, y1) (Bresenham), drawn with a square
    /// brush `thickness` pixels wide, cut to `clip`.
    public mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ color: RGB,
                              thickness: Int = 1, clip: PixelRect? = nil) {
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var x = x0, y = y0, err = dx + dy
        let lo = -(thickness - 1) / 2, hi = thickness / 2
        while true {
            for oy in lo...hi { for ox in lo...hi { plot(x + ox, y + oy, color, clip: clip) } }
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }
}
