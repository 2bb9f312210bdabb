import Foundation

extension FourierFeatures {
    /// The periodic input embedding: for each periodic dimension d with period
    /// L_d, the first layer sees
    ///
    ///     sin(2πk x_d / L_d), cos(2πk x_d / L_d),   k = 1 … K (`harmonics`),
    ///
    /// instead of x_d; the other dimensions pass through unchanged. Every function
    /// the network can represent is then L_d-periodic in x_d, so u(x + L_d e_d) =
    /// u(x) holds to rounding with all its derivatives, and periodic boundary rows
    /// are not needed (Dong & Ni, "A method for representing periodic functions and
    /// enforcing exactly periodic boundary conditions with deep neural networks",
    /// J. Comput. Phys. 435, 2021; the cos/sin layer of the Burgers and Allen–Cahn
    /// benchmarks of Wang, Sankaran & Perdikaris, CMAME 421, 2024). One harmonic
    /// suffices in principle: the frequency grows through the hidden layers.
    ///
    /// The jets are the Fourier-feature jets of the frequency rows k/L_d · e_d
    /// (exact, see the type's documentation) and those of the identity.
    ///
    /// - Parameters:
    ///   - periods: (dimension, L) pairs, dimensions distinct and ascending, L > 0.
    public static func periodic(inputDimension: Int, periods: [(dimension: Int, period: Double)], harmonics: Int = 1) -> FourierFeatures {
        precondition(!periods.isEmpty && harmonics >= 1, "FourierFeatures.periodic: \(periods.count) periodic dimensions, \(harmonics) harmonics")
        precondition(periods.allSatisfy { $0.period > 0 && $0.period.isFinite }, "FourierFeatures.periodic: periods \(periods.map(\.period))")
        var rows: [Double] = []
        for (d, period) in periods {
            for k in 1...harmonics {
                var row = [Double](repeating: 0, count: inputDimension)
                row[d] = Double(k) / period
                rows += row
            }
        }
        let periodic = Set(periods.map(\.dimension))
        return FourierFeatures(inputDimension: inputDimension, frequencies: rows,
                               passThrough: (0..<inputDimension).filter { !periodic.contains($0) })
    }
}
