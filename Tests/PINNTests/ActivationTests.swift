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

    @Test func closedForms() {
        #expect(Activation.tanh.derivatives(0.3).0 == tanh(0.3))
        #expect(Activation.sin.derivatives(0.3).1 == cos(0.3))
        // GELU(1) = Φ(1) = 0.841344746068543; GELU(−z) = GELU(z) − z.
        #expect(abs(Activation.gelu.derivatives(1).0 - 0.841344746068543) < 1e-15)
        #expect(abs(Activation.gelu.derivatives(-1.7).0 - (Activation.gelu.derivatives(1.7).0 - 1.7)) < 1e-15)
        #expect(abs(Activation.gelu.derivatives(0).1 - 0.5) < 1e-16)
    }
}
