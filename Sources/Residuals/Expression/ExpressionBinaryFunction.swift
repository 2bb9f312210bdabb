// MARK: - ExpressionBinaryFunction

/// The built-in functions of two arguments.
///
/// | call        | meaning                                   | derivatives                    |
/// |-------------|-------------------------------------------|--------------------------------|
/// | atan2(y, x) | the angle of (x, y), in (−π, π]           | ∂_y = x/r², ∂_x = −y/r²        |
/// | pow(a, b)   | a^b, the same as `a^b`                    | as `^`                          |
/// | min(a, b)   | the smaller; NaN if either is NaN         | those of the smaller argument  |
/// | max(a, b)   | the larger; NaN if either is NaN          | those of the larger argument   |
///
/// min and max are differentiable except where a = b; there the first
/// argument's derivatives are used (one of the two one-sided derivatives, as in
/// every automatic-differentiation tool). `pow(a, b)` parses to the power node,
/// so it compiles, folds and prints exactly as `a^b`.
enum ExpressionBinaryFunction: String, CaseIterable, Sendable {
    case atan2, pow, min, max

    /// How many arguments a call takes.
    static let arity = 2

    var name: String { rawValue }

    static let names: [String] = allCases.map(\.name)

    init?(name: String) { self.init(rawValue: name) }

    /// f(a, b) for any scalar type.
    @inline(__always)
    func apply<S: ExpressionScalar>(_ a: S, _ b: S) -> S {
        switch self {
        case .atan2: S.atan2(a, b)
        case .pow: S.pow(a, b)
        case .min: S.smaller(a, b)
        case .max: S.larger(a, b)
        }
    }

    /// a[j] = f(a[j], b[j]) for j in 0..<count.
    @inline(__always)
    func apply(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, count: Int) {
        switch self {
        case .atan2: for j in 0..<count { a[j] = libmAtan2(a[j], b[j]) }
        case .pow: for j in 0..<count { a[j] = Double.pow(a[j], b[j]) }
        case .min: for j in 0..<count { a[j] = Double.smaller(a[j], b[j]) }
        case .max: for j in 0..<count { a[j] = Double.larger(a[j], b[j]) }
        }
    }
}
