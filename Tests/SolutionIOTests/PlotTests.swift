// PlotTests.swift — heatmaps and line plots: colours at known places, ticks, labels.

import Foundation
import Testing
@testable import SolutionIO

@Suite("Plots")
struct PlotTests {
    static let n = 41
    static func field(_ f: (Double, Double) -> Double) -> [Double] {
        var v: [Double] = []
        for j in 0..<n { for i in 0..<n { v.append(f(Double(i) / Double(n - 1), Double(j) / Double(n - 1))) } }
        return v
    }

    @Test("viridis and red–blue ends and middle are the published colours")
    func colorMaps() {
        #expect(ColorMap.viridis.color(0) == RGB(hex: 0x440154))
        #expect(ColorMap.viridis.color(1) == RGB(hex: 0xFDE725))
        #expect(ColorMap.viridis.color(0.5) == RGB(hex: 0x21918C))
        #expect(ColorMap.redBlue.color(0) == RGB(hex: 0x053061))
        #expect(ColorMap.redBlue.color(0.5) == RGB(hex: 0xF7F7F7))
        #expect(ColorMap.redBlue.color(1) == RGB(hex: 0x67001F))
        #expect(ColorMap.viridis.color(.nan) == .missing)
    }

    @Test("heatmap of sin πx sin πy: colour-bar ends are viridis ends, peak yellow, edges dark; PNG decodes to it")
    func heatmap() throws {
        let u = PlotTests.field { x, y in sin(.pi * x) * sin(.pi * y) }
        let figure = Heatmap.render(u, nx: PlotTests.n, ny: PlotTests.n, x: 0...1, y: 0...1, options: HeatmapOptions(title: "u"))
        let bar = try #require(figure.colorBar)
        let image = try decodePNG(PNG.encode(figure.image))
        #expect(image == figure.image)
        #expect(image[bar.x + bar.width / 2, bar.y + bar.height - 1] == RGB(hex: 0x440154))
        #expect(image[bar.x + bar.width / 2, bar.y] == RGB(hex: 0xFDE725))
        let area = figure.plotArea
        let centre = image[area.x + area.width / 2, area.y + area.height / 2]
        #expect(centre.r > 240)
        #expect(centre.g > 220)
        #expect(centre.b < 60)
        let corner = image[area.x, area.y + area.height - 1]
        #expect(corner.r < 80)
        #expect(corner.g < 20)
        #expect(corner.b > 70)
        #expect(area.width == 400 && area.height == 400)
        // Frame pixels are black just outside the area.
        #expect(image[area.x - 1, area.y + 10] == .black && image[area.x + 10, area.y + area.height] == .black)
    }

    @Test("signed error, symmetric scale: zero is white, left blue, right red; NaN is grey")
    func diverging() throws {
        var e = PlotTests.field { x, _ in 1e-6 * (x - 0.5) }
        e[PlotTests.n * 20 + 5] = .nan
        let figure = Heatmap.render(e, nx: PlotTests.n, ny: PlotTests.n, x: 0...1, y: 0...1,
                                    options: HeatmapOptions(scale: .symmetric))
        let area = figure.plotArea, bar = try #require(figure.colorBar), image = figure.image
        let mid = area.y + area.height / 4
        // Pixel centres sit just inside the grid, so the edge colours are within a step of the ends.
        func near(_ a: RGB, _ b: RGB) -> Bool { abs(Int(a.r) - Int(b.r)) + abs(Int(a.g) - Int(b.g)) + abs(Int(a.b) - Int(b.b)) <= 4 }
        #expect(near(image[area.x, mid], RGB(hex: 0x053061)))
        #expect(near(image[area.x + area.width - 1, mid], RGB(hex: 0x67001F)))
        let centre = image[area.x + area.width / 2, mid]
        #expect(min(centre.r, centre.g, centre.b) > 240)
        #expect(image[bar.x + 5, bar.y + bar.height - 1] == RGB(hex: 0x053061) && image[bar.x + 5, bar.y] == RGB(hex: 0x67001F))
        let nanPixel = image[area.x + area.width * 5 / 40, area.y + area.height / 2]
        #expect(nanPixel == .missing)
    }

