// MARK: - NIST's error term in a model formula

extension MathExpression {
    /// Refuses a regression model written with its error term, `f(x; b) + e`.
    ///
    /// NIST (and most statistics texts) write a model as `y = f(x; b) + e`,
    /// where `e` is the random error the fit minimises. In the formula language
    /// `e` is Euler's number, so a prediction copied with its `+ e` would be read
    /// as f + 2.718… and fit without complaint — to wrong parameters. A model
    /// formula (`[model] prediction` of a fit file, ``RegressionModel``) is
    /// therefore checked: a trailing `+ e` throws, pointing at it. Euler's number
    /// elsewhere in a model stays allowed; `exp(1)` writes it unambiguously.
    ///
    /// - Throws: ``ExpressionError`` of kind `errorTermInModel` at the `+ e`.
    public static func rejectErrorTerm(inModel source: String) throws(ExpressionError) {
        guard let tokens = try? ExpressionLexer.tokenize(source), tokens.count >= 3 else { return }
        let last = tokens[tokens.count - 2], sign = tokens[tokens.count - 3]
        guard last.kind == .identifier("e"), sign.kind == .plus else { return }
        throw ExpressionError(.errorTermInModel,
                              "the model ends with '+ e', the error term of NIST's notation 'y = f(x; b) + e'; "
                              + "leave it out (the fit minimises the errors), since 'e' here would be Euler's "
                              + "number 2.718…; write exp(1) if Euler's number is meant",
                              source: source, column: sign.column, length: last.column + last.length - sign.column)
    }
}
