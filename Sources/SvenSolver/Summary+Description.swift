import Foundation

// MARK: - A short description (`print(summary)`)

extension Summary: CustomStringConvertible, CustomDebugStringConvertible {
    /// One line: why it stopped, the steps, the cost from start to end, the wall
    /// time and the last rank kept — not the history (`history` holds a record per
    /// step; print it on purpose), e.g.
    ///
    ///     converged after 122 steps: cost 3.1e+01 → 8.4e-23 in 2.70 s, rank 257 (the cost fell below cost_threshold)
    public var description: String {
        func e(_ x: Double) -> String { String(format: "%.1e", x) }
        let rank = history.last.map { ", rank \($0.rank)" } ?? ""
        return "\(termination.rawValue) after \(steps) steps: cost \(e(initialCost)) → \(e(finalCost)) in "
            + String(format: "%.2f s", wallSeconds) + rank + " (\(message))"
    }

    /// The same line, with the number of history records (the default `debugPrint`
    /// would dump every one of them).
    public var debugDescription: String { "Summary(\(description); \(history.count) history records)" }
}
