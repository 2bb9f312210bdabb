import Foundation
import Testing
import ModelFit
import Residuals

/// The repository's `data/nist/`, found from this file's path.
enum NISTFiles {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/nist").path

    static func path(_ name: String) -> String { directory + "/" + name + ".dat" }

    static func load(_ name: String) throws -> NISTDataset { try NISTDataset(contentsOfFile: path(name)) }

    static let all = ["BoxBOD", "Chwirut2", "DanWood", "ENSO", "Gauss1", "Gauss2", "Hahn1", "Kirby2",
                      "Lanczos2", "Lanczos3", "MGH09", "MGH10", "MGH17", "Misra1a", "Misra1b", "Misra1c",
                      "Nelson", "Rat42", "Roszman1", "Thurber"]
}

@Suite("NIST StRD files")
struct NISTDatasetTests {
    @Test func misra1aIsReadAsWritten() throws {
        let d = try NISTFiles.load("Misra1a")
        #expect(d.name == "Misra1a" && d.difficulty == .lower && d.modelClass == "Exponential Class")
        #expect(d.modelText == ["y = b1*(1-exp[-b2*x])  +  e"] && d.modelLine == 34)
        #expect(d.parameterNames == ["b1", "b2"])
        #expect(d.startingValues == [[500, 0.0001], [250, 0.0005]])
        #expect(d.certifiedValues == [2.3894212918E+02, 5.5015643181E-04])
        #expect(d.certifiedStandardDeviations == [2.7070075241E+00, 7.2668688436E-06])
        #expect(d.certifiedResidualSumOfSquares == 1.2455138894E-01)
        #expect(d.certifiedResidualStandardDeviation == 1.0187876330E-01)
        #expect(d.degreesOfFreedom == 12 && d.observationCount == 14)
        #expect(d.responseName == "y" && d.predictorNames == ["x"])
        #expect(d.responses.first == 10.07 && d.predictors[0].first == 77.6)
        #expect(d.responses.last == 81.78 && d.predictors[0].last == 760.0)
    }

    @Test func nelsonHasTwoPredictorsAndALogResponse() throws {
        let d = try NISTFiles.load("Nelson")
        #expect(d.difficulty == .average && d.parameterCount == 3 && d.observationCount == 128)
        #expect(d.predictorNames == ["x1", "x2"])
        #expect(d.startingValues[1] == [2.5, 0.000000005, -0.05])
        #expect(d.certifiedValues[2] == -5.7701013174E-02)
        let model = try d.model()
        #expect(model.response.description == "log(y)")
        #expect(model.prediction.description == "b1 - b2 * x1 * exp(-b3 * x2)")
    }

    @Test func ensoModelSpansThreeLines() throws {
        let d = try NISTFiles.load("ENSO")
        #expect(d.modelText.count == 3 && d.parameterCount == 9 && d.observationCount == 168)
        let model = try d.model()
        #expect(model.prediction.referencedVariables == Set(d.parameterNames + ["x"]))
    }

    /// Every file parses, and its model, translated from the text, gives the certified
    /// residual sum of squares at the certified values — which checks the translation,
    /// the data and the parameter table of all 19 files at once.
    @Test(arguments: NISTFiles.all)
    func certifiedValuesGiveTheCertifiedResidualSumOfSquares(name: String) throws {
        let d = try NISTFiles.load(name)
        #expect(d.name == name)
        let system = try ModelFitSystem(d)
        var r = [Double](repeating: 0, count: system.residualCount)
        system.fillResiduals(at: d.certifiedValues, into: &r)
        let rss = r.reduce(0) { $0 + $1 * $1 }
        #expect(abs(rss - d.certifiedResidualSumOfSquares) <= 1e-8 * d.certifiedResidualSumOfSquares,
                "\(name): RSS \(rss), certified \(d.certifiedResidualSumOfSquares)")
        #expect(d.logRelativeError(d.certifiedValues) == NISTDataset.certifiedDigits)
    }

    @Test func difficultyLevelsMatchNIST() throws {
        let levels = try Dictionary(uniqueKeysWithValues: NISTFiles.all.map { ($0, try NISTFiles.load($0).difficulty) })
        #expect(NISTFiles.all.filter { levels[$0] == .higher } == ["BoxBOD", "MGH09", "MGH10", "Rat42", "Thurber"])
        #expect(NISTFiles.all.filter { levels[$0] == .lower }
                == ["Chwirut2", "DanWood", "Gauss1", "Gauss2", "Lanczos3", "Misra1a", "Misra1b"])
    }

    @Test func logRelativeErrorCountsAgreeingDigits() throws {
        let d = try NISTFiles.load("Misra1a")
        let c = d.certifiedValues
        #expect(abs(d.logRelativeError([c[0] * (1 + 1e-6), c[1]]) - 6) < 1e-6)
        #expect(abs(d.logRelativeError([c[0], c[1] * (1 - 1e-3)]) - 3) < 1e-6)
        #expect(d.logRelativeError([c[0] * 3, c[1]]) == 0)
        #expect(d.logRelativeError([.nan, c[1]]) == 0)
    }
}

// MARK: - Model text

