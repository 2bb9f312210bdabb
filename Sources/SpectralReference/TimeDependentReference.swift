// TimeDependentReference.swift — snapshots of u(t, x) in 1D, evaluated at any (x, t).

import Foundation

/// How one snapshot represents u(t_k, ·) in space.
public enum SpatialRepresentation: Sendable, Equatable {
    /// u(x) = Re Σ_{k=0}^{K−1} ĉ_k e^{i 2πk(x − a)/L}, ĉ stored interleaved (re, im).
    case fourier(lower: Double, period: Double)
    /// Values at the Chebyshev points of [a, b] (`ChebyshevInterpolant1D` order).
    case chebyshev(lower: Double, upper: Double)
}

/// A 1D time-dependent reference: snapshots at the uniform output times
/// t_k = k·T/M, k = 0 … M, each spectral in x, and error estimates.
///
/// **In x**: Fourier series summed directly, or barycentric Chebyshev
/// interpolation (Berrut & Trefethen 2004) — spectrally accurate anywhere.
/// **In t**: at an output time the snapshot is used exactly; between output
/// times, Lagrange interpolation on the `stencil` (default 6) nearest snapshots,
/// error O(Δt_out⁶ · ∂⁶u/∂t⁶). Measured (bench/results/references.md, max over
/// 201 x at every mid-time against a run with twice the snapshots): Burgers
/// 3.3e-12 at Δt_out = 0.001 (but 2.7e-6 at 0.01, near the front), Allen–Cahn
/// 9.0e-10 at Δt_out = 0.0025 (9.5e-8 at 0.01) — hence the dense default output grids.
///
/// `estimatedTimeError` = max over the output grid of |u(dt) − u(dt/2)|,
/// `estimatedSpaceError` = max |u(N) − u(2N)|; both estimate the error of
/// these snapshots (computed with N and dt), pessimistically.
public struct TimeDependentReference: Sendable {
    public let representation: SpatialRepresentation
    /// t_k = k·horizon/(snapshots.count − 1).
    public let times: [Double]
    public let snapshots: [[Double]]
    public var estimatedTimeError: Double
    public var estimatedSpaceError: Double
    /// Snapshots used for Lagrange interpolation in t.
    public var stencil: Int = 6

    public init(representation: SpatialRepresentation, times: [Double], snapshots: [[Double]],
                estimatedTimeError: Double = .nan, estimatedSpaceError: Double = .nan) {
        precondition(times.count == snapshots.count && times.count >= 2,
                     "TimeDependentReference: \(times.count) times, \(snapshots.count) snapshots (need equal, ≥ 2)")
        self.representation = representation
        self.times = times
        self.snapshots = snapshots
        self.estimatedTimeError = estimatedTimeError
        self.estimatedSpaceError = estimatedSpaceError
    }

    /// max(time, space) estimate.
    public var estimatedError: Double { max(estimatedTimeError, estimatedSpaceError) }

    /// u(t_k, x) for every x in `xs` from snapshot k.
    public func snapshotValues(_ k: Int, at xs: [Double]) -> [Double] {
        SnapshotEvaluator(representation, modes: snapshots[k].count, at: xs).values(of: snapshots[k])
    }

    /// u at point-major (x, t) pairs; t is clamped to [0, T].
    public func values(at points: [Double]) -> [Double] {
        precondition(points.count % 2 == 0, "TimeDependentReference.values: odd coordinate count \(points.count)")
        return (0..<(points.count / 2)).map { p in
            let x = points[2 * p], t = points[2 * p + 1]
            let (ks, ws) = timeWeights(t)
            var u = 0.0
            for (k, w) in zip(ks, ws) where w != 0 { u += w * snapshotValues(k, at: [x])[0] }
            return u
        }
    }

    /// u on xs × ts, x fastest: value (i, k) at i + xs.count·k.
    public func values(onGridX xs: [Double], times ts: [Double]) -> [Double] {
        var cache = [Int: [Double]]()
        let evaluator = SnapshotEvaluator(representation, modes: snapshots[0].count, at: xs)
        var out = [Double]()
        out.reserveCapacity(xs.count * ts.count)
        for t in ts {
            let (ks, ws) = timeWeights(t)
            var row = [Double](repeating: 0, count: xs.count)
            for (k, w) in zip(ks, ws) where w != 0 {
                if cache[k] == nil { cache[k] = evaluator.values(of: snapshots[k]) }
                let v = cache[k]!
                for i in row.indices { row[i] += w * v[i] }
            }
            out += row
        }
        return out
    }

    /// Snapshot indices and Lagrange weights for time t (uniform t_k).
    func timeWeights(_ t: Double) -> ([Int], [Double]) {
        let last = times.count - 1, horizon = times[last]
        let tc = min(max(t, times[0]), horizon)
        let position = (tc - times[0]) / (horizon - times[0]) * Double(last)
        let nearest = Int(position.rounded())
        if abs(position - Double(nearest)) <= 1e-12 * Double(last) { return ([nearest], [1]) }
        let width = min(stencil, times.count)
        let start = min(max(Int(position.rounded(.down)) - (width - 1) / 2, 0), times.count - width)
        let ks = Array(start..<(start + width))
        let ws = ks.map { j -> Double in
            var w = 1.0
            for i in ks where i != j { w *= (position - Double(i)) / Double(j - i) }
            return w
        }
        return (ks, ws)
    }
}

/// Evaluation of snapshots at fixed points through one precomputed table
/// (Fourier: cos and sin of every mode at every x; Chebyshev: the barycentric
/// cardinal functions ℓ_j(x)), so each snapshot costs one table–vector product.
struct SnapshotEvaluator {
    /// Row p holds the weights for point p: `stride` entries.
    let table: [Double]
    let stride: Int
    let count: Int

    init(_ representation: SpatialRepresentation, modes length: Int, at xs: [Double]) {
        count = xs.count
        stride = length
        var t = [Double](repeating: 0, count: length * xs.count)
        switch representation {
        case let .fourier(a, period):
            for (p, x) in xs.enumerated() {
                let theta = 2 * Double.pi * (x - a) / period
                for m in 0..<(length / 2) {
                    t[length * p + 2 * m] = cos(Double(m) * theta)
                    t[length * p + 2 * m + 1] = -sin(Double(m) * theta)
                }
            }
        case let .chebyshev(a, b):
            let n = length - 1, ref = Chebyshev.points(n), w = Chebyshev.barycentricWeights(n)
            var l = [Double](repeating: 0, count: length)
            for (p, x) in xs.enumerated() {
                Chebyshev.cardinals(at: 2 * (x - a) / (b - a) - 1, nodes: ref, weights: w, into: &l)
                for j in 0..<length { t[length * p + j] = l[j] }
            }
        }
        table = t
    }

    func values(of snapshot: [Double]) -> [Double] {
        precondition(snapshot.count == stride, "SnapshotEvaluator: snapshot has \(snapshot.count) entries, table \(stride)")
        var out = [Double](repeating: 0, count: count)
        table.withUnsafeBufferPointer { t in
            snapshot.withUnsafeBufferPointer { c in
                for p in 0..<count {
                    var s = 0.0
                    let row = t.baseAddress! + stride * p
                    for j in 0..<stride { s += row[j] * c[j] }
                    out[p] = s
                }
            }
        }
        return out
    }
}
