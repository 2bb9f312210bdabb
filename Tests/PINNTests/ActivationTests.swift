import Testing
import Foundation
import PINN

@Suite("Activations")
struct ActivationTests {
    /// σ′, σ″, σ‴ against central differences of the level below, at points across the range.
    @Test(arguments: Activation.allCases)
    func derivativesMatchFiniteDifferences(act: Activation) {
        let h = 1e-5
        for z in stride(from: -4.0, through: 4.0, by: 0.37) {
            let d = act.derivatives(z), up = act.derivatives(z + h), down = act.derivatives(z - h)
            #expect(abs(d.1 - (up.0 - down.0) / (2 * h)) < 1e-8)
            #expect(abs(d.2 - (up.1 - down.1) / (2 * h)) < 1e-8)
            #expect(abs(d.3 - (up.2 - down.2) / (2 * h)) < 1e-8)
        }
    }

    /// σ⁗ and σ⁽⁵⁾ against central differences of the level below (σ‴ from
    /// `derivatives`, itself checked above), and tanh's against the polynomials in t.
    @Test(arguments: Activation.allCases)
    func higherDerivativesMatchFiniteDifferences(act: Activation) {
        let h = 1e-5
        for z in stride(from: -4.0, through: 4.0, by: 0.37) {
            let d = act.higherDerivatives(z), up = act.higherDerivatives(z + h), down = act.higherDerivatives(z - h)
            let d3 = (act.derivatives(z + h).3 - act.derivatives(z - h).3) / (2 * h)
            #expect(abs(d.0 - d3) < 1e-8, "\(act) σ⁗(\(z)) = \(d.0), difference of σ‴ \(d3)")
            #expect(abs(d.1 - (up.0 - down.0) / (2 * h)) < 1e-8, "\(act) σ⁽⁵⁾(\(z))")
        }
        let t = tanh(0.7)
        #expect(abs(Activation.tanh.higherDerivatives(0.7).0 - (16 * t - 40 * pow(t, 3) + 24 * pow(t, 5))) < 1e-14)
        #expect(abs(Activation.tanh.higherDerivatives(0.7).1 - (16 - 136 * t * t + 240 * pow(t, 4) - 120 * pow(t, 6))) < 1e-13)
        #expect(Activation.sin.higherDerivatives(0.3) == (sin(0.3), cos(0.3)))
        // GELU: σ⁗(0) = −4φ(0), σ⁽⁵⁾(0) = 0; softplus: σ⁗(0) = s′(0)(1 − 6/4) = −1/8.
        #expect(abs(Activation.gelu.higherDerivatives(0).0 + 4 * 0.3989422804014327) < 1e-15)
        #expect(Activation.gelu.higherDerivatives(0).1 == 0 && Activation.softplus.higherDerivatives(0).0 == -0.125)
    }

    @Test func closedForms() {
        #expect(Activation.tanh.derivatives(0.3).0 == tanh(0.3))
        #expect(Activation.sin.derivatives(0.3).1 == cos(0.3))
        // GELU(1) = Φ(1) = 0.841344746068543; GELU(−z) = GELU(z) − z.
        #expect(abs(Activation.gelu.derivatives(1).0 - 0.841344746068543) < 1e-15)
        #expect(abs(Activation.gelu.derivatives(-1.7).0 - (Activation.gelu.derivatives(1.7).0 - 1.7)) < 1e-15)
        #expect(abs(Activation.gelu.derivatives(0).1 - 0.5) < 1e-16)
    }
}