@Suite("NIST model text")
struct NISTModelTranslationTests {
    @Test(arguments: [
        ("y = b1*(1-exp[-b2*x])  +  e", "y", "b1*(1-exp(-b2*x))"),
        ("log[y] = b1 - b2*x1 * exp[-b3*x2]  +  e", "log(y)", "b1 - b2*x1 * exp(-b3*x2)"),
        ("y = b1 * (1-(1+2*b2*x)**(-.5))  +  e", "y", "b1 * (1-(1+2*b2*x)**(-.5))"),
        ("y = (b1+b2*x+b3*x**2+b4*x**3) / (1+b5*x+b6*x**2+b7*x**3)  +  e", "y",
         "(b1+b2*x+b3*x**2+b4*x**3) / (1+b5*x+b6*x**2+b7*x**3)"),
    ])
    func translatesMechanically(text: String, response: String, prediction: String) throws {
        let sides = try NISTDataset.translateModel(text).get()
        #expect(sides.response == response && sides.prediction == prediction)
    }

    @Test(arguments: [
        ("y = b1*x", "the model does not end with the error term '+ e'"),
        ("y = b1*x + one", "the model does not end with the error term '+ e'"),
        ("y = b1 = x + e", "expected one '=' in the model, found 2"),
        ("y = b1*e + e", "'e' appears before the error term; it would be read as Euler's number"),
    ])
    func refusesWhatItCannotTranslate(text: String, reason: String) {
        #expect(throws: NISTDataset.TranslationError(reason: reason)) { try NISTDataset.translateModel(text).get() }
    }

    @Test func translatedFormulaMatchesTheHandWrittenOne() throws {
        let d = try NISTFiles.load("Thurber")
        let model = try d.model()
        let b = d.certifiedValues, x = 1.5
        let hand = (b[0] + b[1] * x + b[2] * x * x + b[3] * x * x * x)
            / (1 + b[4] * x + b[5] * x * x + b[6] * x * x * x)
        #expect(abs(model.prediction.evaluate(b + [x]) - hand) <= 1e-13 * abs(hand))
    }
}

// MARK: - Malformed files

@Suite("NIST file errors")
struct NISTDatasetErrorTests {
    /// Misra1a's text with line `number` (1-based) replaced.
    func misra(replacing number: Int, with text: String?) throws -> String {
        var lines = try String(contentsOfFile: NISTFiles.path("Misra1a"), encoding: .utf8)
            .split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if let text { lines[number - 1] = text } else { lines.remove(at: number - 1) }
        return lines.joined(separator: "\r\n")
    }

    @Test func badDataLineIsNamed() throws {
        let text = try misra(replacing: 65, with: "      29.61E0     2x39.9E0")
        #expect(throws: NISTDatasetError(file: "Misra1a.dat", line: 65, message: "'2x39.9E0' is not a finite number")) {
            try NISTDataset(parsing: text, file: "Misra1a.dat")
        }
    }

    @Test func shortDataLineIsNamed() throws {
        let text = try misra(replacing: 70, with: "      55.05E0")
        #expect(throws: NISTDatasetError(file: "f", line: 70, message: "expected 2 numbers (y x), found 1")) {
            try NISTDataset(parsing: text, file: "f")
        }
    }

    @Test func missingParameterRowIsNamed() throws {
        let text = try misra(replacing: 42, with: "")
        #expect(throws: NISTDatasetError(file: "f", line: 38, message: "the model declares 2 parameters, the table lists 1")) {
            try NISTDataset(parsing: text, file: "f")
        }
    }

    @Test func missingObservationIsCaught() throws {
        let text = try misra(replacing: 74, with: nil)
        #expect(throws: NISTDatasetError(file: "f", line: 47, message: "14 observations declared, 13 data lines found")) {
            try NISTDataset(parsing: text, file: "f")
        }
    }

    @Test func unknownFunctionInTheModelNamesTheModelLine() throws {
        let text = try misra(replacing: 34, with: "               y = b1*(1-expo[-b2*x])  +  e")
        let d = try NISTDataset(parsing: text, file: "f")
        #expect(throws: NISTDatasetError.self) { try d.model() }
        do { _ = try d.model() } catch { #expect(error.line == 34 && error.description.hasPrefix("f:34: model:")) }
    }

    @Test func roszman1DefinesPiAndUsesArctan() throws {
        let d = try NISTFiles.load("Roszman1")
        #expect(d.modelText == ["pi = 3.141592653589793238462643383279E0", "y =  b1 - b2*x - arctan[b3/(x-b4)]/pi  +  e"])
        let model = try d.model()
        #expect(model.prediction.description == "b1 - b2 * x - atan(b3 / (x - b4)) / pi")
        // A definition other than π is refused, naming its line.
        let text = try String(contentsOfFile: NISTFiles.path("Roszman1"), encoding: .utf8)
            .replacingOccurrences(of: "pi = 3.141592653589793238462643383279E0", with: "pi = 3.1416")
        let changed = try NISTDataset(parsing: text, file: "f")
        do { _ = try changed.model(); Issue.record("pi = 3.1416 was accepted") } catch {
            #expect(error.line == 34 && error.message.contains("only 'pi = 3.14159…' (π) is understood"), "\(error)")
        }
    }

    @Test func unreadableFileIsNamed() {
        #expect(throws: NISTDatasetError.self) { try NISTDataset(contentsOfFile: "/nonexistent/Misra1a.dat") }
    }
}
