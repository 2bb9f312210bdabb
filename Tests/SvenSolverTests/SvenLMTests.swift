import Testing
import LinearAlgebra
import SvenSolver
import TestSupport

@Suite("Sven where trusted, LM where not (sven-lm)")
struct SvenLMTests {
    /// On r = Aθ − b Sven's first step is the exact least-squares solution at η = 1: the
    /// step is long, so the LM half is never asked, and the cost falls to round-off.
    @Test func linearProblemStaysWithSven() throws {
        let a = TestData.gaussian(40, 9, seed: 11), b = TestData.gaussian(40, seed: 12)
        var o = SvenLM()
        let (theta, summary) = try LeastSquaresDriver.solve(LinearSystem(a, b), from: Array(repeating: 0, count: 9),
                                                           optimizer: &o, stopping: .init(maxSteps: 3))
        let reference = try ThinSVD(a).solve(b, rtol: 0)
        #expect(maxAbsDifference(theta, reference) < 1e-10 * norm2(reference))
        #expect(o.stepsInLM == 0 && !o.inLM)
        #expect(summary.history[0].eta == 1)
    }

    /// From a random start the tanh fit's Gauss–Newton steps are accepted only shortened
    /// (η ≪ 1), so the run hands over to LM; every step still lowers ½‖r‖², and the fit
    /// reaches the same accuracy LM alone reaches (NielsenLMTests: cost < 1e-6 in 300 steps).
    @Test func shortStepsHandOverToLMAndTheFitConverges() throws {
        let system = MLPFit()
        var o = SvenLM()
        let (_, summary) = try LeastSquaresDriver.solve(system, from: MLPFit.initialParameters(), optimizer: &o,
                                                        stopping: .init(maxSteps: 300, costThreshold: 1e-20))
        let costs = [summary.initialCost] + summary.history.map(\.cost)
        for k in 1..<costs.count { #expect(costs[k] <= costs[k - 1], "step \(k)") }
        #expect(o.stepsInLM > 0)
        #expect(summary.history.contains { $0.eta < o.etaThreshold })   // the short Sven steps that caused it
        #expect(summary.finalCost < 1e-6, "\(summary.termination), cost \(summary.finalCost)")
    }

    /// The LM half cannot decrease the cost at a minimum of a rank-deficient problem
    /// (Powell's singular function): the run hands back to Sven instead of stopping, and
    /// ends at cost < 1e-8 like both halves alone.
    @Test func powellSingularConverges() throws {
        var o = SvenLM()
        let (_, summary) = try LeastSquaresDriver.solve(PowellSingular(), from: PowellSingular.start, optimizer: &o,
                                                        stopping: .init(maxSteps: 200, costThreshold: 1e-20))
        #expect(summary.finalCost < 1e-8, "\(summary.termination), cost \(summary.finalCost)")
    }
}
