import Foundation

// MARK: - The driver's state

/// Where `LeastSquaresDriver` stands after a step: what it needs, with θ and the
/// optimizer's state, to go on exactly as if it had never stopped.
///
/// Step numbers continue from `steps`; the stall window continues from `bestCost`
/// and `bestStep`; the history continues; a time limit counts `elapsedSeconds`.
public struct DriverState: Codable, Equatable, Sendable {
    /// Steps taken so far (the next step is number `steps + 1`).
    public var steps: Int
    /// ½‖r‖² at the saved θ. On resume the driver recomputes r and the cost at θ and
    /// uses those; on the same system they equal this bit for bit.
    public var cost: Double
    /// ½‖r‖² at the start of the first run, for the `Summary`.
    public var initialCost: Double
    /// The stall window (`StoppingCriteria.stallSteps`): the best cost so far, counted
    /// only when it fell by the relative `stallTolerance`, and the step that reached it.
    public var bestCost: Double
    public var bestStep: Int
    /// Wall seconds spent so far, over every run that led here.
    public var elapsedSeconds: Double
    /// One record per step taken: `history.count == steps`.
    public var history: [StepRecord]

    public init(steps: Int, cost: Double, initialCost: Double, bestCost: Double, bestStep: Int,
                elapsedSeconds: Double, history: [StepRecord]) {
        self.steps = steps; self.cost = cost; self.initialCost = initialCost
        self.bestCost = bestCost; self.bestStep = bestStep
        self.elapsedSeconds = elapsedSeconds; self.history = history
    }

    enum CodingKeys: String, CodingKey {
        case steps, cost, history
        case initialCost = "initial_cost", bestCost = "best_cost", bestStep = "best_step"
        case elapsedSeconds = "elapsed_seconds"
    }

    /// Throws an `OptionError` when the fields do not fit together.
    public func validate() throws(OptionError) {
        try OptionError.require(steps >= 0, "checkpoint.driver.steps", steps, "must be ≥ 0")
        try OptionError.require(history.count == steps, "checkpoint.driver.history", "\(history.count) records",
                                "must hold one record per step (\(steps))")
        for (i, record) in history.enumerated() where record.step != i + 1 {
            throw OptionError(field: "checkpoint.driver.history", value: "record \(i + 1) has step \(record.step)",
                              rule: "steps must count 1, 2, …")
        }
        try OptionError.require(bestStep >= 0 && bestStep <= steps, "checkpoint.driver.best_step", bestStep,
                                "must be in 0...\(steps)")
        try OptionError.require(elapsedSeconds.isFinite && elapsedSeconds >= 0, "checkpoint.driver.elapsed_seconds",
                                elapsedSeconds, "must be finite and ≥ 0")
    }
}

// MARK: - A whole checkpoint

/// Everything needed to resume a solve: θ, the driver's state and the optimizer's.
/// `LeastSquaresDriver.solve(…checkpointEvery:checkpoint:…)` hands these out;
/// `LeastSquaresDriver.resume(_:from:optimizer:…)` goes on from one.
///
/// **File format** (`json()`, `init(json:)`): one JSON object with sorted keys,
///
///     {"driver": {"best_cost": …, "best_step": 40, "cost": …, "elapsed_seconds": 12.5,
///                 "history": [{"cost": …, "elapsed": …, "eta": 1, "lambda": 0, "rank": 25,
///                              "sigma_max": …, "sigma_min_kept": …, "step": 1, "step_norm": …}, …],
///                 "initial_cost": …, "steps": 50},
///      "format": "svenpde-solver-checkpoint",
///      "optimizer": { see OptimizerState },
///      "parameters": [θ₁, θ₂, …],
///      "version": 1}
///
/// Numbers are written by `JSONEncoder` in Swift's shortest round-trip form and read
/// by `JSONDecoder`, which gives them back bit for bit (measured on Linux, Swift 6.3:
/// 900 000 doubles of random bit patterns and magnitudes 1e-320…1e300, no mismatch;
/// `JSONSerialization` missed 23 % of them by an ulp or two — do not read checkpoints
/// with it). JSON has no NaN or ±Inf; should one occur it is written as the string
/// "nan", "inf" or "-inf". Write the file to a temporary name and rename it over the
/// old one, so that a crash never leaves half a checkpoint.
public struct SolverCheckpoint: Codable, Equatable, Sendable {
    /// The value of the "format" field.
    public static let format = "svenpde-solver-checkpoint"
    /// The value of the "version" field.
    public static let version = 1

    /// θ after `driver.steps` steps.
    public var parameters: [Double]
    public var driver: DriverState
    public var optimizer: OptimizerState

    public init(parameters: [Double], driver: DriverState, optimizer: OptimizerState) {
        self.parameters = parameters; self.driver = driver; self.optimizer = optimizer
    }

    enum CodingKeys: String, CodingKey { case format, version, parameters, driver, optimizer }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try c.decode(String.self, forKey: .format)
        let version = try c.decode(Int.self, forKey: .version)
        guard format == Self.format, version == Self.version else {
            throw DecodingError.dataCorruptedError(forKey: .format, in: c, debugDescription:
                "a \(format) version \(version) file, not a \(Self.format) version \(Self.version) file")
        }
        parameters = try c.decode([Double].self, forKey: .parameters)
        driver = try c.decode(DriverState.self, forKey: .driver)
        optimizer = try c.decode(OptimizerState.self, forKey: .optimizer)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.format, forKey: .format)
        try c.encode(Self.version, forKey: .version)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(driver, forKey: .driver)
        try c.encode(optimizer, forKey: .optimizer)
    }

    // MARK: JSON

    private static let nonFinite = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    /// The checkpoint as JSON (the format above).
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: Self.nonFinite.positiveInfinity, negativeInfinity: Self.nonFinite.negativeInfinity,
            nan: Self.nonFinite.nan)
        do {
            return try encoder.encode(self)
        } catch {
            // Only numbers, strings and containers are encoded, and non-finite numbers
            // become strings: nothing here can fail.
            preconditionFailure("SolverCheckpoint.json: \(error)")
        }
    }

    /// Read a checkpoint written by `json()`. Throws an `OptionError` (field
    /// "checkpoint") that says what is wrong with the data.
    public init(json data: Data) throws(OptionError) {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: Self.nonFinite.positiveInfinity, negativeInfinity: Self.nonFinite.negativeInfinity,
            nan: Self.nonFinite.nan)
        do {
            self = try decoder.decode(SolverCheckpoint.self, from: data)
        } catch let error as DecodingError {
            throw OptionError(field: "checkpoint", value: "\(data.count) bytes", rule: Self.describe(error))
        } catch {
            throw OptionError(field: "checkpoint", value: "\(data.count) bytes", rule: "\(error)")
        }
    }

    /// A one-line account of a decoding error: what went wrong, and where.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String {
            let p = c.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "" : " at \(p)"
        }
        switch error {
        case .keyNotFound(let key, let c): return "not a checkpoint: no \"\(key.stringValue)\"\(path(c))"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return "not a checkpoint: \(c.debugDescription)\(path(c))"
        @unknown default: return "not a checkpoint: \(error)"
        }
    }
}
