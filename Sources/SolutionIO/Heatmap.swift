// Heatmap.swift — a 2D field on a tensor grid as a coloured image with axes and a colour bar.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a heatmap maps values to colours.
public struct HeatmapOptions: Sendable {
    /// - `linear`: [min, max] of the finite values → the colour map (default viridis).
    /// - `symmetric`: [−m, m], m = max |value|, so zero sits mid-map (default the
    ///   diverging red–blue map: white at zero) — for signed errors.
    /// - `log10Magnitude`: log10 |value| over whole decades (at most 16 below the
    ///   top one; smaller values and exact zeros take the lowest colour) — for |error|.
    public enum Scale: String, Sendable, CaseIterable { case linear, symmetric, log10Magnitude }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var scale: Scale
    /// nil: viridis, or the red–blue map for `symmetric`.
    public var colorMap: ColorMap?
    /// Fixed colour range in value units (for `log10Magnitude`: positive |value|
    /// bounds); nil: from the data as described under `Scale`.
    public var range: ClosedRange<Double>?
    /// Pixels along the longer side of the plot area (the shorter follows the
    /// domain's aspect ratio when it is between 1:3 and 3:1, else the area is square).
    public var plotSize: Int

    public init(title: String = "", xLabel: String = "x", yLabel: String = "y", scale: Scale = .linear,
                colorMap: ColorMap? = nil, range: ClosedRange<Double>? = nil, plotSize: Int = 400) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.scale = scale
        self.colorMap = colorMap; self.range = range; self.plotSize = plotSize
    }
}

/// Heatmaps of a field sampled on an `nx × ny` tensor grid, x fastest:
/// `values[i + nx·j]` is the value at (x_i, y_j), x_0 = x.lowerBound, y_0 = y.lowerBound
/// (the bottom of the picture). Between grid points colours come from bilinear
/// interpolation of the colour coordinate, so a 101 × 101 grid drawn on 400 × 400
/// pixels looks smooth. NaN and ±∞ show grey (`RGB.missing`); in `log10Magnitude`,
/// ±∞ is the top colour.
public enum Heatmap {
    public static func render(_ values: [Double], nx: Int, ny: Int, x: ClosedRange<Double>, y: ClosedRange<Double>,
                              options: HeatmapOptions = HeatmapOptions()) -> Figure {
        precondition(nx >= 2 && ny >= 2, "heatmap grid \(nx) × \(ny) needs at least 2 points a side")
        precondition(values.count == nx * ny, "heatmap has \(values.count) values for a \(nx) × \(ny) grid")
        let map = options.colorMap ?? (options.scale == .symmetric ? .redBlue : .viridis)
        let (lo, hi) = colorRange(values, options)
        let coordinate: (Double) -> Double = { v in
            if v.isNaN { return .nan }
            let c = options.scale == .log10Magnitude ? log10(abs(v)) : v
            if options.scale != .log10Magnitude && !c.isFinite { return .nan }
            return min(max((c - lo) / (hi - lo), 0), 1)
        }
        let t = values.map(coordinate)

        // Layout.
        let (plotW, plotH) = plotShape(x: x, y: y, size: options.plotSize)
        let yTicks = Ticks.linear(y.lowerBound, y.upperBound)
        let yLabels = Ticks.labels(yTicks.values, step: yTicks.step)
        let barTicks = colorBarTicks(lo, hi, log: options.scale == .log10Magnitude)
        let left = 10 + PlotStyle.textHeight + 10 + (yLabels.map(PlotStyle.width).max() ?? 0) + PlotStyle.tickLength + 6
        let top = options.title.isEmpty ? 16 : 16 + PlotStyle.textHeight + 16
        let barWidth = 20, barGap = 24
        let right = barGap + barWidth + PlotStyle.tickLength + 4 + (barTicks.map { PlotStyle.width($0.label) }.max() ?? 0) + 16
        let bottom = PlotStyle.tickLength + 4 + PlotStyle.textHeight + 10 + PlotStyle.textHeight + 14
        var image = RGBImage(width: left + plotW + right, height: top + plotH + bottom)
        let area = PixelRect(x: left, y: top, width: plotW, height: plotH)
        let bar = PixelRect(x: left + plotW + barGap, y: top, width: barWidth, height: plotH)

        // The field, bilinear in the colour coordinate.
        for py in 0..<plotH {
            let gy = (Double(plotH - 1 - py) + 0.5) / Double(plotH) * Double(ny - 1)
            let j = min(Int(gy), ny - 2), fy = gy - Double(j)
            for px in 0..<plotW {
                let gx = (Double(px) + 0.5) / Double(plotW) * Double(nx - 1)
                let i = min(Int(gx), nx - 2), fx = gx - Double(i)
                let k = i + nx * j
                let s = (1 - fy) * ((1 - fx) * t[k] + fx * t[k + 1]) + fy * ((1 - fx) * t[k + nx] + fx * t[k + nx + 1])
                image.plot(left + px, top + py, map.color(s))
            }
        }
        // The colour bar: bottom row t = 0, top row t = 1.
        for row in 0..<plotH {
            let color = map.color(Double(plotH - 1 - row) / Double(plotH - 1))
            image.fill(PixelRect(x: bar.x, y: bar.y + row, width: bar.width, height: 1), color)
        }
        image.frame(area)
        image.frame(bar)

        let xs = PixelScale(lo: x.lowerBound, hi: x.upperBound, p0: Double(left), p1: Double(left + plotW - 1))
        let ys = PixelScale(lo: y.lowerBound, hi: y.upperBound, p0: Double(top + plotH - 1), p1: Double(top))
        let bs = PixelScale(lo: lo, hi: hi, p0: Double(top + plotH - 1), p1: Double(top))
        let xTicks = Ticks.linear(x.lowerBound, x.upperBound)
        image.xAxis(area, ticks: zip(xTicks.values, Ticks.labels(xTicks.values, step: xTicks.step)).map { (xs.pixel($0), $1) },
                    label: options.xLabel)
        image.yAxis(area, ticks: zip(yTicks.values, yLabels).map { (ys.pixel($0), $1) }, label: options.yLabel, labelX: 10)
        image.rightAxis(bar, ticks: barTicks.map { (bs.pixel($0.value), $0.label) })
        if !options.title.isEmpty {
            image.text(options.title, centeredAt: image.width / 2, y: 16, scale: PlotStyle.fontScale)
        }
        return Figure(image: image, plotArea: area, colorBar: bar)
    }

