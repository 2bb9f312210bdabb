// spectral-references — every catalog reference with its accuracy and wall time.
//
//   OPENBLAS_NUM_THREADS=1 swift run -c release spectral-references [output.md]
//
// Accuracy is against the exact solution where one exists (poisson2d, poisson5d,
// helmholtz2d, heat1d), otherwise by self-convergence (burgers, allen-cahn:
// halving dt and doubling N). Writes bench/results/references.md by default.

import Foundation
import SpectralReference

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func fmt(_ x: Double) -> String { String(format: "%.2e", x) }

let grid101 = (0...100).map { Double($0) / 100 }
var rows = [String]()
var notes = [String]()

// poisson2d: −Δu = 2π² sin πx sin πy on [0,1]², u = 0; DST-I n = 63.
do {
    var report = ErrorReport(approx: [], reference: [])
    let time = try seconds {
        let solver = try SpectralBoxSolver(lower: [0, 0], upper: [1, 1], kinds: [.dirichlet, .dirichlet], counts: [63, 63])
        let series = try solver.solve(forcing: { 2 * .pi * .pi * sin(.pi * $0[0]) * sin(.pi * $0[1]) })
        let u = series.values(onGrid: [grid101, grid101])
        report = ErrorReport(approx: u, reference: grid101.flatMap { y in grid101.map { sin(.pi * $0) * sin(.pi * y) } })
    }
    rows.append("| poisson2d | DST-I × DST-I, n = 63 (plan + solve + 101² grid) | exact | \(fmt(report.relativeL2)) | \(fmt(report.maxAbs)) | \(fmt(time)) |")
}

// poisson2d, a multi-mode variant (the single mode above comes out with errors of ~1e-48,
// too easy a check on its own):
// u* = sin πx sin πy + 0.3 sin 5πx sin 3πy + 0.01 sin 40πx sin 17πy.
do {
    var report = ErrorReport(approx: [], reference: [])
    let u: (Double, Double) -> Double = { x, y in
        sin(.pi * x) * sin(.pi * y) + 0.3 * sin(5 * .pi * x) * sin(3 * .pi * y) + 0.01 * sin(40 * .pi * x) * sin(17 * .pi * y)
    }
    let f: ([Double]) -> Double = { p in
        let x = p[0], y = p[1]
        return 2 * .pi * .pi * sin(.pi * x) * sin(.pi * y) + 0.3 * 34 * .pi * .pi * sin(5 * .pi * x) * sin(3 * .pi * y)
            + 0.01 * 1889 * .pi * .pi * sin(40 * .pi * x) * sin(17 * .pi * y)
    }
    let time = try seconds {
        let solver = try SpectralBoxSolver(lower: [0, 0], upper: [1, 1], kinds: [.dirichlet, .dirichlet], counts: [63, 63])
        let series = try solver.solve(forcing: f)
        report = ErrorReport(approx: series.values(onGrid: [grid101, grid101]), reference: grid101.flatMap { y in grid101.map { u($0, y) } })
    }
    rows.append("| poisson2d (3 modes) | DST-I × DST-I, n = 63, u* with modes (1,1), (5,3), (40,17) on 101² | exact | \(fmt(report.relativeL2)) | \(fmt(report.maxAbs)) | \(fmt(time)) |")
}

// poisson5d: −Δu = π² Σ cos πx_i on [0,1]⁵; DCT-I (Neumann) n = 5 per axis, mean of u* = 0.
do {
    var report = ErrorReport(approx: [], reference: [])
    let g = (0...10).map { Double($0) / 10 }
    let time = try seconds {
        let solver = try SpectralBoxSolver(lower: [0, 0, 0, 0, 0], upper: [1, 1, 1, 1, 1],
                                           kinds: Array(repeating: .neumann, count: 5), counts: Array(repeating: 5, count: 5))
        let series = try solver.solve(forcing: { x in .pi * .pi * x.reduce(0) { $0 + cos(.pi * $1) } }, mean: 0)
        let u = series.values(onGrid: Array(repeating: g, count: 5))
        var exact = [Double]()
        exact.reserveCapacity(u.count)
        for flat in 0..<u.count {
            var rest = flat, s = 0.0
            for _ in 0..<5 { s += cos(.pi * g[rest % 11]); rest /= 11 }
            exact.append(s)
        }
        report = ErrorReport(approx: u, reference: exact)
    }
    rows.append("| poisson5d | DCT-I in all 5 directions, n = 5 (Neumann; exact for u*, mean 0) on an 11⁵ grid | exact | \(fmt(report.relativeL2)) | \(fmt(report.maxAbs)) | \(fmt(time)) |")
}

// helmholtz2d: −Δu − k₀²u = f, k₀ = 4π, u* = sin k₀x sin k₀y; DST-I n = 31.
do {
    let k0 = 4 * Double.pi
    var report = ErrorReport(approx: [], reference: [])
    let time = try seconds {
        let solver = try SpectralBoxSolver(lower: [0, 0], upper: [1, 1], kinds: [.dirichlet, .dirichlet], counts: [31, 31],
                                           operator: .helmholtz(k: k0))
        let series = try solver.solve(forcing: { k0 * k0 * sin(k0 * $0[0]) * sin(k0 * $0[1]) })
        let u = series.values(onGrid: [grid101, grid101])
        report = ErrorReport(approx: u, reference: grid101.flatMap { y in grid101.map { sin(k0 * $0) * sin(k0 * y) } })
    }
    rows.append("| helmholtz2d | DST-I × DST-I, n = 31 on 101² | exact | \(fmt(report.relativeL2)) | \(fmt(report.maxAbs)) | \(fmt(time)) |")
}

