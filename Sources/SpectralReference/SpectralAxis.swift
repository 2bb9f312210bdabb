// SpectralAxis.swift — one axis of a spectral box: its grid, its modes, its FFTW kind.

import CFFTW
import Foundation

/// The boundary condition along one axis of a box, which fixes the basis.
///
/// | kind | basis on [a, b], L = b − a | grid | FFTW kind | size rule |
/// |---|---|---|---|---|
/// | `.dirichlet` (u = 0) | sin(jπ(x − a)/L), j = 1 … n | n interior points (i + 1)L/(n + 1) | `RODFT00` (DST-I) | n + 1 a power of two |
/// | `.neumann` (∂u/∂n = 0) | cos(jπ(x − a)/L), j = 0 … n − 1 | n points i·L/(n − 1), ends included | `REDFT00` (DCT-I) | n − 1 a power of two |
/// | `.periodic` (period L) | 1, cos(2πk(x − a)/L), sin(2πk(x − a)/L) | n points i·L/n | `R2HC` (real DFT) | n a power of two |
///
/// Sizes: FFTW computes `RODFT00` of size n through a real DFT of size 2(n + 1) and
/// `REDFT00` of size n through one of size 2(n − 1), so n + 1 (DST-I), n − 1 (DCT-I)
/// and n (DFT) are required to be powers of two, the sizes FFTW handles fastest.
public enum BoundaryKind: String, Sendable, CaseIterable, Equatable {
    case dirichlet
    case neumann
    case periodic

    /// The grid size n that meets this kind's size rule for the power of two m:
    /// m − 1 (DST-I), m + 1 (DCT-I), m (DFT).
    public func count(powerOfTwo m: Int) -> Int {
        switch self {
        case .dirichlet: return m - 1
        case .neumann: return m + 1
        case .periodic: return m
        }
    }
}

/// One axis: kind, interval and number of grid points (= number of modes).
///
/// Each basis function φ_m is an eigenfunction of −d²/dx² with the continuous
/// eigenvalue λ_m = ω_m², ω_m its angular wavenumber (jπ/L, or 2πk/L if periodic).
/// After FFTW's unnormalised forward transform Y of grid samples, the coefficient
/// of φ_m is c_m = s_m·Y_m with s_m from `coefficientScale` (FFTW 3.3 manual §4.8):
/// DST-I: Y_j = 2Σ X_i sin(π(i+1)(j+1)/(n+1)) ⇒ s = 1/(n + 1);
/// DCT-I: Y_j = X_0 + (−1)^j X_{n−1} + 2Σ_{i=1}^{n−2} X_i cos(πij/(n−1))
///   ⇒ s = 1/(n − 1), halved for j = 0 and j = n − 1;
/// R2HC: Y_k = Σ X_i e^{−2πiik/n}, Re Y_k at k, Im Y_k at n − k ⇒ s = 2/n for the
///   cosine and −2/n for the sine of wavenumber k, 1/n for k = 0 and k = n/2.
public struct SpectralAxis: Sendable, Equatable {
    public let kind: BoundaryKind
    public let lower: Double
    public let upper: Double
    /// Grid points = modes along this axis.
    public let count: Int

    /// Checks the box side and the size rule of the kind.
    public init(kind: BoundaryKind, lower: Double, upper: Double, count: Int, dimension: Int = 0) throws {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw SpectralReferenceError.invalidBox(dimension: dimension, lower: lower, upper: upper)
        }
        let field = "count[\(dimension)] (\(kind.rawValue))"
        func isPow2(_ m: Int) -> Bool { m >= 1 && m & (m - 1) == 0 }
        switch kind {
        case .dirichlet:
            guard count >= 1, count <= 65535, isPow2(count + 1) else {
                throw SpectralReferenceError.invalidGridSize(
                    field: field, value: count, rule: "DST-I needs n + 1 a power of two, 1 ≤ n ≤ 65535 (e.g. 15, 63, 255)")
            }
        case .neumann:
            guard count >= 3, count <= 65537, isPow2(count - 1) else {
                throw SpectralReferenceError.invalidGridSize(
                    field: field, value: count, rule: "DCT-I needs n − 1 a power of two, 3 ≤ n ≤ 65537 (e.g. 9, 33, 257)")
            }
        case .periodic:
            guard count >= 2, count <= 65536, isPow2(count) else {
                throw SpectralReferenceError.invalidGridSize(
                    field: field, value: count, rule: "the real DFT needs n a power of two, 2 ≤ n ≤ 65536 (e.g. 16, 64, 256)")
            }
        }
        self.kind = kind
        self.lower = lower
        self.upper = upper
        self.count = count
    }

    public var length: Double { upper - lower }

    /// The grid nodes of this axis (see the table on `BoundaryKind`).
    public var nodes: [Double] {
        let n = count, a = lower, l = length
        switch kind {
        case .dirichlet: return (0..<n).map { a + Double($0 + 1) * l / Double(n + 1) }
        case .neumann: return (0..<n).map { $0 == n - 1 ? upper : a + Double($0) * l / Double(n - 1) }
        case .periodic: return (0..<n).map { a + Double($0) * l / Double(n) }
        }
    }

    var fftwKind: fftw_r2r_kind {
        switch kind {
        case .dirichlet: return FFTW_RODFT00
        case .neumann: return FFTW_REDFT00
        case .periodic: return FFTW_R2HC
        }
    }

    /// Angular wavenumber ω_m of mode index m (0-based storage index).
    public func wavenumber(_ m: Int) -> Double {
        switch kind {
        case .dirichlet: return Double(m + 1) * .pi / length
        case .neumann: return Double(m) * .pi / length
        case .periodic: return 2 * .pi * Double(m <= count / 2 ? m : count - m) / length
        }
    }

    /// λ_m = ω_m², the eigenvalue of −d²/dx² on mode m.
    public func eigenvalue(_ m: Int) -> Double { wavenumber(m) * wavenumber(m) }

    /// s_m with c_m = s_m · Y_m (see the type's documentation).
    func coefficientScale(_ m: Int) -> Double {
        let n = count
        switch kind {
        case .dirichlet: return 1 / Double(n + 1)
        case .neumann: return (m == 0 || m == n - 1 ? 0.5 : 1) / Double(n - 1)
        case .periodic:
            if m == 0 || (n % 2 == 0 && m == n / 2) { return 1 / Double(n) }
            return m < n / 2 ? 2 / Double(n) : -2 / Double(n)
        }
    }

    /// φ_m(x), and with `derivative` its x-derivative.
    public func basis(_ m: Int, at x: Double, derivative: Bool = false) -> Double {
        let w = wavenumber(m), theta = w * (x - lower)
        let isSine: Bool
        switch kind {
        case .dirichlet: isSine = true
        case .neumann: isSine = false
        case .periodic: isSine = m > count / 2
        }
        if derivative { return isSine ? w * cos(theta) : -w * sin(theta) }
        return isSine ? sin(theta) : cos(theta)
    }

    /// Table φ_m(x_p) at `(m) + count * p` for every point, each entry
    /// multiplied by `weight(m)` when given (e.g. a heat decay e^{−κλ_m t}).
    func basisTable(at points: [Double], derivative: Bool = false, weight: ((Int) -> Double)? = nil) -> [Double] {
        var table = [Double](repeating: 0, count: count * points.count)
        let factors = (0..<count).map { weight?($0) ?? 1 }
        for (p, x) in points.enumerated() {
            for m in 0..<count { table[m + count * p] = factors[m] * basis(m, at: x, derivative: derivative) }
        }
        return table
    }
}