    // MARK: - Helpers

    /// The colour range [lo, hi] in colour-coordinate units (log10 units for log scale).
    static func colorRange(_ values: [Double], _ options: HeatmapOptions) -> (Double, Double) {
        let finite = values.filter { $0.isFinite }
        switch options.scale {
        case .linear:
            var lo = options.range?.lowerBound ?? finite.min() ?? 0
            var hi = options.range?.upperBound ?? finite.max() ?? 1
            if !(hi > lo) { lo -= 0.5; hi += 0.5 }
            return (lo, hi)
        case .symmetric:
            var m = options.range.map { max(abs($0.lowerBound), abs($0.upperBound)) } ?? finite.map(abs).max() ?? 1
            if !(m > 0) { m = 1 }
            return (-m, m)
        case .log10Magnitude:
            if let r = options.range, r.lowerBound > 0, r.upperBound > r.lowerBound {
                return (log10(r.lowerBound), log10(r.upperBound))
            }
            let positive = finite.map(abs).filter { $0 > 0 }
            guard let mn = positive.min(), let mx = positive.max() else { return (-1, 0) }
            let hi = log10(mx).rounded(.up)
            let lo = max(min(log10(mn).rounded(.down), hi - 1), hi - 16)
            return (lo, hi)
        }
    }

    static func colorBarTicks(_ lo: Double, _ hi: Double, log: Bool) -> [(value: Double, label: String)] {
        if log {
            return Ticks.decades(Int(lo.rounded(.up)), Int(hi.rounded(.down))).map { (Double($0), Ticks.decade($0)) }
        }
        let ticks = Ticks.linear(lo, hi)
        return Array(zip(ticks.values, Ticks.labels(ticks.values, step: ticks.step)))
    }

    static func plotShape(x: ClosedRange<Double>, y: ClosedRange<Double>, size: Int) -> (Int, Int) {
        var aspect = (x.upperBound - x.lowerBound) / (y.upperBound - y.lowerBound)
        if !(aspect >= 1.0 / 3 && aspect <= 3) { aspect = 1 }
        return aspect >= 1 ? (size, max(2, Int((Double(size) / aspect).rounded())))
            : (max(2, Int((Double(size) * aspect).rounded())), size)
    }
}
