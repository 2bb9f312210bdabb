// ErrorNormsTests.swift — relative L2, max-abs and RMS errors.

import Testing
@testable import SpectralReference

@Suite("ErrorNorms")
struct ErrorNormsTests {
    @Test("relativeL2 = ‖a − r‖ / ‖r‖")
    func relativeL2() {
        #expect(abs(ErrorNorms.relativeL2([1, 2, 3], [1, 2, 4]) - 1 / 21.0.squareRoot()) <= 1e-16)
        #expect(ErrorNorms.relativeL2([3, 4], [3, 4]) == 0)
        #expect(abs(ErrorNorms.relativeL2([0, 0], [3, 4]) - 1) <= 1e-16)
    }

    @Test("zero reference: 0 when equal, ∞ otherwise")
    func zeroReference() {
        #expect(ErrorNorms.relativeL2([0, 0], [0, 0]) == 0)
        #expect(ErrorNorms.relativeL2([1e-300, 0], [0, 0]) == .infinity)
    }

    @Test("relativeL2 neither underflows nor overflows")
    func scaling() {
        #expect(abs(ErrorNorms.relativeL2([2e-300, 0], [1e-300, 0]) - 1) <= 1e-15)
        #expect(abs(ErrorNorms.relativeL2([2e200, 0], [1e200, 0]) - 1) <= 1e-15)
        #expect(ErrorNorms.relativeL2([.infinity], [1]) == .infinity)
    }

    @Test("maxAbs and rootMeanSquare")
    func maxAbsAndRMS() {
        #expect(ErrorNorms.maxAbs([1, -2, 3], [1, 2, 2.5]) == 4)
        #expect(ErrorNorms.maxAbs([], []) == 0)
        #expect(ErrorNorms.rootMeanSquare([1, 1, 1, 1], [0, 0, 0, 2]) == 1)
    }

    @Test("NaN propagates: a broken approximation never looks accurate")
    func nanPropagates() {
        #expect(ErrorNorms.maxAbs([.nan, 0], [0, 0]).isNaN)
        #expect(ErrorNorms.maxAbs([0, .nan], [0, 0]).isNaN)
        #expect(ErrorNorms.relativeL2([.nan, 1], [1, 1]).isNaN)
    }
}