// heat1d: u_t = ¼u_xx, u₀ = sin πx; exact in time; 101 × 101 (x, t) grid.
do {
    var report = ErrorReport(approx: [], reference: [])
    var worstSlice = 0.0
    let time = try seconds {
        let heat = try HeatReference(lower: [0], upper: [1], kinds: [.dirichlet], counts: [15], kappa: 0.25, initial: { sin(.pi * $0[0]) })
        let u = heat.values(onGrid: [grid101], times: grid101)
        let exact = grid101.flatMap { t in grid101.map { exp(-Double.pi * Double.pi * t / 4) * sin(.pi * $0) } }
        report = ErrorReport(approx: u, reference: exact)
        worstSlice = ErrorNorms.perTimeSlice(u, exact, pointsPerSlice: 101).map(\.relativeL2).max() ?? .nan
    }
    rows.append("| heat1d | DST-I n = 15, e^(−κλt) per mode; 101 x × 101 t | exact | \(fmt(report.relativeL2)) (worst slice \(fmt(worstSlice))) | \(fmt(report.maxAbs)) | \(fmt(time)) |")
}

// Chebyshev on data that are not a sine series: −Δu = f, u* = eˣ cos 2y + x³ on [0,1]², its Dirichlet data.
for degree in [16, 24, 32] {
    var report = ErrorReport(approx: [], reference: [])
    let u: (Double, Double) -> Double = { x, y in exp(x) * cos(2 * y) + x * x * x }
    let time = try seconds {
        let solver = try ChebyshevSolver2D(lower: [0, 0], upper: [1, 1], degree: degree)
        let p = try solver.solve(forcing: { x, y in 3 * exp(x) * cos(2 * y) - 6 * x }, boundary: u)
        let approx = grid101.flatMap { y in grid101.map { p.value(atX: $0, y: y) } }
        report = ErrorReport(approx: approx, reference: grid101.flatMap { y in grid101.map { u($0, y) } })
    }
    rows.append("| chebyshev2d (not in the catalog) | Chebyshev collocation N = \(degree), dense LU of order \((degree - 1) * (degree - 1)), u* = eˣ cos 2y + x³ on 101² | exact | \(fmt(report.relativeL2)) | \(fmt(report.maxAbs)) | \(fmt(time)) |")
}

/// Self-convergence plus the measured error of interpolating in t between snapshots.
@MainActor func timeDependent(name: String, method: String, solve: () throws -> TimeDependentReference,
                   doubledOutputs: () throws -> TimeDependentReference, xs: [Double]) throws {
    var reference: TimeDependentReference?
    let time = try seconds { reference = try solve() }
    guard let reference else { return }
    let dense = try doubledOutputs()
    let m = reference.times.count - 1, horizon = reference.times[m]
    let mid = (0..<m).map { (Double($0) + 0.5) * horizon / Double(m) }
    let interpolationError = ErrorNorms.maxAbs(reference.values(onGridX: xs, times: mid), dense.values(onGridX: xs, times: mid))
    rows.append("| \(name) | \(method) | self-convergence: dt vs dt/2 \(fmt(reference.estimatedTimeError)), N vs 2N \(fmt(reference.estimatedSpaceError)) | — | \(fmt(reference.estimatedError)) (est.) | \(fmt(time)) |")
    notes.append("- \(name): interpolation in t between the \(m + 1) snapshots (6-point Lagrange, Δt_out = \(horizon / Double(m))), measured at the \(m) mid-times on \(xs.count) x points against a run with twice the snapshots: max error \(fmt(interpolationError)).")
}

let xs201 = (0...200).map { -1 + Double($0) / 100 }
let burgers = try Burgers1D()
try timeDependent(name: "burgers", method: "Fourier (odd ⇒ 2-periodic), N = \(burgers.points), 3/2 dealiasing, ETDRK4 dt = \(burgers.timeStep), \(burgers.outputIntervals + 1) snapshots; total of 3 runs",
                  solve: { try burgers.solve(estimateOn: xs201) },
                  doubledOutputs: { try Burgers1D(outputIntervals: 2 * burgers.outputIntervals).run(points: burgers.points, timeStep: burgers.timeStep) }, xs: xs201)
let allenCahn = try AllenCahn1D()
try timeDependent(name: "allen-cahn", method: "Chebyshev N = \(allenCahn.degree), lift v = u + 1, L = VΛV⁻¹, ETDRK4 dt = \(allenCahn.timeStep), \(allenCahn.outputIntervals + 1) snapshots; total of 3 runs",
                  solve: { try allenCahn.solve(estimateOn: xs201) },
                  doubledOutputs: { try AllenCahn1D(outputIntervals: 2 * allenCahn.outputIntervals).run(degree: allenCahn.degree, timeStep: allenCahn.timeStep) }, xs: xs201)

let output = CommandLine.arguments.dropFirst().first ?? "bench/results/references.md"
var text = """
# Spectral references — accuracy and wall time

Command: `OPENBLAS_NUM_THREADS=1 swift run -c release spectral-references`
(\(ProcessInfo.processInfo.processorCount) cores, machine shared with other builds; times are wall clock, single run).

Error is relative L2 and max |u − u*| against the exact solution on the grid
named; for Burgers and Allen–Cahn (no closed form) the max differences on the
201 x points × every output time between (N, dt) and (N, dt/2) and between (N, dt) and
(2N, dt) — estimates of the error of the (N, dt) solution returned.
Time for the time-dependent rows covers all three runs and the comparison.

| reference | method | accuracy measured by | relative L2 | max error | time (s) |
|---|---|---|---|---|---|

"""
text += rows.joined(separator: "\n") + "\n\n" + notes.joined(separator: "\n") + "\n"
try text.write(toFile: output, atomically: true, encoding: .utf8)
print(text)
