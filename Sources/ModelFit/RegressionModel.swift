import Residuals

/// A regression model g(y) = f(x; b) + e written as two formulas: the prediction
/// f over the parameters and the predictors, and the response g over y (`y` itself
/// for most models; `log(y)` for NIST's Nelson).
///
///     let m = try RegressionModel(response: "y", prediction: "b1*(1-exp(-b2*x))",
///                                 parameters: ["b1", "b2"], predictors: ["x"])
public struct RegressionModel: Sendable {
    public let parameterNames: [String]
    public let predictorNames: [String]
    public let responseName: String
    /// f, with variables `parameterNames + predictorNames` in that order.
    public let prediction: MathExpression
    /// g, with the one variable `responseName`.
    public let response: MathExpression

    /// Parses both formulas. Throws the formula language's located error, also
    /// for a prediction that ends with NIST's error term `+ e` (which would be
    /// read as Euler's number; see ``MathExpression/rejectErrorTerm(inModel:)``).
    public init(response: String, prediction: String, parameters: [String], predictors: [String],
                responseName: String = "y") throws(ExpressionError) {
        self.parameterNames = parameters
        self.predictorNames = predictors
        self.responseName = responseName
        try MathExpression.rejectErrorTerm(inModel: prediction)
        self.prediction = try MathExpression(prediction, variables: parameters + predictors)
        self.response = try MathExpression(response, variables: [responseName])
    }

    /// The parameters the prediction never reads (a model typo, usually).
    public var unusedParameters: [String] {
        parameterNames.filter { !prediction.referencedVariables.contains($0) }
    }
}

// MARK: - From NIST's model text

extension NISTDataset {
    /// NIST's model text turned mechanically into the formula language: the lines
    /// joined, split at the one `=`, brackets `[…]` made parentheses (NIST writes
    /// `exp[-b2*x]`), and the error term `+ e` dropped from the end. `**` and the
    /// functions (`exp`, `log`, `cos`, `sin`), `pi` and numbers such as `-.5` are the
    /// formula language's own. Nothing is retyped per data set.
    ///
    ///     "y = b1*(1-exp[-b2*x])  +  e"          → ("y", "b1*(1-exp(-b2*x))")
    ///     "log[y] = b1 - b2*x1 * exp[-b3*x2]  +  e" → ("log(y)", "b1 - b2*x1 * exp(-b3*x2)")
    ///
    /// The left side is the (possibly transformed) response. A lone `e` anywhere else
    /// is refused, since the formula language would read it as Euler's number.
    public static func translateModel(_ text: String) -> Result<(response: String, prediction: String), TranslationError> {
        let bracketed = String(text.map { $0 == "[" ? "(" : $0 == "]" ? ")" : $0 })
        let sides = bracketed.split(separator: "=", omittingEmptySubsequences: false)
        guard sides.count == 2 else {
            return .failure(TranslationError(reason: "expected one '=' in the model, found \(sides.count - 1)"))
        }
        let lhs = String(sides[0]).trimmingWhitespace
        var rhs = String(sides[1]).trimmingWhitespace
        guard rhs.hasSuffix("e"), let plus = rhs.dropLast().lastIndex(where: { !$0.isWhitespace }),
              rhs[plus] == "+", identifiers(in: rhs).last == "e" else {
            return .failure(TranslationError(reason: "the model does not end with the error term '+ e'"))
        }
        rhs = String(rhs[..<plus]).trimmingWhitespace
        if identifiers(in: rhs).contains("e") || identifiers(in: lhs).contains("e") {
            return .failure(TranslationError(reason: "'e' appears before the error term; it would be read as Euler's number"))
        }
        guard !lhs.isEmpty, !rhs.isEmpty else {
            return .failure(TranslationError(reason: "an empty side in the model equation"))
        }
        return .success((lhs, rhs))
    }

    /// Why `translateModel` refused a model text.
    public struct TranslationError: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public init(reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    /// The model of this data set as formulas, from its model text; throws naming the
    /// file and the model's line when the text does not translate or parse.
    ///
    /// A model line of the form `pi = 3.14159…` (Roszman1, whose model is
    /// `y = b1 - b2*x - arctan[b3/(x-b4)]/pi + e`) defines the built-in `pi`; it
    /// is checked to be π to double precision and dropped. Any other such
    /// definition is refused, naming its line.
    public func model() throws(NISTDatasetError) -> RegressionModel {
        var equations: [String] = []
        for (offset, line) in modelText.enumerated() {
            let sides = line.split(separator: "=", omittingEmptySubsequences: false)
            let name = sides.count == 2 ? String(sides[0]).trimmingWhitespace : ""
            let number = sides.count == 2 ? Double(String(sides[1]).trimmingWhitespace) : nil
            guard let number else { equations.append(line); continue }
            guard name == "pi", (number - Double.pi).magnitude <= 4e-16 else {
                throw NISTDatasetError(file: file, line: modelLine + offset,
                                       message: "model: defines '\(name) = \(number)'; only 'pi = 3.14159…' (π) is understood")
            }
        }
        let text = equations.joined(separator: " ")
        let sides: (response: String, prediction: String)
        switch Self.translateModel(text) {
        case .success(let s): sides = s
        case .failure(let e): throw NISTDatasetError(file: file, line: modelLine, message: "model: \(e.reason)")
        }
        let model: RegressionModel
        do {
            model = try RegressionModel(response: sides.response, prediction: sides.prediction,
                                        parameters: parameterNames, predictors: predictorNames,
                                        responseName: responseName)
        } catch {
            throw NISTDatasetError(file: file, line: modelLine, message: "model: \(error)")
        }
        if let unused = model.unusedParameters.first {
            throw NISTDatasetError(file: file, line: modelLine, message: "model: parameter \(unused) does not appear")
        }
        guard model.response.referencedVariables.contains(responseName) else {
            throw NISTDatasetError(file: file, line: modelLine,
                                   message: "model: the left side '\(sides.response)' does not read \(responseName)")
        }
        return model
    }

    /// The identifiers of a formula (names not inside a number such as `1E0`).
    static func identifiers(in text: String) -> [String] {
        var names: [String] = [], current = "", previous: Character = " "
        for c in text {
            if !current.isEmpty, c.isLetter || c.isNumber || c == "_" {
                current.append(c)
            } else {
                if !current.isEmpty { names.append(current); current = "" }
                let insideNumber = previous.isNumber || previous == "."
                if (c.isLetter || c == "_") && !insideNumber { current.append(c) }
            }
            previous = c
        }
        if !current.isEmpty { names.append(current) }
        return names
    }
}
