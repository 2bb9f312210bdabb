import Testing
import Foundation
@testable import PINN
import SeededRandom

/// The vectorised tanh jet against glibc (`VectorTanh`'s documented accuracy), for
/// the portable Swift kernel and, where the CPU has them, the AVX2 + FMA one.
@Suite("Vectorised tanh")
struct VectorTanhTests {
    static let kernels: [JetKernels] = JetKernels.hardwareSupportsAVX2FMA ? [.portable, .avx2FMA] : [.portable]

    /// |a − b| in units of b's last place.
    private func ulps(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / max(b.ulp, Double.leastNonzeroMagnitude)
    }

    private func jets(_ xs: [Double], _ kernel: JetKernels) -> (t: [Double], d1: [Double], d2: [Double], d3: [Double]) {
        var t = [Double](repeating: 0, count: xs.count), d1 = t, d2 = t, d3 = t
        xs.withUnsafeBufferPointer { z in
            t.withUnsafeMutableBufferPointer { tp in d1.withUnsafeMutableBufferPointer { a in
                d2.withUnsafeMutableBufferPointer { b in d3.withUnsafeMutableBufferPointer { c in
                    kernel.tanhJets(z.baseAddress!, count: xs.count, t: tp.baseAddress!, d1: a.baseAddress!,
                                    d2: b.baseAddress!, d3: c.baseAddress!)
                } }
            } }
        }
        return (t, d1, d2, d3)
    }

    /// ≤ 2 ulp in t, σ′ within 1e-15 of 1/cosh² x, over |x| log-uniform in [1e-300, 400]
    /// and uniform in [−3, 3], both signs, the branch point 0.625 and an odd count (tail lanes).
    @Test(arguments: kernels)
    func matchesGlibc(kernel: JetKernels) {
        var g = SeededGenerator(seed: 11)
        var xs: [Double] = [0, -0.0, 0.625, -0.625, 0.625.nextUp, 0.625.nextDown, 354, 355, 400, 1e-300, 19.06, -20]
        for _ in 0..<100_000 {
            let x = pow(10, -300 + g.nextUniform() * (300 + log10(400.0)))
            xs.append(g.nextUniform() < 0.5 ? x : -x)
        }
        for _ in 0..<100_001 { xs.append(6 * g.nextUniform() - 3) }
        let (t, d1, d2, d3) = jets(xs, kernel)
        var worstT = 0.0, worstD1 = 0.0, worstChain = 0.0
        for (k, x) in xs.enumerated() {
            worstT = max(worstT, ulps(t[k], Foundation.tanh(x)))
            if abs(x) <= 350 {
                let c = cosh(x), ref = 1 / (c * c)
                worstD1 = max(worstD1, abs(d1[k] - ref) / ref)
            }
            worstChain = max(worstChain, abs(d2[k] + 2 * t[k] * d1[k]), abs(d3[k] + 2 * d1[k] * (1 - 3 * t[k] * t[k])))
        }
        #expect(worstT <= 2, "\(kernel): max error in tanh: \(worstT) ulp")
        #expect(worstD1 <= 1e-15, "\(kernel): max relative error in σ′: \(worstD1)")
        #expect(worstChain == 0)
    }

    @Test(arguments: kernels)
    func specialValues(kernel: JetKernels) {
        let (t, d1, d2, d3) = jets([.nan, .infinity, -.infinity, 0, 30], kernel)
        #expect(t[0].isNaN && d1[0].isNaN && d2[0].isNaN && d3[0].isNaN)
        #expect(t[1] == 1 && t[2] == -1 && d1[1] >= 0 && d1[1] < 1e-300)
        #expect(t[3] == 0 && d1[3] == 1 && d2[3] == 0 && d3[3] == -2)
        // σ′(30) = 4e⁻⁶⁰/(1 + e⁻⁶⁰)² to full relative accuracy, where 1 − t² is 0.
        #expect(abs(d1[4] / (4 * exp(-60.0)) - 1) < 1e-15)
    }
}
