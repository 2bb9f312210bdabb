import Testing
import Foundation
import PINN
import Residuals

/// `AdaptiveResampler`: the residual on a candidate pool, chunked, and the RAD draw from it.
struct AdaptiveResamplerTests {
    /// −Δu = f with f a narrow bump at (0.8, 0.8): at θ = 0 the network is u ≡ 0, so r = −f.
    static let text = """
        [domain]
        lower = [0, 0]
        upper = [1, 1]
        [pde]
        operator = "poisson"
        source = "100*exp(-50*((x - 0.8)^2 + (y - 0.8)^2))"
        points = "sobol"
        count = 300
        seed = 2
        resample_every = 5
        sampling = "rad"
        rad_constant = 0.1
        candidates = 6000
        [[boundary]]
        count = 40

        """

    static func near(_ p: PointSet, _ i: Int) -> Bool {
        let x = p.point(i)
        return (x[x.startIndex] - 0.8) * (x[x.startIndex] - 0.8) + (x[x.startIndex + 1] - 0.8) * (x[x.startIndex + 1] - 0.8) < 0.09
    }

    @Test func pointsGatherWhereThePDEResidualIsLarge() throws {
        let file = try ProblemFile.parse(Self.text, file: "bump.toml")
        let network = MLP(widths: [2, 8, 1])
        let zero = [Double](repeating: 0, count: network.parameterCount)
        let resampler = AdaptiveResampler(file: file, network: network, chunk: 1000)
        let points = try resampler.interiorPoints(epoch: 1, theta: zero)
        #expect(points.count == 300 && points.dimension == 2)
        let share = Double((0..<points.count).filter { Self.near(points, $0) }.count) / 300
        let pool = try file.candidatePoints(epoch: 1)
        let poolShare = Double((0..<pool.count).filter { Self.near(pool, $0) }.count) / Double(pool.count)
        // The disc of radius 0.3 holds ~a quarter of the square; with c = 0.1 the draw puts most points in it.
        #expect(poolShare < 0.3 && share > 0.7, "share \(share), pool \(poolShare)")
        // Reproducible for the same θ and round; another round, other points.
        #expect(try resampler.interiorPoints(epoch: 1, theta: zero) == points)
        #expect(try resampler.interiorPoints(epoch: 2, theta: zero) != points)
    }

    @Test func chunkedMagnitudesMatchOneChunkAndTheTrainingResiduals() throws {
        let file = try ProblemFile.parse(Self.text, file: "bump.toml")
        let network = MLP(widths: [2, 8, 1])
        let theta = network.initialParameters(seed: 3)
        let pool = try file.candidatePoints(epoch: 1)
        let small = AdaptiveResampler(file: file, network: network, chunk: 777).magnitudes(of: theta, at: pool)
        let whole = AdaptiveResampler(file: file, network: network, chunk: pool.count).magnitudes(of: theta, at: pool)
        for j in pool.coordinates.indices.prefix(pool.count) { #expect(abs(small[j] - whole[j]) <= 1e-12 * max(1, whole[j])) }
        // At the training points, |r| is the training residual over its weight 1/√N.
        let training = file.problem.terms[0].points
        let m = AdaptiveResampler(file: file, network: network).magnitudes(of: theta, at: training)
        let system = PINNSystem(problem: file.problem, network: network)
        var r = [Double](repeating: 0, count: system.residualCount)
        system.fillResiduals(at: theta, into: &r)
        let w = 1 / Double(training.count).squareRoot()
        for i in 0..<training.count { #expect(abs(m[i] - abs(r[i]) / w) <= 1e-10 * max(1, m[i])) }
    }
}
