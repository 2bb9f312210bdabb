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
    /// Sampled input data (forcing, boundary or initial data) is NaN or infinite
    /// at the given point.
    case nonFiniteData(field: String, point: [Double], value: Double)
    /// A scalar parameter broke its rule (e.g. "must be finite and > 0").
    case invalidParameter(field: String, value: Double, rule: String)
    /// The operator is singular on a mode the data excites (Helmholtz resonance).
    case singularOperator(mode: [Int], eigenvalue: Double)
    /// LAPACK reported failure (`info ≠ 0`) in the named routine.
    case lapackFailed(routine: String, info: Int)
    /// A list of per-axis settings has the wrong length.
    case dimensionMismatch(field: String, count: Int, expected: Int)

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
        case let .nonFiniteData(field, point, value):
            return "\(field) is not finite at \(point): value = \(value)"
        case let .invalidParameter(field, value, rule):
            return "invalid \(field) = \(value): \(rule)"
        case let .singularOperator(mode, eigenvalue):
            return "the operator is singular on mode \(mode) (eigenvalue \(eigenvalue));"
                + " change k or the box so that no mode resonates"
        case let .lapackFailed(routine, info):
            return "LAPACK \(routine) failed with info = \(info)"
        case let .dimensionMismatch(field, count, expected):
            return "\(field) has \(count) entries but the problem has \(expected) dimensions"
        }
    }
}
