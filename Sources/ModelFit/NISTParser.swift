// MARK: - Reading a NIST StRD nonlinear regression file

/// The line-by-line reader behind `NISTDataset(parsing:file:)`.
///
/// The layout it expects (every published file follows it; CRLF or LF line ends):
///
///     Dataset Name:  Misra1a           (Misra1a.dat)
///                    Data              (lines 61 to 74)        ← cross-checked
///                    Lower Level of Difficulty
///     Model:         Exponential Class
///                    2 Parameters (b1 and b2)
///                    y = b1*(1-exp[-b2*x])  +  e               ← one or more lines
///               Starting values                  Certified Values
///       b1 =   500         250           2.3894212918E+02  2.7070075241E+00
///     Residual Sum of Squares:                    1.2455138894E-01
///     Residual Standard Deviation:  …   Degrees of Freedom:  …   Number of Observations:  …
///     Data:   y               x
///           10.07E0      77.6E0                                 ← to the end of the file
///
/// Sections are found by their labels, not by fixed line numbers, and checked
/// against each other; anything else throws with the file and line.
struct NISTParser {
    struct Parsed {
        var name = "", difficulty = NISTDataset.Difficulty.lower, modelClass = ""
        var modelText: [String] = [], modelLine = 0, parameterNames: [String] = []
        var startingValues: [[Double]] = [[], []], certifiedValues: [Double] = []
        var certifiedStandardDeviations: [Double] = []
        var residualSumOfSquares = 0.0, residualStandardDeviation = 0.0, degreesOfFreedom = 0
        var responseName = "", predictorNames: [String] = [], responses: [Double] = [], predictors: [[Double]] = []
    }

    let file: String
    /// The lines, without their line ends.
    let lines: [String]
    private var parsed = Parsed()

    init(text: String, file: String) {
        self.file = file
        // "\r\n" is one Character in Swift, and a newline: this splits CRLF and LF files alike.
        lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    }

    mutating func parse() throws(NISTDatasetError) -> Parsed {
        let nameLine = try find("Dataset Name:")
        guard let name = words(rest(nameLine, after: "Dataset Name:")).first else {
            throw fail(nameLine, "'Dataset Name:' has no name")
        }
        parsed.name = name
        try parseDifficulty()
        let startLine = try parseModel()
        let tableEnd = try parseParameters(after: startLine)
        try parseStatistics(after: tableEnd)
        try parseData(after: tableEnd)
        return parsed
    }

    // MARK: - Sections

    private mutating func parseDifficulty() throws(NISTDatasetError) {
        guard let i = lines.firstIndex(where: { $0.contains("Level of Difficulty") }) else {
            throw fail(nil, "no 'Level of Difficulty' line")
        }
        let word = words(lines[i]).first ?? ""
        guard let level = NISTDataset.Difficulty(rawValue: word.lowercased()) else {
            throw fail(i, "unknown difficulty '\(word)' (expected Lower, Average or Higher)")
        }
        parsed.difficulty = level
    }

    /// The model class, the parameter count line and the model text; returns the
    /// index of the "Starting values" line that follows.
    private mutating func parseModel() throws(NISTDatasetError) -> Int {
        let m = try find("Model:")
        parsed.modelClass = rest(m, after: "Model:").trimmingWhitespace
        guard let countLine = lines[(m + 1)...].firstIndex(where: { !$0.trimmingWhitespace.isEmpty }),
              let count = words(lines[countLine]).first.flatMap({ Int($0) }), count >= 1,
              words(lines[countLine]).dropFirst().first == "Parameters" else {
            throw fail(m, "expected 'N Parameters (…)' on the line after 'Model:'")
        }
        guard let start = lines[(countLine + 1)...].firstIndex(where: { $0.lowercased().contains("starting values") })
        else { throw fail(nil, "no 'Starting values' table after the model") }
        for i in (countLine + 1)..<start where !lines[i].trimmingWhitespace.isEmpty {
            if parsed.modelText.isEmpty { parsed.modelLine = i + 1 }
            parsed.modelText.append(lines[i].trimmingWhitespace)
        }
        guard parsed.modelText.contains(where: { $0.contains("=") }) else {
            throw fail(countLine + 1, "no model equation ('… = …') between the parameter count and the starting values")
        }
        parsed.parameterNames = Array(repeating: "", count: count)
        return start
    }

