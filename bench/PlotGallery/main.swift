// plot-gallery — writes the sample pictures SolutionIO's plots are judged by, for a
// person to look at, and sample data files to open in other tools (NumPy, ParaView):
// `swift run plot-gallery [DIRECTORY]` (default out/gallery).
//
//   heatmap.png        u = sin(πx) sin(πy) on a 101 × 101 grid, viridis
//   error.png          a signed error field, symmetric red–blue map
//   error-log.png      |error| on a log10 scale
//   loss.png           a decaying loss and rel L2 curve on a log y axis
//   font.png           every glyph of the bitmap font, at scales 1, 2 and 3
//   u.npy, u.csv       u on the grid: shape (101, 101) (y, x); columns x,y,u
//   u.vti, u-ascii.vti u and error as VTK ImageData, base64 and ASCII
//   box.vti            a 3D field f = x + 10 y + 100 z on a 4 × 3 × 2 grid

import Foundation
import SolutionIO

let directory = CommandLine.arguments.dropFirst().first ?? "out/gallery"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

let n = 101
let grid = (0..<n).map { Double($0) / Double(n - 1) }
var u: [Double] = [], error: [Double] = []
for y in grid {
    for x in grid {
        u.append(sin(.pi * x) * sin(.pi * y))
        error.append(3e-6 * sin(2 * .pi * x) * sin(3 * .pi * y) + 1e-6 * x * y)
    }
}
try Heatmap.render(u, nx: n, ny: n, x: 0...1, y: 0...1, options: HeatmapOptions(title: "u = sin(pi x) sin(pi y)"))
    .writePNG(to: path("heatmap.png"))
try Heatmap.render(error, nx: n, ny: n, x: 0...1, y: 0...1,
                   options: HeatmapOptions(title: "error u - reference", scale: .symmetric))
    .writePNG(to: path("error.png"))
try Heatmap.render(error, nx: n, ny: n, x: 0...1, y: 0...1,
                   options: HeatmapOptions(title: "|error|", scale: .log10Magnitude))
    .writePNG(to: path("error-log.png"))

let steps = (0...400).map(Double.init)
let loss = steps.map { 2.0 * exp(-$0 / 30) + 1e-9 * (1 + 0.3 * sin($0 / 5)) }
let relL2 = steps.map { 0.8 * exp(-$0 / 60) + 2e-6 }
try LinePlot.render([LineSeries(name: "loss", x: steps, y: loss), LineSeries(name: "rel L2", x: steps, y: relL2)],
                    options: LinePlotOptions(title: "Poisson 2D, Sven", xLabel: "step", yLabel: "loss, rel L2"))
    .writePNG(to: path("loss.png"))

let alphabet = "0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz .,-+=()/_:|[]%*^<>!?'"
var font = RGBImage(width: 1100, height: 200)
font.text(alphabet, x: 10, y: 10, scale: 1)
font.text(String(alphabet.prefix(60)), x: 10, y: 30, scale: 2)
font.text(String(alphabet.dropFirst(60)), x: 10, y: 60, scale: 2)
font.text("rel L2 = 6.2e-8 (t_end: 1.5)", x: 10, y: 100, scale: 3)
font.text("vertical", x: 1060, y: 190, scale: 2, vertical: true)
try PNG.write(font, to: path("font.png"))
try NPY.write(u, shape: [n, n], to: path("u.npy"))
let xs = grid.flatMap { _ in grid }, ys = grid.flatMap { y in grid.map { _ in y } }
try CSVTable(columnNames: ["x", "y", "u"], columns: [xs, ys, u]).write(to: path("u.csv"))
var image = VTIImage(lower: [0, 0], upper: [1, 1], counts: [n, n])
image.addPointData(name: "u", values: u)
image.addPointData(name: "error", values: error)
try image.write(to: path("u.vti"))
try image.write(to: path("u-ascii.vti"), encoding: .ascii)
var box = VTIImage(lower: [0, 0, 0], upper: [3, 2, 1], counts: [4, 3, 2])
var f: [Double] = []
for z in 0..<2 { for y in 0..<3 { for x in 0..<4 { f.append(Double(x + 10 * y + 100 * z)) } } }
box.addPointData(name: "f", values: f)
try box.write(to: path("box.vti"))
print("wrote 5 pictures and 5 data files to \(directory)")
