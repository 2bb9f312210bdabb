/// A seeded pseudo-random generator: xoshiro256** (Blackman & Vigna, "Scrambled
/// linear pseudorandom number generators", ACM TOMS 2021), its state filled from
/// the seed by SplitMix64 as the authors recommend.
///
/// Every random draw in svenpde goes through one of these, made from a seed the
/// user can set, so a run is reproducible bit for bit on one machine. It is a
/// `RandomNumberGenerator`, so `Double.random(in:using:)` and `shuffle(using:)`
/// work with it.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// The four 64-bit words (s₀, s₁, s₂, s₃) of the xoshiro256** state, for
    /// checkpoints: `SeededGenerator(state: g.state)` continues g's sequence exactly.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// The generator whose state is `state` (as read from `state`); nil unless there
    /// are exactly four words, not all zero (xoshiro's one forbidden state, which
    /// would yield zeros forever and which no seed produces).
    public init?(state: [UInt64]) {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else { return nil }
        s0 = state[0]; s1 = state[1]; s2 = state[2]; s3 = state[3]
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform on [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Standard normal by the Box–Muller transform (one of the pair is used, so
    /// each call advances the state by exactly two draws).
    public mutating func nextNormal() -> Double {
        var u1 = nextUniform()
        while u1 <= 0 { u1 = nextUniform() }
        let u2 = nextUniform()
        return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func _log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
import Foundation
@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }
#endif
