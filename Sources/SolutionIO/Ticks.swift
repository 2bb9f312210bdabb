// Ticks.swift — where axis ticks go and how their labels read.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tick positions and labels for linear and log10 axes.
enum Ticks {
    /// "Nice" ticks (1, 2 or 5 × 10^k apart) inside [lo, hi], at most about
    /// `maxCount` of them, and the step used.
    static func linear(_ lo: Double, _ hi: Double, maxCount: Int = 6) -> (values: [Double], step: Double) {
        guard hi > lo, lo.isFinite, hi.isFinite else { return ([lo], 1) }
        let rough = (hi - lo) / Double(max(maxCount - 1, 1))
        let magnitude = pow10(Int((log10(rough)).rounded(.down)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough * (1 - 1e-9) } ?? 10 * magnitude
        let first = (lo / step - 1e-9).rounded(.up)
        let last = (hi / step + 1e-9).rounded(.down)
        guard last >= first else { return ([], step) }
        let values = stride(from: first, through: last, by: 1).map { $0 * step }
        return (values.map { abs($0) < step * 1e-9 ? 0 : $0 }, step)
    }

    /// Labels for ticks `step` apart: plain decimals with just enough digits
    /// (`0`, `0.25`, `-1.5`) when that stays short, else `2.5e-4`-style.
    static func labels(_ values: [Double], step: Double) -> [String] {
        let largest = values.map(abs).max() ?? 0
        let decimals = decimalsNeeded(values + [step])
        if decimals <= 4 && largest < 1e5 {
            return values.map { fixed($0, decimals: decimals) }
        }
        let exponent = Int((log10(largest) + 1e-9).rounded(.down))
        let mantissaDecimals = decimalsNeeded((values + [step]).map { $0 / pow10(exponent) })
        return values.map { v in
            v == 0 ? "0" : fixed(v / pow10(exponent), decimals: mantissaDecimals) + "e\(exponent)"
        }
    }

    /// The fewest digits after the point (up to 12) that write every value exactly
    /// enough: within 1e-6 of a step of the last digit.
    static func decimalsNeeded(_ values: [Double]) -> Int {
        for d in 0..<12 {
            let scale = pow10(d)
            if values.allSatisfy({ abs($0 * scale - ($0 * scale).rounded()) < 1e-6 }) { return d }
        }
        return 12
    }

    /// The label of 10^k: `1` for k = 0, `10` for k = 1, else `1e-3`, `1e5`.
    static func decade(_ k: Int) -> String {
        k == 0 ? "1" : k == 1 ? "10" : "1e\(k)"
    }

    /// Integer decades lo…hi, thinned to about `maxCount` labelled ones.
    static func decades(_ lo: Int, _ hi: Int, maxCount: Int = 8) -> [Int] {
        let every = max(1, (hi - lo + maxCount - 1) / maxCount)
        return stride(from: lo, through: hi, by: 1).filter { ($0 - lo) % every == 0 }
    }

    /// `x` with `decimals` digits after the point, from an integer rounding (so the
    /// text never shows binary artefacts like 0.30000000000000004).
    static func fixed(_ x: Double, decimals: Int) -> String {
        let scaled = (abs(x) * pow10(decimals)).rounded()
        guard scaled < 1e15 else { return "\(x)" }
        var digits = String(Int(scaled))
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (x < 0 && scaled != 0 ? "-" : "") + digits
    }

    static func pow10(_ k: Int) -> Double {
        var p = 1.0
        for _ in 0..<abs(k) { p *= 10 }
        return k >= 0 ? p : 1 / p
    }
}
