// fuzz-expression — the formula parser (`MathExpression`) and the equation parser
// (`Equation`) on arbitrary UTF-8 text, with fixed variables, fields and constants.
//
// Text with one '=' is read as an equation (`u_t + u*u_x - nu*u_xx = 0`) over
// (x, y) and over (x, t) with time; any text is also read as a formula of x, y, t.
// A formula that parses must evaluate (value, gradient, batch) without trapping,
// and its normalised `description` must parse again to a formula that agrees.
import FuzzDriver
import Residuals

private let variables = ["x", "y", "t"]
private let constants = ["nu": 0.01, "a": 2.0]
private let point = [0.3, -0.7, 0.25]

/// libFuzzer's entry: SwiftPM makes this the process's `main` (see FuzzDriver.h).
@_cdecl("fuzz_expression_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    svenpde_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    if text.contains("=") {
        if let e = try? Equation(text, variables: ["x", "y"], fields: ["u"], constants: constants) {
            let inputs = [Double](repeating: 0.5, count: e.residual.variables.count)
            _ = e.residual.gradient(at: inputs)
            _ = e.channels
        }
        if let e = try? Equation(text, variables: ["x", "t"], fields: ["u", "v"], constants: constants, time: 1) {
            _ = e.residual.gradient(at: [Double](repeating: 0.5, count: e.residual.variables.count))
        }
    }
    guard let f = try? MathExpression(text, variables: variables, constants: constants) else { return 0 }
    let value = f.evaluate(point)
    _ = f.gradient(at: point)
    _ = f.evaluate(points: point + point, dimension: 3)
    let again: MathExpression
    do {
        again = try MathExpression(f.description, variables: variables, constants: constants)
    } catch {
        preconditionFailure("description \"\(f.description)\" of \"\(text)\" does not parse: \(error)")
    }
    let other = again.evaluate(point)
    let agree = value == other || (value.isNaN && other.isNaN)
        || abs(value - other) <= 1e-9 * max(1, abs(value))
    precondition(agree || !value.isFinite || !other.isFinite,
                 "\"\(text)\" gives \(value), its description \"\(f.description)\" gives \(other)")
    return 0
}
