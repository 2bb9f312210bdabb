import Foundation

/// A stable 64-bit FNV-1a hash of everything that shapes a solve's trajectory,
/// recorded in `checkpoint.json` so that `--resume` refuses a checkpoint of a
/// changed problem (an edited equation keeps the name, network, method and seed).
///
/// What goes in:
/// - the problem-file text, normalised: comments, blank lines and indentation
///   dropped, and the keys that only stop or report a run left out
///   (`description`, `[solver] max_steps`, `time_limit`, `report_every`,
///   `target_loss`, the `[output]` and `[reference]` tables) — so a run can be
///   extended by editing `max_steps`, and reformatting the file changes nothing;
/// - the method and the seed of the initial weights (`--method`, `--seed`);
/// - the residuals at θ = 0, which carry what the text only names: the
///   collocation points, the values read from `[[data]]` files, sources and
///   weights (a zero network outputs exactly 0, so these are exact on any BLAS;
///   −0 is hashed as +0 and every NaN alike).
///
/// FNV-1a guards against mistakes, not adversaries.
enum ProblemFingerprint {
    static func of(text: String, method: String, seed: UInt64, residualsAtZero: [Double]) -> String {
        var hash = Hasher64()
        hash.add(Array(normalized(text).utf8))
        hash.add(Array("\u{0}method=\(method)\u{0}seed=\(seed)\u{0}residuals=\(residualsAtZero.count)\u{0}".utf8))
        for r in residualsAtZero {
            let canonical = r.isNaN ? Double.nan : r + 0.0       // one NaN, and -0 + 0 = +0
            withUnsafeBytes(of: canonical.bitPattern.littleEndian) { hash.add(Array($0)) }
        }
        return String(format: "%016llx", hash.value)
    }

    /// Keys left out of the text, by table ("" is the top level).
    private static let ignoredKeys: [String: Set<String>] = [
        "": ["description"], "solver": ["max_steps", "time_limit", "report_every", "target_loss"],
    ]
    private static let ignoredTables: Set<String> = ["output", "reference"]

    /// The text with comments, blank lines, indentation and the keys above removed.
    static func normalized(_ text: String) -> String {
        var out: [String] = []
        var table = "", skippingTable = false, openBrackets = 0, skippingValue = false
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = stripComment(String(raw)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if openBrackets > 0 {                                  // continuation of a multi-line value
                openBrackets += bracketBalance(line)
                if !skippingValue && !skippingTable { out.append(line) }
                continue
            }
            if line.hasPrefix("[") && !line.contains("=") {
                table = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] \t"))
                skippingTable = ignoredTables.contains(String(table.split(separator: ".").first ?? ""))
                if !skippingTable { out.append(line) }
                continue
            }
            let key = line.prefix { !"= \t".contains($0) }.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            skippingValue = ignoredKeys[table]?.contains(key) ?? false
            openBrackets = max(0, bracketBalance(line))
            if !skippingTable && !skippingValue { out.append(line) }
        }
        return out.joined(separator: "\n")
    }

    /// The line up to a `#` outside quotes.
    private static func stripComment(_ line: String) -> String {
        var quote: Character?
        for (i, c) in zip(line.indices, line) {
            if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c } else if c == "#" {
                return String(line[..<i])
            }
        }
        return line
    }

    /// Opening minus closing brackets outside quotes.
    private static func bracketBalance(_ line: String) -> Int {
        var quote: Character?, depth = 0
        for c in line {
            if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c }
            else if c == "[" || c == "{" { depth += 1 } else if c == "]" || c == "}" { depth -= 1 }
        }
        return depth
    }

    /// FNV-1a, 64 bits.
    private struct Hasher64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        mutating func add(_ bytes: [UInt8]) {
            for b in bytes { value = (value ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        }
    }
}
