import SeededRandom

/// Residual-based adaptive distribution (RAD) of interior points, after Wu, Zhu,
/// Tan, Kartha & Lu, "A comprehensive study of non-adaptive and residual-based
/// adaptive sampling for physics-informed neural networks", CMAME 403 (2023) 115671.
///
/// At each redraw a large seeded candidate pool x_1 … x_M is drawn by the file's
/// rule, the PDE residual r(x_j) is evaluated there, and the new N interior points
/// are drawn from the pool without replacement with probability
///
///     p_j ∝ |r_j|^k / mean_l |r_l|^k + c,
///
/// k = `exponent`, c = `constant`. The constant keeps a share c/(1 + c) of the
/// probability mass uniform over the pool, so no region is left without points;
/// k sharpens the concentration on large residuals (k = 0 or c → ∞: uniform).
/// The paper recommends k = 1, c = 1; the CPU reference used k = 2, c = 1.
/// The defaults here, k = 1 and c = 1, were chosen on Burgers ν = 0.01/π, where
/// k = 2 did worse than uniform redraws and k = 1 better (bench/results/rad-2026-12.md).
///
/// The draw without replacement uses the keys of Efraimidis & Spirakis,
/// "Weighted random sampling with a reservoir", Inf. Proc. Letters 97 (2006):
/// key_j = log(u_j)/p_j with u_j uniform on (0, 1]; the N largest keys are a
/// sample with the law of N successive weighted draws without replacement.
public struct AdaptiveSampling: Sendable, Equatable {
    /// k ≥ 0 in |r|^k. Default 1.
    public var exponent: Double = 1
    /// c ≥ 0, the uniform part of p. Default 1.
    public var constant: Double = 1
    /// M, the size of the candidate pool (≥ the point count N).
    public var candidates: Int

    /// The pool size when `candidates` is not given: this many times the point count.
    public static let defaultCandidateFactor = 10

    public init(exponent: Double = 1, constant: Double = 1, candidates: Int) {
        precondition(exponent.isFinite && exponent >= 0 && constant.isFinite && constant >= 0 && candidates >= 1,
                     "AdaptiveSampling: k = \(exponent), c = \(constant), M = \(candidates)")
        self.exponent = exponent
        self.constant = constant
        self.candidates = candidates
    }

    /// The unnormalised probabilities p_j = |r_j|^k / mean |r|^k + c of the
    /// candidates whose residual magnitudes are `magnitudes`. Magnitudes are scaled
    /// by their largest finite value first (p does not change; |r|^k cannot
    /// overflow); a non-finite magnitude counts as the largest finite one. When
    /// every magnitude is 0 the draw is uniform.
    public func weights(magnitudes: [Double]) -> [Double] {
        let finite = magnitudes.lazy.filter(\.isFinite).map(abs)
        let largest = finite.max() ?? 0
        guard largest > 0 else { return [Double](repeating: 1, count: magnitudes.count) }
        var powered = magnitudes.map { m -> Double in
            let a = m.isFinite ? abs(m) / largest : 1
            return exponent == 2 ? a * a : Self.power(a, exponent)
        }
        let mean = powered.reduce(0, +) / Double(max(powered.count, 1))
        guard mean > 0 else { return [Double](repeating: 1, count: magnitudes.count) }
        for j in powered.indices { powered[j] = powered[j] / mean + constant }
        return powered
    }

    /// Indices of `count` distinct candidates drawn with probability ∝ `weights(magnitudes:)`,
    /// in increasing order, reproducibly from `seed`.
    public func draw(magnitudes: [Double], count: Int, seed: UInt64) -> [Int] {
        precondition(count >= 0 && count <= magnitudes.count,
                     "AdaptiveSampling.draw: \(count) points from \(magnitudes.count) candidates")
        let p = weights(magnitudes: magnitudes)
        var g = SeededGenerator(seed: seed)
        var keys = [Double](repeating: 0, count: p.count)
        for j in p.indices {
            let u = 1 - g.nextUniform()                      // (0, 1]
            keys[j] = p[j] > 0 ? Self.log(u) / p[j] : -.infinity
        }
        // The `count` largest keys; ties (only at −∞) go to the lower index.
        let order = p.indices.sorted { keys[$0] != keys[$1] ? keys[$0] > keys[$1] : $0 < $1 }
        return order.prefix(count).sorted()
    }

    /// The seed of the draw of redraw `epoch` for a `[pde]` seed: a stream apart
    /// from the candidate pools' (which use seed + epoch, as uniform redraws do).
    public static func drawSeed(seed: UInt64, epoch: Int) -> UInt64 {
        (seed &+ UInt64(truncatingIfNeeded: epoch)) ^ 0x5241_445F_4452_4157   // "RAD_DRAW"
    }

    private static func power(_ a: Double, _ k: Double) -> Double {
        a == 0 ? (k == 0 ? 1 : 0) : Self.exp(k * Self.log(a))
    }
}

#if canImport(Glibc)
import Glibc
extension AdaptiveSampling {
    @inline(__always) fileprivate static func log(_ x: Double) -> Double { Glibc.log(x) }
    @inline(__always) fileprivate static func exp(_ x: Double) -> Double { Glibc.exp(x) }
}
#else
import Foundation
extension AdaptiveSampling {
    @inline(__always) fileprivate static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inline(__always) fileprivate static func exp(_ x: Double) -> Double { Foundation.exp(x) }
}
#endif
