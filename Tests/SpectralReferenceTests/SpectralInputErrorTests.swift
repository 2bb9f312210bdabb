// SpectralInputErrorTests.swift — bad input throws SpectralReferenceError with a clear message.

import Dispatch
import Foundation
import Synchronization
import Testing
@testable import SpectralReference

@Suite("Spectral references: bad input and threads")
struct SpectralInputErrorTests {
    @Test("sizes that break the per-kind rule are rejected, naming the rule")
    func badSizes() {
        for (kind, n) in [(BoundaryKind.dirichlet, 16), (.neumann, 8), (.periodic, 12), (.neumann, 2), (.dirichlet, 0)] {
            #expect {
                _ = try SpectralBoxSolver(lower: [0], upper: [1], kinds: [kind], counts: [n])
            } throws: { error in
                guard case let .invalidGridSize(field, value, rule) = error as? SpectralReferenceError else { return false }
                return value == n && field.contains(kind.rawValue) && rule.contains("power of two")
            }
        }
        #expect(throws: SpectralReferenceError.self) { try Burgers1D(points: 100) }
        #expect(throws: SpectralReferenceError.self) { try AllenCahn1D(degree: 2) }
        #expect(throws: SpectralReferenceError.self) { try ChebyshevSolver2D(lower: [0, 0], upper: [1, 1], degree: 1) }
    }

    @Test("empty, reversed or non-finite boxes are rejected")
    func badBoxes() {
        #expect(throws: SpectralReferenceError.invalidBox(dimension: 1, lower: 1, upper: 1)) {
            try SpectralBoxSolver(lower: [0, 1], upper: [1, 1], kinds: [.dirichlet, .dirichlet], counts: [7, 7])
        }
        #expect(throws: SpectralReferenceError.invalidBox(dimension: 0, lower: 2, upper: 1)) {
            try ChebyshevSolver1D(lower: 2, upper: 1, degree: 8)
        }
        #expect(throws: SpectralReferenceError.self) {
            try HeatReference(lower: [.nan], upper: [1], kinds: [.dirichlet], counts: [7], kappa: 1, initial: { _ in 0 })
        }
        #expect(throws: SpectralReferenceError.dimensionMismatch(field: "kinds", count: 1, expected: 2)) {
            try SpectralBoxSolver(lower: [0, 0], upper: [1, 1], kinds: [.dirichlet], counts: [7, 7])
        }
        #expect(throws: SpectralReferenceError.self) {
            try SpectralBoxSolver(lower: [], upper: [], kinds: [], counts: [])
        }
    }

    @Test("NaN data is rejected with the point and the field named")
    func nanData() throws {
        let solver = try SpectralBoxSolver(lower: [0, 0], upper: [1, 1], kinds: [.neumann, .periodic], counts: [9, 8])
        #expect {
            _ = try solver.solve(forcing: { x in x[0] > 0.5 ? .nan : 1 })
        } throws: { error in
            guard case let .nonFiniteData(field, point, _) = error as? SpectralReferenceError else { return false }
            return field == "forcing" && point[0] > 0.5 && "\(error)".contains("not finite")
        }
        #expect(throws: SpectralReferenceError.self) {
            try HeatReference(lower: [0], upper: [1], kinds: [.dirichlet], counts: [7], kappa: 1, initial: { _ in .infinity })
        }
        #expect(throws: SpectralReferenceError.self) {
            try ChebyshevSolver2D(lower: [0, 0], upper: [1, 1], degree: 8).solve(forcing: { _, _ in .nan }, boundary: { _, _ in 0 })
        }
        #expect(throws: SpectralReferenceError.self) {
            try Burgers1D(points: 64, timeStep: 1e-3, horizon: 0.01, outputIntervals: 1, initial: { $0 > 0 ? .nan : 0 }).run(points: 64, timeStep: 1e-3)
        }
        #expect(throws: SpectralReferenceError.self) { try HeatReference(lower: [0], upper: [1], kinds: [.dirichlet], counts: [7], kappa: -1, initial: { _ in 0 }) }
        #expect(throws: SpectralReferenceError.self) { try Burgers1D(timeStep: 3e-3) }  // does not divide 0.01
    }

    @Test("Helmholtz resonance on an excited mode is an error, not a silent ∞")
    func resonance() throws {
        let solver = try SpectralBoxSolver(lower: [0], upper: [1], kinds: [.dirichlet], counts: [15], operator: .helmholtz(k: 2 * .pi))
        #expect(throws: SpectralReferenceError.self) { try solver.solve(forcing: { sin(2 * .pi * $0[0]) }) }
        // Data orthogonal to the resonant mode sin 2πx: solved, resonant component 0.
        let series = try solver.solve(forcing: { (9 * .pi * .pi - 4 * .pi * .pi) * sin(3 * .pi * $0[0]) })
        let xs = (0...20).map { Double($0) / 20 }
        #expect(ErrorNorms.maxAbs(series.values(at: xs), xs.map { sin(3 * .pi * $0) }) <= 1e-13)
    }

    @Test("32 threads plan r2r (1…5-D) and r2c/c2r plans at once: no crash, results equal to serial")
    func concurrentPlanning() throws {
        @Sendable func work(_ i: Int) throws -> [Double] {
            let d = i % 5 + 1
            let solver = try SpectralBoxSolver(lower: Array(repeating: 0, count: d), upper: Array(repeating: 1, count: d),
                                               kinds: (0..<d).map { BoundaryKind.allCases[($0 + i) % 3] },
                                               counts: (0..<d).map { [7, 9, 8][($0 + i) % 3] }, operator: .screenedPoisson(mu: 1))
            let series = try solver.solve(forcing: { x in x.reduce(1) { $0 * (1 + $1) } })
            let fft = try RealFFT(size: 16 << (i % 3))
            _ = fft
            return Array(series.coefficients.prefix(20))
        }
        let serial = try (0..<32).map(work)
        let mismatches = Mutex(0)
        for _ in 0..<3 {
            DispatchQueue.concurrentPerform(iterations: 32) { i in
                if (try? work(i)) != serial[i] { mismatches.withLock { $0 += 1 } }
            }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }

    @Test("per-field and per-time-slice error reports")
    func reports() {
        let fields = ErrorNorms.perField([[1, 2], [0, 0]], [[1, 3], [0, 1]])
        #expect(fields.count == 2 && fields[0].maxAbs == 1 && fields[1].relativeL2 == 1)
        let slices = ErrorNorms.perTimeSlice([1, 1, 2, 2, 3, 3], [1, 1, 2, 0, 3, 4], pointsPerSlice: 2)
        #expect(slices.map(\.maxAbs) == [0, 2, 1])
        #expect(slices[0].relativeL2 == 0)
    }
}
