import Foundation

/// One NIST StRD nonlinear regression data set, as its `.dat` file gives it
/// (https://www.itl.nist.gov/div898/strd/nls/nls_main.shtml; files in `data/nist/`).
///
///     let misra = try NISTDataset(contentsOfFile: "data/nist/Misra1a.dat")
///     misra.modelText                   // ["y = b1*(1-exp[-b2*x])  +  e"]
///     let system = try ModelFitSystem(misra)
///     var lm = LevenbergMarquardt()
///     let (b, _) = try LeastSquaresDriver.solve(system, from: misra.startingValues[1], optimizer: &lm)
///     misra.logRelativeError(b)         // digits that agree with the certified values
///
/// Reading is defensive: every section is checked against the others (parameter
/// count, observation count, degrees of freedom, the header's line ranges), and a
/// malformed file throws a `NISTDatasetError` naming the file and the line.
public struct NISTDataset: Sendable {
    /// NIST's level of difficulty of a data set.
    public enum Difficulty: String, Sendable, CaseIterable, Comparable {
        case lower, average, higher

        public static func < (a: Difficulty, b: Difficulty) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// The file it was read from (as given).
    public let file: String
    /// The data set's name, e.g. "Misra1a".
    public let name: String
    public let difficulty: Difficulty
    /// The model's class as NIST names it, e.g. "Exponential Class".
    public let modelClass: String
    /// The model as written, one entry per line, trimmed: `["y = b1*(1-exp[-b2*x])  +  e"]`.
    public let modelText: [String]
    /// The 1-based line of the first model line (for messages).
    public let modelLine: Int
    /// b1, b2, … in order.
    public let parameterNames: [String]
    /// Start 1 (far from the solution) and Start 2 (nearer).
    public let startingValues: [[Double]]
    /// The certified parameter values (11 significant digits).
    public let certifiedValues: [Double]
    /// Their certified standard deviations.
    public let certifiedStandardDeviations: [Double]
    /// The certified residual sum of squares Σ r_i² at the certified values.
    public let certifiedResidualSumOfSquares: Double
    public let certifiedResidualStandardDeviation: Double
    public let degreesOfFreedom: Int
    /// The response column's name, "y".
    public let responseName: String
    /// The predictor columns' names: ["x"], or ["x1", "x2"] for Nelson.
    public let predictorNames: [String]
    /// y_i, one per observation.
    public let responses: [Double]
    /// predictors[k][i] is predictor k at observation i.
    public let predictors: [[Double]]

    public var parameterCount: Int { parameterNames.count }
    public var observationCount: Int { responses.count }

    /// The number of significant digits of the certified values; the most an LRE can show.
    public static let certifiedDigits = 11.0

    /// Reads and parses a `.dat` file.
    public init(contentsOfFile path: String) throws(NISTDatasetError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw NISTDatasetError(file: path, line: 0, message: "cannot read the file: \(error.localizedDescription)")
        }
        try self.init(parsing: text, file: path)
    }

    /// Parses the text of a `.dat` file; `file` names it in errors.
    public init(parsing text: String, file: String = "<text>") throws(NISTDatasetError) {
        var parser = NISTParser(text: text, file: file)
        let p = try parser.parse()
        self.file = file
        name = p.name; difficulty = p.difficulty; modelClass = p.modelClass
        modelText = p.modelText; modelLine = p.modelLine; parameterNames = p.parameterNames
        startingValues = p.startingValues; certifiedValues = p.certifiedValues
        certifiedStandardDeviations = p.certifiedStandardDeviations
        certifiedResidualSumOfSquares = p.residualSumOfSquares
        certifiedResidualStandardDeviation = p.residualStandardDeviation
        degreesOfFreedom = p.degreesOfFreedom; responseName = p.responseName
        predictorNames = p.predictorNames; responses = p.responses; predictors = p.predictors
    }

    // MARK: - Scoring

    /// The log relative error of `estimate` against the certified values, the
    /// StRD's measure of agreement (McCullough, "Assessing the reliability of
    /// statistical software", *The American Statistician* 52, 1998):
    ///
    ///     LRE = min_j −log₁₀(|b_j − c_j| / |c_j|),
    ///
    /// roughly the number of leading digits b and the certified c share. Capped at
    /// `certifiedDigits` (11; an exact match is 11), floored at 0; 0 when `estimate`
    /// holds NaN or Inf.
    public func logRelativeError(_ estimate: [Double]) -> Double {
        precondition(estimate.count == parameterCount,
                     "logRelativeError: \(estimate.count) values for \(parameterCount) parameters of \(name)")
        var worst = Self.certifiedDigits
        for (b, c) in zip(estimate, certifiedValues) {
            guard b.isFinite else { return 0 }
            let error = c != 0 ? abs(b - c) / abs(c) : abs(b)
            if error > 0 { worst = min(worst, -log10(error)) }
        }
        return max(0, worst)
    }
}
