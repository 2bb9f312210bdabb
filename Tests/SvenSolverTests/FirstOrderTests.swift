import Foundation
import Testing
import LinearAlgebra
import SvenSolver
import TestSupport

/// g = Aᵀ(Aθ − b), the gradient of ½‖Aθ − b‖², computed independently of the system.
private func linearGradient(_ a: Matrix, _ b: [Double], _ theta: [Double]) -> [Double] {
    let r = zip(a.times(theta), b).map { $0 - $1 }
    return a.times(r, .transpose)
}

@Suite("Schedules")
struct ScheduleTests {
    @Test func valuesAtKnownSteps() {
        #expect(Schedule.constant(0.3).value(at: 1) == 0.3 && Schedule.constant(0.3).value(at: 1000) == 0.3)
        let literal: Schedule = 1e-3
        #expect(literal == .constant(1e-3))

        let exponential = Schedule.exponentialDecay(initial: 1, rate: 0.5, steps: 10)
        #expect(exponential.value(at: 1) == 1)
        #expect(abs(exponential.value(at: 11) - 0.5) < 1e-15 && abs(exponential.value(at: 21) - 0.25) < 1e-15)
        #expect(abs(exponential.value(at: 6) - 0.5.squareRoot()) < 1e-15)

        let cosine = Schedule.cosineDecay(initial: 2, steps: 100, alpha: 0.1)
        #expect(cosine.value(at: 1) == 2)
        #expect(abs(cosine.value(at: 51) - 2 * (0.9 * 0.5 + 0.1)) < 1e-15)   // half way: cos(π/2) = 0
        #expect(abs(cosine.value(at: 101) - 0.2) < 1e-15 && abs(cosine.value(at: 5000) - 0.2) < 1e-15)

        let warm = Schedule.linearWarmup(steps: 4, then: .cosineDecay(initial: 1, steps: 10, alpha: 0))
        #expect((1...4).map { warm.value(at: $0) } == [0.25, 0.5, 0.75, 1])
        #expect(warm.value(at: 5) == 1)                                        // the cosine's step 1
        #expect(abs(warm.value(at: 10) - 0.5 * (1 + cos(Double.pi * 0.5))) < 1e-15)   // its step 6
    }
}

@Suite("Adam")
struct AdamTests {
    let a = TestData.gaussian(20, 4, seed: 11), b = TestData.gaussian(20, seed: 12)

    @Test func firstStepIsBiasCorrectedSignStepAndStateHoldsTheMoments() throws {
        let start = [0.5, -0.25, 1, 0]
        let g = linearGradient(a, b, start)
        var adam = Adam(.init(learningRate: 0.01))
        let (theta, summary) = try LeastSquaresDriver.solve(LinearSystem(a, b), from: start, optimizer: &adam,
                                                            stopping: .init(maxSteps: 1))
        // m̂ = g and v̂ = g² after one step, so θ₁ = θ₀ − η g/(|g| + ε).
        let expected = zip(start, g).map { $0 - 0.01 * $1 / (abs($1) + 1e-8) }
        #expect(maxAbsDifference(theta, expected) < 1e-15)
        #expect(maxAbsDifference(adam.state.m, g.map { 0.1 * $0 }) < 1e-14)
        #expect(maxAbsDifference(adam.state.v, g.map { 0.001 * $0 * $0 }) < 1e-14)
        #expect(adam.state.t == 1 && summary.history[0].eta == 0.01)
    }

    @Test func aRestoredStateResumesBitForBit() throws {
        let system = LinearSystem(a, b), start = [0.0, 0, 0, 0]
        var straight = Adam(.init(learningRate: 0.05))
        let (ten, _) = try LeastSquaresDriver.solve(system, from: start, optimizer: &straight, stopping: .init(maxSteps: 10))

        var first = Adam(.init(learningRate: 0.05))
        let (five, _) = try LeastSquaresDriver.solve(system, from: start, optimizer: &first, stopping: .init(maxSteps: 5))
        var resumed = Adam(.init(learningRate: 0.05))
        resumed.state = first.state                          // as a checkpoint would restore it
        let (again, _) = try LeastSquaresDriver.solve(system, from: five, optimizer: &resumed, stopping: .init(maxSteps: 5))
        #expect(again == ten)
        #expect(resumed.state == straight.state && resumed.state.t == 10)
    }

