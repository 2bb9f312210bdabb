import Foundation
import Residuals
import SolutionIO
import SvenSolver

/// The solution on the evaluation grid, written as files people can use:
/// NPY (shape = grid counts with the first variable last, i.e. C order with x
/// fastest), one CSV table, VTK ImageData (.vti, 2D and 3D) and PNG pictures.
struct SolutionFiles {
    let directory: String
    let variables: [String]
    let axes: [[Double]]
    /// Field name and values on the grid, per field.
    let fields: [(name: String, values: [Double])]
    /// The values the first field is judged against (reference, else exact), and what they are.
    let truth: (name: String, values: [Double])?

    var counts: [Int] { axes.map(\.count) }
    /// NPY shape: the slowest-varying (last) variable first.
    var shape: [Int] { counts.reversed() }
    var error: [Double]? { truth.map { t in zip(fields[0].values, t.values).map { $0 - $1 } } }

    /// Writes every file; returns their names.
    func write(history: [StepRecord], measured: [(step: Int, relL2: Double)]) throws -> [String] {
        var written: [String] = []
        func path(_ name: String) -> String { written.append(name); return (directory as NSString).appendingPathComponent(name) }
        for f in fields { try NPY.write(f.values, shape: shape, to: path("\(f.name).npy")) }
        if let t = truth { try NPY.write(t.values, shape: shape, to: path("\(t.name).npy")) }
        if let e = error { try NPY.write(e, shape: shape, to: path("error.npy")) }

        var names = variables + fields.map(\.name)
        var columns: [[Double]] = (0..<variables.count).map { d in gridCoordinate(d) } + fields.map(\.values)
        if let t = truth, let e = error { names += [t.name, "error"]; columns += [t.values, e] }
        try CSVTable(columnNames: names, columns: columns).write(to: path("solution.csv"))

        if (2...3).contains(axes.count) {
            var image = VTIImage(lower: axes.map { $0.first! }, upper: axes.map { $0.last! }, counts: counts)
            for (n, c) in zip(names.dropFirst(variables.count), columns.dropFirst(variables.count)) { image.addPointData(name: n, values: c) }
            try image.write(to: path("solution.vti"))
        }
        try pictures(path)
        if !history.isEmpty {
            var series = [LineSeries(name: "loss", x: history.map { Double($0.step) }, y: history.map(\.cost))]
            if !measured.isEmpty {
                series.append(LineSeries(name: "rel L2 error", x: measured.map { Double($0.step) }, y: measured.map(\.relL2)))
            }
            try LinePlot.render(series, options: LinePlotOptions(title: "loss and error", xLabel: "step", yLabel: "log10"))
                .writePNG(to: path("history.png"))
        }
        return written
    }

    /// Coordinate d of every grid point (first dimension fastest).
    private func gridCoordinate(_ d: Int) -> [Double] {
        let n = counts.reduce(1, *)
        let stride = counts.prefix(d).reduce(1, *)
        return (0..<n).map { axes[d][($0 / stride) % counts[d]] }
    }

    /// Heatmaps of the first two variables (through the middle of the others), or curves in 1D.
    private func pictures(_ path: (String) -> String) throws {
        if axes.count == 1 {
            var series = [LineSeries(name: fields[0].name, x: axes[0], y: fields[0].values)]
            if let t = truth { series.append(LineSeries(name: t.name, x: axes[0], y: t.values)) }
            try LinePlot.render(series, options: LinePlotOptions(title: fields[0].name, xLabel: variables[0], logY: false))
                .writePNG(to: path("\(fields[0].name).png"))
            if let e = error {
                try LinePlot.render([LineSeries(name: "|error|", x: axes[0], y: e.map { max(abs($0), 1e-300) })],
                                    options: LinePlotOptions(title: "|error|", xLabel: variables[0]))
                    .writePNG(to: path("error.png"))
            }
            return
        }
        let (nx, ny) = (counts[0], counts[1])
        let middle = counts.dropFirst(2).map { $0 / 2 }
        let offset = zip(middle, counts.dropFirst(2)).enumerated().reduce(0) { acc, e in
            acc + e.element.0 * counts.prefix(e.offset + 2).reduce(1, *)
        }
        func slice(_ v: [Double]) -> [Double] { (0..<(nx * ny)).map { v[offset + $0] } }
        let where_ = axes.count > 2 ? " at " + (2..<axes.count).map { "\(variables[$0])=\(String(format: "%.3g", axes[$0][middle[$0 - 2]]))" }.joined(separator: ", ") : ""
        func heat(_ v: [Double], _ title: String, _ scale: HeatmapOptions.Scale, _ file: String) throws {
            try Heatmap.render(slice(v), nx: nx, ny: ny, x: axes[0].first!...axes[0].last!, y: axes[1].first!...axes[1].last!,
                               options: HeatmapOptions(title: title + where_, xLabel: variables[0], yLabel: variables[1], scale: scale))
                .writePNG(to: path(file))
        }
        for f in fields { try heat(f.values, f.name, .linear, "\(f.name).png") }
        if let t = truth { try heat(t.values, t.name, .linear, "\(t.name).png") }
        if let e = error {
            try heat(e, "error \(fields[0].name) - \(truth!.name)", .symmetric, "error.png")
            try heat(e, "log10 |error|", .log10Magnitude, "error-log.png")
        }
    }
}
