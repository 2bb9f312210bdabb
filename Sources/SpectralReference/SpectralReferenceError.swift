// SpectralReferenceError.swift — bad configuration or input for spectral references.

/// Errors thrown for bad configuration or input. Each case names the field, the
/// value that was given and the rule it broke; `description` says it in words.
public enum SpectralReferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A grid size broke its rule (for example "n + 1 must be a power of two").
    case invalidGridSize(field: String, value: Int, rule: String)
    /// A box side is empty, reversed or not finite.
    case invalidBox(dimension: Int, lower: Double, upper: Double)
    /// The sampled forcing is NaN or infinite at interior grid point (i, l).
    case nonFiniteForcing(i: Int, l: Int, x: Double, y: Double, value: Double)
    /// FFTW returned no plan (or no memory) for an `nx × ny` transform.
    case planningFailed(nx: Int, ny: Int)

    public var description: String {
        switch self {
        case let .invalidGridSize(field, value, rule):
            return "invalid \(field) = \(value): \(rule)"
        case let .invalidBox(dimension, lower, upper):
            return "invalid box along dimension \(dimension): lower = \(lower), upper = \(upper);"
                + " both must be finite with lower < upper"
        case let .nonFiniteForcing(i, l, x, y, value):
            return "forcing is not finite at interior point (i = \(i), l = \(l)),"
                + " (x, y) = (\(x), \(y)): f = \(value)"
        case let .planningFailed(nx, ny):
            return "FFTW could not plan a \(nx) × \(ny) DST-I (RODFT00) transform"
        }
    }
}