    /// Rows `bj = start1 start2 certified sd`; returns the index after the table.
    private mutating func parseParameters(after header: Int) throws(NISTDatasetError) -> Int {
        let declared = parsed.parameterNames.count
        var names: [String] = []
        var i = header + 1
        while i < lines.count {
            let w = words(lines[i])
            let isRow = w.count >= 2 && w[1] == "=" && w[0].first == "b"
            if !isRow {
                if names.isEmpty && i - header < 6 { i += 1; continue }   // blank and column-title lines
                break
            }
            let expected = "b\(names.count + 1)"
            guard w[0] == expected else { throw fail(i, "expected parameter \(expected), found '\(w[0])'") }
            guard w.count == 6 else {
                throw fail(i, "expected '\(expected) = start1 start2 certified std-dev', found \(w.count - 2) numbers")
            }
            let v = try w[2...].map { (token: String) throws(NISTDatasetError) -> Double in try number(token, i) }
            names.append(expected)
            parsed.startingValues[0].append(v[0]); parsed.startingValues[1].append(v[1])
            parsed.certifiedValues.append(v[2]); parsed.certifiedStandardDeviations.append(v[3])
            i += 1
        }
        guard names.count == declared else {
            throw fail(header, "the model declares \(declared) parameters, the table lists \(names.count)")
        }
        parsed.parameterNames = names
        return i
    }

    private mutating func parseStatistics(after start: Int) throws(NISTDatasetError) {
        parsed.residualSumOfSquares = try labelledNumber("Residual Sum of Squares:", after: start)
        parsed.residualStandardDeviation = try labelledNumber("Residual Standard Deviation:", after: start)
        let dofLine = try find("Degrees of Freedom:", after: start)
        guard let dof = Int(rest(dofLine, after: "Degrees of Freedom:").trimmingWhitespace) else {
            throw fail(dofLine, "'Degrees of Freedom:' is not an integer")
        }
        parsed.degreesOfFreedom = dof
    }

    private mutating func parseData(after start: Int) throws(NISTDatasetError) {
        let obsLine = try find("Number of Observations:", after: start)
        guard let observations = Int(rest(obsLine, after: "Number of Observations:").trimmingWhitespace) else {
            throw fail(obsLine, "'Number of Observations:' is not an integer")
        }
        guard let header = lines[start...].lastIndex(where: { $0.hasPrefix("Data:") }) else {
            throw fail(nil, "no 'Data:' line with the column names after the certified values")
        }
        let columns = words(rest(header, after: "Data:"))
        guard columns.count >= 2, columns.allSatisfy({ Double($0) == nil }) else {
            throw fail(header, "expected column names such as 'y x' after 'Data:'")
        }
        parsed.responseName = columns[0]
        parsed.predictorNames = Array(columns.dropFirst())
        parsed.predictors = Array(repeating: [], count: columns.count - 1)
        var first = 0, last = 0
        for i in (header + 1)..<lines.count {
            let w = words(lines[i])
            if w.isEmpty { continue }
            guard w.count == columns.count else {
                throw fail(i, "expected \(columns.count) numbers (\(columns.joined(separator: " "))), found \(w.count)")
            }
            parsed.responses.append(try number(w[0], i))
            for k in 1..<w.count { parsed.predictors[k - 1].append(try number(w[k], i)) }
            if first == 0 { first = i + 1 }
            last = i + 1
        }
        guard parsed.responses.count == observations else {
            throw fail(obsLine, "\(observations) observations declared, \(parsed.responses.count) data lines found")
        }
        guard observations - parsed.parameterNames.count == parsed.degreesOfFreedom else {
            throw fail(nil, "degrees of freedom \(parsed.degreesOfFreedom) ≠ observations \(observations) − parameters \(parsed.parameterNames.count)")
        }
        // The header's "Data (lines a to b)", when present, must agree.
        if let h = lines.firstIndex(where: { $0.contains("Data") && $0.contains("(lines") }) {
            let numbers = words(lines[h].replacingParentheses).compactMap { Int($0) }
            if numbers.count == 2, numbers != [first, last] {
                throw fail(h, "the header puts the data on lines \(numbers[0]) to \(numbers[1]), found \(first) to \(last)")
            }
        }
    }

    // MARK: - Helpers

    private func fail(_ index: Int?, _ message: String) -> NISTDatasetError {
        NISTDatasetError(file: file, line: index.map { $0 + 1 } ?? 0, message: message)
    }

    /// The index of the first line (from `start`) whose text begins with `label`.
    private func find(_ label: String, after start: Int = 0) throws(NISTDatasetError) -> Int {
        guard start < lines.count, let i = lines[start...].firstIndex(where: { $0.hasPrefix(label) }) else {
            throw fail(nil, "no '\(label)' line")
        }
        return i
    }

    private func rest(_ index: Int, after label: String) -> String {
        String(lines[index].dropFirst(label.count))
    }

    private func labelledNumber(_ label: String, after start: Int) throws(NISTDatasetError) -> Double {
        let i = try find(label, after: start)
        return try number(rest(i, after: label).trimmingWhitespace, i)
    }

    private func number(_ token: String, _ index: Int) throws(NISTDatasetError) -> Double {
        guard let value = Double(token), value.isFinite else {
            throw fail(index, "'\(token)' is not a finite number")
        }
        return value
    }

    private func words(_ line: String) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }

    fileprivate var replacingParentheses: String {
        String(map { $0 == "(" || $0 == ")" ? " " : $0 })
    }
}
