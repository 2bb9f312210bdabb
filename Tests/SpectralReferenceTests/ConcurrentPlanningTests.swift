// ConcurrentPlanningTests.swift — FFTW planning from many threads at once must be safe.

import Dispatch
import Foundation
import Synchronization
import Testing
@testable import SpectralReference

@Suite("Concurrent FFTW planning")
struct ConcurrentPlanningTests {
    static let sizes = [7, 15, 31, 63]

    /// A forcing that is not a sine series, so every mode and every FFTW
    /// codelet contributes to the result.
    static func solveOnce(n: Int) throws -> [Double] {
        let solver = try DirichletPoissonSolver2D(lower: [0, -1], upper: [2, 1], n: n)
        let series = try solver.solve { x, y in exp(-x * y) + x * x - y }
        return solver.interiorValues(of: series)
    }

    @Test("16 threads each plan, solve and destroy: no crash, results identical to serial")
    func manySolversInParallel() throws {
        let serial = try Self.sizes.map { try Self.solveOnce(n: $0) }
        let iterations = 16
        let results = Mutex<[[Double]?]>(Array(repeating: nil, count: iterations))
        let failures = Mutex<[String]>([])
        for _ in 0..<3 {  // a few rounds: plans are created and destroyed concurrently
            DispatchQueue.concurrentPerform(iterations: iterations) { index in
                do {
                    let values = try Self.solveOnce(n: Self.sizes[index % Self.sizes.count])
                    results.withLock { $0[index] = values }
                } catch {
                    failures.withLock { $0.append("\(index): \(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let collected = results.withLock { $0 }
        for index in 0..<iterations {
            #expect(collected[index] == serial[index % Self.sizes.count], "iteration \(index)")
        }
    }

    @Test("one solver shared by 8 threads gives the same answer on each")
    func sharedSolverInParallel() throws {
        let solver = try DirichletPoissonSolver2D(lower: [0, 0], upper: [1, 1], n: 31)
        let f: @Sendable (Double, Double) -> Double = { x, y in x * (1 - y) + sin(7 * x) }
        let expected = try solver.solve(forcing: f).coefficients
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let same = (try? solver.solve(forcing: f).coefficients) == expected
            if !same { mismatches.withLock { $0 += 1 } }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }
}
