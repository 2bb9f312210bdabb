import Foundation
import ModelFit
import Residuals

/// What `svenpde fit` fits: a model, data, a start and what to compare with —
/// read from a fit file (TOML, `[model]` `[data]` `[certified]`) or straight
/// from a NIST StRD `.dat` file (model text, both starts, certified values,
/// standard deviations and residual statistics).
struct FitInput {
    var name: String
    var model: RegressionModel
    var responses: [Double]
    var predictors: [[Double]]
    var start: [Double]
    var certified: [Double]?
    /// The certified standard deviations of the parameters (NIST files).
    var certifiedStandardDeviations: [Double]?
    var certifiedResidualSumOfSquares: Double?
    var certifiedResidualStandardDeviation: Double?
    /// The most digits a comparison can show: NIST certifies 11; a fit file's
    /// `[certified]` value as many as it is written with (at most 15).
    var certifiedDigits: [Double]?
    var solver: SolverSpec
    var outputDirectory: String?

    var parameterNames: [String] { model.parameterNames }

    /// A fit's `[solver]` defaults: those of problem files, but with the method
    /// `auto` (`FitStrategy.automatic`) where no method is named.
    static var defaultSolver: SolverSpec {
        var s = SolverSpec()
        s.method = FitFile.defaultMethod
        return s
    }

    /// Whether `path` names a NIST StRD data file rather than a fit file.
    static func isNIST(_ path: String) -> Bool { path.lowercased().hasSuffix(".dat") }

    /// Reads `path`; `start` (1 or 2) picks NIST's starting values of a `.dat` file.
    static func load(path: String, start: Int?) throws -> FitInput {
        if isNIST(path) {
            let d: NISTDataset
            do { d = try NISTDataset(contentsOfFile: path) } catch { throw UserError("\(error)") }
            let model: RegressionModel
            do { model = try d.model() } catch { throw UserError("\(error)") }
            let s = start ?? 1
            return FitInput(name: d.name.lowercased() + "-start\(s)", model: model, responses: d.responses,
                            predictors: d.predictors, start: d.startingValues[s - 1], certified: d.certifiedValues,
                            certifiedStandardDeviations: d.certifiedStandardDeviations,
                            certifiedResidualSumOfSquares: d.certifiedResidualSumOfSquares,
                            certifiedResidualStandardDeviation: d.certifiedResidualStandardDeviation,
                            certifiedDigits: Array(repeating: NISTDataset.certifiedDigits, count: d.parameterCount),
                            solver: Self.defaultSolver, outputDirectory: nil)
        }
        if start != nil {
            throw UserError("--start: only for NIST .dat files (a fit file gives its start in [model] start)")
        }
        let f = try FitFile.load(path: path)
        let model: RegressionModel
        do {
            model = try RegressionModel(response: f.response, prediction: f.prediction, parameters: f.parameterNames,
                                        predictors: f.predictorNames, responseName: f.responseColumn)
        } catch {
            throw UserError("\(path): model: \(error.message)")
        }
        return FitInput(name: f.name, model: model, responses: f.responses, predictors: f.predictors, start: f.start,
                        certified: f.certified, certifiedStandardDeviations: nil, certifiedResidualSumOfSquares: nil,
                        certifiedResidualStandardDeviation: nil,
                        certifiedDigits: f.certified?.map { Double(Self.significantDigits($0)) },
                        solver: f.solver, outputDirectory: f.outputDirectory)
    }

    /// The significant digits of `value` as Swift writes it shortest
    /// (2.3894212918E+02 → "238.94212918" → 11), at most 15.
    static func significantDigits(_ value: Double) -> Int {
        guard value != 0, value.isFinite else { return 15 }
        let mantissa = "\(value.magnitude)".lowercased().split(separator: "e")[0]
        let digits = mantissa.filter(\.isNumber).drop { $0 == "0" }
        let trimmed = mantissa.contains(".") ? digits : Substring(String(digits).reversed().drop { $0 == "0" })
        return min(15, max(1, trimmed.count))
    }

    /// The log relative error −log₁₀(|a − c| / |c|), floored at 0 and capped at
    /// `digits` (the certified value holds no more); nil when c = 0.
    static func logRelativeError(_ a: Double, _ c: Double, digits: Double) -> Double? {
        guard c != 0 else { return nil }
        guard a.isFinite else { return .nan }
        if a == c { return digits }
        return Swift.max(0, Swift.min(digits, -log10(abs(a - c) / abs(c))))
    }
}
