import SeededRandom

/// An equation recognised as linear with constant coefficients,
///
///     F(x, jet) = Σ_c a_c · jet_c − f(x),
///
/// so that a reference solver can be picked for it (−Δu = f, −Δu − k²u = f,
/// u_t − κ u_xx = 0, …).
public struct LinearForm: Sendable {
    /// a_c for every channel with a nonzero coefficient.
    public let coefficients: [FieldChannel: Double]
    /// f(x) = −F(x, 0).
    public let equation: Equation

    /// f at one point.
    public func source(_ x: [Double]) -> Double {
        -equation.residual.evaluate(x + [Double](repeating: 0, count: equation.jetInputs.count))
    }

    /// The coefficient of a channel (0 when absent).
    public func coefficient(_ c: FieldChannel) -> Double { coefficients[c] ?? 0 }

    /// a_c for the channel `c` of field 0.
    public func coefficient(_ c: JetChannel) -> Double { coefficient(FieldChannel(field: 0, c)) }
}

extension Equation {
    /// The equation's linear form, or nil when it is not linear in the jet with
    /// constant coefficients. Decided numerically: at 16 seeded random points of
    /// `box` and random jet values, the partials ∂F/∂jet must agree to 1e-12
    /// (relative) and F must equal its affine model to 1e-10. Nil for an
    /// equation with `unknowns`: its coefficients are not known numbers.
    public func linearForm(in box: Box) -> LinearForm? {
        guard unknowns.isEmpty else { return nil }
        var g = SeededGenerator(seed: 20_261_123)
        let J = jetInputs.count, D = variables.count
        var first: [Double]?
        for _ in 0..<16 {
            let x = (0..<D).map { box.lower[$0] + g.nextUniform() * box.length($0) }
            let jet = (0..<J).map { _ in 2 * g.nextUniform() - 1 }
            let (value, gradient) = residual.gradient(at: x + jet, withRespectTo: D..<(D + J))
            let f0 = residual.evaluate(x + [Double](repeating: 0, count: J))
            let model = f0 + zip(gradient, jet).reduce(0) { $0 + $1.0 * $1.1 }
            let scale = max(1, abs(value), gradient.reduce(0) { max($0, abs($1)) })
            guard abs(model - value) <= 1e-10 * scale else { return nil }
            if let a = first {
                guard zip(a, gradient).allSatisfy({ abs($0 - $1) <= 1e-12 * scale }) else { return nil }
            } else {
                first = gradient
            }
        }
        var coefficients: [FieldChannel: Double] = [:]
        for (k, a) in (first ?? []).enumerated() where a != 0 {
            for c in jetChannels[k] { coefficients[c, default: 0] += a }
        }
        return LinearForm(coefficients: coefficients, equation: self)
    }
}
