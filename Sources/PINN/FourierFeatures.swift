import Foundation
import Residuals
import SeededRandom

/// A random Fourier-feature input embedding (Tancik et al., NeurIPS 2020):
/// γ(x) = [sin(2π Bx), cos(2π Bx)] with a fixed Gaussian B (m × D, entries
/// N(0, σ²)), so the first layer sees 2m inputs. It is not trained; it lets a
/// small network represent fine scales (σ sets the frequencies it starts from).
///
/// Its jet is exact: with φ_j = 2π b_j·x,
///
///     ∂_d sin φ_j = 2π b_jd cos φ_j,   ∂_p∂_q sin φ_j = −(2π)² b_jp b_jq sin φ_j,
///     ∂_d cos φ_j = −2π b_jd sin φ_j,  ∂_p∂_q cos φ_j = −(2π)² b_jp b_jq cos φ_j,
///
/// and Δ is the sum over p = q. For a multi-index α of order m (third and
/// fourth derivatives), ∂^α sin φ_j = Π_{d∈α} (2π b_jd) · sin^(m)(φ_j), with
/// sin‴ = −cos, sin⁗ = sin, cos‴ = sin, cos⁗ = cos.
///
/// **Pass-through inputs.** Dimensions listed in `passThrough` are also given to
/// the first layer as they are (value x_d, ∂_d x_d = 1, higher derivatives 0),
/// after the 2m features. The periodic embedding (`periodic(…)`) is this type with
/// frequencies k/L_d along the periodic axes and every other axis passed through.
public struct FourierFeatures: Sendable, Equatable {
    /// D, the dimension of the points.
    public let inputDimension: Int
    /// B, row-major m × D: frequency j is `frequencies[j*D ..< (j+1)*D]`.
    public let frequencies: [Double]
    /// Dimensions fed to the first layer unchanged, after the features (ascending).
    public let passThrough: [Int]

    public init(inputDimension: Int, frequencies: [Double], passThrough: [Int] = []) {
        precondition(inputDimension >= 1 && !frequencies.isEmpty && frequencies.count % inputDimension == 0,
                     "FourierFeatures: \(frequencies.count) frequency entries for dimension \(inputDimension)")
        precondition(passThrough.allSatisfy { (0..<inputDimension).contains($0) } && passThrough == Array(Set(passThrough)).sorted(),
                     "FourierFeatures: pass-through dimensions \(passThrough) must be ascending, distinct and < \(inputDimension)")
        self.inputDimension = inputDimension
        self.frequencies = frequencies
        self.passThrough = passThrough
    }

    /// m features of scale σ drawn from `seed`.
    public init(inputDimension: Int, count: Int, scale: Double, seed: UInt64) {
        precondition(count >= 1 && scale > 0 && scale.isFinite, "FourierFeatures: count \(count) and scale \(scale)")
        var g = SeededGenerator(seed: seed)
        self.init(inputDimension: inputDimension, frequencies: (0..<(count * inputDimension)).map { _ in scale * g.nextNormal() })
    }

    /// m.
    public var count: Int { frequencies.count / inputDimension }
    /// 2m plus the pass-through dimensions: the width the first layer sees.
    public var outputCount: Int { 2 * count + passThrough.count }

    /// The layer-0 jet of every point: channel c, point i, feature k at `(c·B + i)·2m + k`.
    func fillJet(points: PointSet, layout: JetLayout, into a0: UnsafeMutableBufferPointer<Double>) {
        let (dim, m, width, n) = (inputDimension, count, outputCount, points.count)
        let twoPi = 2 * Double.pi
        for i in 0..<n {
            for j in 0..<m {
                var phi = 0.0
                for d in 0..<dim { phi += frequencies[j * dim + d] * points.coordinates[i * dim + d] }
                phi *= twoPi
                let (s, c) = (sin(phi), cos(phi))
                func put(_ channel: Int, _ sinPart: Double, _ cosPart: Double) {
                    a0[(channel * n + i) * width + j] = sinPart
                    a0[(channel * n + i) * width + m + j] = cosPart
                }
                put(0, s, c)
                guard layout.hasFirst else { continue }
                var squared = 0.0
                for d in 0..<dim {
                    let w = twoPi * frequencies[j * dim + d]
                    put(layout.firstOffset + d, w * c, -w * s)
                    squared += w * w
                }
                for (k, (p, q)) in layout.seconds.enumerated() {
                    let w2 = twoPi * twoPi * frequencies[j * dim + p] * frequencies[j * dim + q]
                    put(layout.secondOffset + k, -w2 * s, -w2 * c)
                }
                for (k, alpha) in layout.higher.enumerated() {
                    let w = alpha.reduce(1.0) { $0 * twoPi * frequencies[j * dim + $1] }
                    // sin^(m) = sin(φ + mπ/2), cos^(m) = cos(φ + mπ/2) for m = 3, 4.
                    let (sm, cm) = alpha.count == 3 ? (-c, s) : (s, c)
                    put(layout.higherOffset + k, w * sm, w * cm)
                }
                if layout.hasLaplacian { put(layout.laplacianIndex, -squared * s, -squared * c) }
            }
            for (k, d) in passThrough.enumerated() {
                a0[i * width + 2 * m + k] = points.coordinates[i * dim + d]
                if layout.hasFirst { a0[((layout.firstOffset + d) * n + i) * width + 2 * m + k] = 1 }
            }
        }
    }
}
