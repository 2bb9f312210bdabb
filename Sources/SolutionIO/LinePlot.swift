// LinePlot.swift — series such as loss and rel L2 against step or time, log10 y axis.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One named curve: points (x[k], y[k]) joined in order.
public struct LineSeries: Sendable {
    public var name: String
    public var x: [Double]
    public var y: [Double]

    public init(name: String, x: [Double], y: [Double]) {
        precondition(x.count == y.count, "series '\(name)' has \(x.count) x values and \(y.count) y values")
        self.name = name; self.x = x; self.y = y
    }
}

public struct LinePlotOptions: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// true: log10 y axis with decade ticks (`1e-3`, …) and minor ticks at 2…9;
    /// false: linear y axis.
    public var logY: Bool
    public var width: Int
    public var height: Int

    public init(title: String = "", xLabel: String = "step", yLabel: String = "", logY: Bool = true,
                width: Int = 640, height: Int = 480) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.logY = logY
        self.width = width; self.height = height
    }
}

/// Line plots: linear x axis, log10 (or linear) y axis, light grid lines at the
/// ticks, a legend in the top-right corner, series in the Tableau-10 colours
/// (matplotlib's default cycle: blue, orange, green, red, purple, brown, …) drawn
/// 2 px wide. Points with non-finite coordinates, or y ≤ 0 on a log axis, are left
/// out and break the line there. The y range is whole decades around the data.
public enum LinePlot {
    public static let palette: [RGB] = [0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD,
                                        0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF].map { RGB(hex: $0) }

    public static func render(_ series: [LineSeries], options: LinePlotOptions = LinePlotOptions()) -> Figure {
        let valid: (Double, Double) -> Bool = { x, y in x.isFinite && y.isFinite && (!options.logY || y > 0) }
        var xsAll: [Double] = [], ysAll: [Double] = []
        for s in series { for (x, y) in zip(s.x, s.y) where valid(x, y) { xsAll.append(x); ysAll.append(y) } }
        var x0 = xsAll.min() ?? 0, x1 = xsAll.max() ?? 1
        if !(x1 > x0) { x0 -= 0.5; x1 += 0.5 }
        let (y0, y1) = yRange(ysAll, log: options.logY)
        let fy: (Double) -> Double = options.logY ? { log10($0) } : { $0 }

        // Y tick labels decide the left margin.
        var yTicks: [(value: Double, label: String)]
        var minor: [Double] = []
        if options.logY {
            let lo = Int(y0.rounded()), hi = Int(y1.rounded())
            yTicks = Ticks.decades(lo, hi).map { (Double($0), Ticks.decade($0)) }
            if hi - lo <= 8 {
                for k in lo..<hi { for m in 2...9 { minor.append(Double(k) + log10(Double(m))) } }
            }
        } else {
            let t = Ticks.linear(y0, y1)
            yTicks = Array(zip(t.values, Ticks.labels(t.values, step: t.step)))
        }
        let left = 10 + (options.yLabel.isEmpty ? 0 : PlotStyle.textHeight + 10)
            + (yTicks.map { PlotStyle.width($0.label) }.max() ?? 0) + PlotStyle.tickLength + 6
        let top = options.title.isEmpty ? 20 : 16 + PlotStyle.textHeight + 16
        let right = 28
        let bottom = PlotStyle.tickLength + 4 + PlotStyle.textHeight + 10 + PlotStyle.textHeight + 14
        let area = PixelRect(x: left, y: top, width: max(options.width - left - right, 10),
                             height: max(options.height - top - bottom, 10))
        var image = RGBImage(width: left + area.width + right, height: top + area.height + bottom)
        let xs = PixelScale(lo: x0, hi: x1, p0: Double(area.x), p1: Double(area.x + area.width - 1))
        let ys = PixelScale(lo: y0, hi: y1, p0: Double(area.y + area.height - 1), p1: Double(area.y))
        let xTicks = Ticks.linear(x0, x1, maxCount: 7)

        for v in xTicks.values { image.fill(PixelRect(x: xs.pixel(v), y: area.y, width: 1, height: area.height), PlotStyle.grid) }
        for t in yTicks { image.fill(PixelRect(x: area.x, y: ys.pixel(t.value), width: area.width, height: 1), PlotStyle.grid) }

        for (n, s) in series.enumerated() {
            let color = palette[n % palette.count]
            var previous: (Int, Int)?
            for (x, y) in zip(s.x, s.y) {
                guard valid(x, y) else { previous = nil; continue }
                let p = (xs.pixel(x), ys.pixel(fy(y)))
                image.line(previous?.0 ?? p.0, previous?.1 ?? p.1, p.0, p.1, color, thickness: 2, clip: area)
                previous = p
            }
        }
        image.frame(area)
        image.xAxis(area, ticks: zip(xTicks.values, Ticks.labels(xTicks.values, step: xTicks.step)).map { (xs.pixel($0), $1) },
                    label: options.xLabel)
        image.yAxis(area, ticks: yTicks.map { (ys.pixel($0.value), $0.label) }, minor: minor.map { ys.pixel($0) },
                    label: options.yLabel, labelX: 10)
        if !options.title.isEmpty {
            image.text(options.title, centeredAt: area.x + area.width / 2, y: 16, scale: PlotStyle.fontScale)
        }
        legend(&image, series: series, area: area)
        return Figure(image: image, plotArea: area, colorBar: nil)
    }

    /// The y range in axis units: whole decades (log10 units) or the data ±5 %.
    static func yRange(_ ys: [Double], log: Bool) -> (Double, Double) {
        guard let mn = ys.min(), let mx = ys.max() else { return log ? (-1, 0) : (0, 1) }
        if log {
            let hi = log10(mx).rounded(.up), lo = log10(mn).rounded(.down)
            return (lo, hi > lo ? hi : lo + 1)
        }
        let pad = mx > mn ? 0.05 * (mx - mn) : max(abs(mx) * 0.5, 0.5)
        return (mn - pad, mx + pad)
    }

    /// A white box in the top-right corner: a line sample and the name of each series.
    static func legend(_ image: inout RGBImage, series: [LineSeries], area: PixelRect) {
        guard !series.isEmpty else { return }
        let rowHeight = PlotStyle.textHeight + 6
        let width = 10 + 24 + 8 + (series.map { PlotStyle.width($0.name) }.max() ?? 0) + 10
        let box = PixelRect(x: area.x + area.width - width - 10, y: area.y + 10,
                            width: width, height: 8 + rowHeight * series.count + 2)
        image.fill(box, .white)
        image.stroke(box, RGB(150, 150, 150))
        for (n, s) in series.enumerated() {
            let y = box.y + 8 + n * rowHeight
            let mid = y + PlotStyle.textHeight / 2 - 1
            image.line(box.x + 10, mid, box.x + 34, mid, palette[n % palette.count], thickness: 2)
            image.text(s.name, x: box.x + 42, y: y, scale: PlotStyle.fontScale)
        }
    }
}
