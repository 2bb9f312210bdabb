/// One `[[data]]` table as read: which term it became, and the held-out points
/// its fit is judged on (a seeded split of its file, or a second file).
public struct DataSpec: Sendable {
    /// The residual term's name ("data", or "data[i]" when there are several).
    public var name: String
    /// Index of the field it observes.
    public var field: Int
    /// Rows used for training (the term's points).
    public var trainingCount: Int
    /// Held-out points and their observed values (empty when there is no validation set).
    public var validationPoints: PointSet?
    public var validationTargets: [Double]
    /// Where the held-out rows came from: "split" (`validation = fraction`) or the file name.
    public var validationSource: String?
}

extension ProblemFile {
    /// True when the problem is made of `[[data]]` terms alone (no `[pde]`): a
    /// regression of the network on data, judged by its validation error.
    public var isDataOnly: Bool { pde.equations.isEmpty && pde.poissonSource == nil }
}
