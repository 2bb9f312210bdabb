import Testing
import SvenSolver

@Suite("Summary description")
struct SummaryDescriptionTests {
    /// `print(summary)` is one short line whatever the number of steps: the history
    /// is not dumped (it was over 200 KB after a long run).
    @Test func descriptionIsOneShortLineWithoutTheHistory() throws {
        var adam = Adam()
        let (_, summary) = try LeastSquaresDriver.solve(Rosenbrock(), from: [-1.2, 1], optimizer: &adam,
                                                        stopping: .init(maxSteps: 3000, stallSteps: 0))
        #expect(summary.history.count == 3000)
        let text = "\(summary)"
        #expect(!text.contains("\n") && text.count < 300, "\(text)")
        #expect(text.hasPrefix("\(summary.termination.rawValue) after 3000 steps: cost "), "\(text)")
        #expect(text.contains(summary.message))
        let debug = String(reflecting: summary)
        #expect(debug.count < 400 && debug.contains("3000 history records"), "\(debug)")
    }
}