    @Test("log10 |error|: whole decades, at most 16; zero takes the lowest colour")
    func logScale() {
        let options = HeatmapOptions(scale: .log10Magnitude)
        #expect(Heatmap.colorRange([3e-7, -2e-4, 0, .nan], options) == (-7, -3))
        #expect(Heatmap.colorRange([1e-30, 5], options) == (-15, 1))
        #expect(Heatmap.colorRange([2e-5, 3e-5], options) == (-5, -4))
        #expect(Heatmap.colorBarTicks(-7, -3, log: true).map(\.label) == ["1e-7", "1e-6", "1e-5", "1e-4", "1e-3"])
        let e = PlotTests.field { x, _ in x == 0 ? 0 : pow(10, -6 * (1 - x)) }
        let figure = Heatmap.render(e, nx: PlotTests.n, ny: PlotTests.n, x: 0...1, y: 0...1, options: options)
        #expect(figure.image[figure.plotArea.x, figure.plotArea.y + 10] == RGB(hex: 0x440154))
        #expect(figure.image[figure.plotArea.x + figure.plotArea.width - 1, figure.plotArea.y + 10] == RGB(hex: 0xFDE725))
    }

    @Test("nice ticks and their labels")
    func ticks() {
        #expect(Ticks.linear(0, 1).values == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(Ticks.labels(Ticks.linear(0, 1).values, step: 0.2) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(Ticks.labels([0, 100, 200, 300], step: 100) == ["0", "100", "200", "300"])
        #expect(Ticks.labels([-2e-6, -1e-6, 0, 1e-6, 2e-6], step: 1e-6) == ["-2e-6", "-1e-6", "0", "1e-6", "2e-6"])
        #expect(Ticks.labels([0, 2.5e5, 5e5], step: 2.5e5) == ["0", "2.5e5", "5.0e5"])
        #expect(Ticks.labels([0, 0.25, 0.5], step: 0.25) == ["0.00", "0.25", "0.50"])
        #expect(Ticks.labels([0, 2e5, 4e5, 1e6], step: 2e5) == ["0", "0.2e6", "0.4e6", "1.0e6"])
        #expect((-4...2).map(Ticks.decade) == ["1e-4", "1e-3", "1e-2", "1e-1", "1", "10", "1e2"])
        #expect(Ticks.decades(-20, 0) == [-20, -17, -14, -11, -8, -5, -2])
    }

    @Test("line plot: each series in its colour, on the right row of the log axis, and a legend")
    func linePlot() throws {
        let steps = (0...100).map(Double.init)
        let loss = LineSeries(name: "loss", x: steps, y: steps.map { pow(10, -$0 / 20) })  // 1 … 1e-5
        let relL2 = LineSeries(name: "rel L2", x: steps, y: steps.map { 0.5 * pow(10, -$0 / 50) })
        let figure = LinePlot.render([loss, relL2], options: LinePlotOptions(title: "history", yLabel: "value"))
        let image = try decodePNG(PNG.encode(figure.image)), area = figure.plotArea
        // y axis spans 1e-5 … 1: the loss passes 1e-3 at step 60.
        let column = area.x + Int((60.0 / 100 * Double(area.width - 1)).rounded())
        let rows = (area.y..<area.y + area.height).filter { image[column, $0] == LinePlot.palette[0] }
        let expected = area.y + Int((3.0 / 5 * Double(area.height - 1)).rounded())  // 3 of 5 decades down
        #expect(!rows.isEmpty && rows.allSatisfy { abs($0 - expected) <= 3 })
        var counts = [0, 0]
        for y in area.y..<area.y + area.height { for x in area.x..<area.x + area.width {
            if image[x, y] == LinePlot.palette[0] { counts[0] += 1 }
            if image[x, y] == LinePlot.palette[1] { counts[1] += 1 }
        } }
        #expect(counts[0] > 200 && counts[1] > 200)
        #expect(LinePlot.yRange([3e-7, 0.5], log: true) == (-7, 0))
        #expect(Set(LinePlot.palette).count == LinePlot.palette.count)
    }
}
