// Figure.swift — a rendered plot and the axis-drawing helpers its renderers share.

/// A rendered plot: the image and where its parts are (for callers that annotate
/// further, and for tests that check colours at known places).
public struct Figure: Equatable, Sendable {
    public var image: RGBImage
    /// The data area, inside the axes frame.
    public var plotArea: PixelRect
    /// The colour bar's coloured pixels (heatmaps only): its bottom row shows the
    /// low end of the range, its top row the high end.
    public var colorBar: PixelRect?

    /// Encode as PNG and write to `path` atomically.
    public func writePNG(to path: String) throws {
        try PNG.write(image, to: path)
    }
}

/// Font scale and spacing used by all plots: 5 × 8 glyphs drawn 2× (10 × 16 px).
enum PlotStyle {
    static let fontScale = 2
    static let textHeight = BitmapFont.glyphHeight * fontScale
    static let tickLength = 5
    static let frame = RGB(0, 0, 0)
    static let grid = RGB(225, 225, 225)

    static func width(_ s: String) -> Int { BitmapFont.size(of: s, scale: fontScale).width }
}

extension RGBImage {
    /// Ticks below `area` at the given pixel columns, their labels centred under
    /// them, and `label` centred under the labels.
    mutating func xAxis(_ area: PixelRect, ticks: [(pixel: Int, label: String)], label: String) {
        let bottom = area.y + area.height
        for tick in ticks {
            fill(PixelRect(x: tick.pixel, y: bottom, width: 1, height: PlotStyle.tickLength), PlotStyle.frame)
            text(tick.label, centeredAt: tick.pixel, y: bottom + PlotStyle.tickLength + 4, scale: PlotStyle.fontScale)
        }
        if !label.isEmpty {
            text(label, centeredAt: area.x + area.width / 2, y: bottom + PlotStyle.tickLength + 4 + PlotStyle.textHeight + 10,
                 scale: PlotStyle.fontScale)
        }
    }

    /// Ticks left of `area` at the given pixel rows (minor ones shorter, unlabelled),
    /// labels right-aligned against them, and `label` written vertically at column `labelX`.
    mutating func yAxis(_ area: PixelRect, ticks: [(pixel: Int, label: String)], minor: [Int] = [],
                        label: String, labelX: Int) {
        for tick in ticks {
            fill(PixelRect(x: area.x - PlotStyle.tickLength, y: tick.pixel, width: PlotStyle.tickLength, height: 1), PlotStyle.frame)
            let w = PlotStyle.width(tick.label)
            text(tick.label, x: area.x - PlotStyle.tickLength - 4 - w, y: tick.pixel - PlotStyle.textHeight / 2 + 1,
                 scale: PlotStyle.fontScale)
        }
        for row in minor {
            fill(PixelRect(x: area.x - 3, y: row, width: 3, height: 1), PlotStyle.frame)
        }
        if !label.isEmpty {
            let w = PlotStyle.width(label)
            text(label, x: labelX, y: area.y + area.height / 2 + w / 2, scale: PlotStyle.fontScale, vertical: true)
        }
    }

    /// Ticks right of `area` with left-aligned labels (colour bars).
    mutating func rightAxis(_ area: PixelRect, ticks: [(pixel: Int, label: String)]) {
        let right = area.x + area.width
        for tick in ticks {
            fill(PixelRect(x: right, y: tick.pixel, width: PlotStyle.tickLength, height: 1), PlotStyle.frame)
            text(tick.label, x: right + PlotStyle.tickLength + 4, y: tick.pixel - PlotStyle.textHeight / 2 + 1,
                 scale: PlotStyle.fontScale)
        }
    }

    /// A black frame one pixel outside `area`.
    mutating func frame(_ area: PixelRect) {
        stroke(PixelRect(x: area.x - 1, y: area.y - 1, width: area.width + 2, height: area.height + 2), PlotStyle.frame)
    }
}

/// A linear map from the data interval [lo, hi] to pixels [p0, p1] (p1 < p0 for
/// rows, which grow downwards).
struct PixelScale {
    var lo: Double, hi: Double, p0: Double, p1: Double

    func callAsFunction(_ v: Double) -> Double { p0 + (v - lo) / (hi - lo) * (p1 - p0) }
    func pixel(_ v: Double) -> Int { Int(self(v).rounded()) }
}