    @Test func theScheduleDrivesEveryStep() throws {
        let schedule = Schedule.linearWarmup(steps: 3, then: .exponentialDecay(initial: 0.02, rate: 0.1, steps: 5))
        var adam = Adam(.init(learningRate: schedule))
        let (_, summary) = try LeastSquaresDriver.solve(LinearSystem(a, b), from: [0, 0, 0, 0], optimizer: &adam,
                                                        stopping: .init(maxSteps: 12))
        #expect(summary.history.map(\.eta) == (1...12).map { schedule.value(at: $0) })
    }

    @Test func aStepIntoNaNLeavesParametersAndStateUntouched() throws {
        // r = θ − 3 turns NaN past θ = 1; the first step of size η = 10 lands there.
        var adam = Adam(.init(learningRate: 10))
        let (theta, summary) = try LeastSquaresDriver.solve(PoisonedSystem(), from: [0], optimizer: &adam)
        #expect(summary.termination == .nonFinite && summary.parametersUsable && summary.steps == 0)
        // No step was committed, so θ and the state are the initial ones exactly, on any kernel.
        #expect(theta == [0] && adam.state == Adam.State(parameterCount: 1))
    }
}

@Suite("SGD with momentum")
struct SGDTests {
    let a = TestData.gaussian(20, 4, seed: 13), b = TestData.gaussian(20, seed: 14)
    let start = [0.1, 0.2, -0.3, 0.4]

    func twoSteps(_ options: SGD.Options) throws -> [Double] {
        var sgd = SGD(options)
        return try LeastSquaresDriver.solve(LinearSystem(a, b), from: start, optimizer: &sgd,
                                            stopping: .init(maxSteps: 2)).parameters
    }

    @Test func heavyBallMatchesTheUpdateByHand() throws {
        let (eta, mu) = (0.01, 0.8)
        let g0 = linearGradient(a, b, start)
        let theta1 = zip(start, g0).map { $0 - eta * $1 }                        // u₁ = g₀
        let g1 = linearGradient(a, b, theta1)
        let u2 = zip(g0, g1).map { mu * $0 + $1 }                                // u₂ = μu₁ + g₁
        let theta2 = zip(theta1, u2).map { $0 - eta * $1 }
        #expect(maxAbsDifference(try twoSteps(.init(learningRate: .constant(eta), momentum: mu)), theta2) < 1e-14)
    }

    @Test func nesterovMatchesTheUpdateByHand() throws {
        let (eta, mu) = (0.01, 0.8)
        let g0 = linearGradient(a, b, start)
        let theta1 = zip(start, g0).map { $0 - eta * ($1 + mu * $1) }           // u₁ = g₀; step g₀ + μu₁
        let g1 = linearGradient(a, b, theta1)
        let u2 = zip(g0, g1).map { mu * $0 + $1 }
        let theta2 = (0..<4).map { theta1[$0] - eta * (g1[$0] + mu * u2[$0]) }
        #expect(maxAbsDifference(try twoSteps(.init(learningRate: .constant(eta), momentum: mu, nesterov: true)),
                                 theta2) < 1e-14)
    }

    @Test func zeroMomentumIsPlainGradientDescent() throws {
        let eta = 0.01
        let theta1 = zip(start, linearGradient(a, b, start)).map { $0 - eta * $1 }
        let theta2 = zip(theta1, linearGradient(a, b, theta1)).map { $0 - eta * $1 }
        #expect(maxAbsDifference(try twoSteps(.init(learningRate: .constant(eta), momentum: 0)), theta2) < 1e-14)
    }
}
