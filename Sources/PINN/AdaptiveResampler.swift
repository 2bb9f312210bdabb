import Residuals

/// Redraws the interior points of a problem file with `sampling = "rad"`
/// (``AdaptiveSampling``, Wu et al. 2023): the candidate pool of the round, the
/// PDE residual of the network there, and the draw by the residual.
///
/// The residual comes from the file's own `[pde]` terms, at weight 1, evaluated on
/// the same network and hard constraints as training; the magnitude at candidate j
/// is |r_j| = (Σ_e r_{e,j}²)^{1/2} over the equations e. The pool is evaluated
/// `chunk` points at a time by one `PINNSystem` made once, so memory holds the
/// jets of a chunk, not of the pool (the last chunk is padded with its last point).
public final class AdaptiveResampler {
    public let file: ProblemFile
    public let sampling: AdaptiveSampling
    /// Points evaluated at once.
    public let chunk: Int
    private let system: PINNSystem
    private var residuals: [Double]

    /// The chunk size when none is given: N points, at least 1 024, at most the pool.
    public static func defaultChunk(points: Int, candidates: Int) -> Int { min(candidates, max(points, 1024)) }

    /// - Precondition: the file has `sampling = "rad"`.
    public init(file: ProblemFile, network: MLP, constraints: [HardConstraint] = [], chunk: Int? = nil) {
        guard let rad = file.pde.adaptive else { preconditionFailure("AdaptiveResampler: \(file.path) has no sampling = \"rad\"") }
        self.file = file
        sampling = rad
        let n = file.problem.terms.first?.points.count ?? 1
        self.chunk = max(1, chunk ?? Self.defaultChunk(points: n, candidates: rad.candidates))
        let p = file.problem, box = p.domain
        let start = PointSet(dimension: box.dimension,
                             coordinates: Array(repeating: Array(box.lower), count: self.chunk).flatMap { $0 })
        let problem = Problem(name: p.name, domain: box, terms: file.interiorTerms(at: start, weight: 1), fields: p.fields,
                              geometry: p.geometry)
        system = PINNSystem(problem: problem, network: network, constraints: constraints)
        residuals = [Double](repeating: 0, count: problem.residualCount)
    }

    /// |r| at each of `points` for parameters `theta`.
    public func magnitudes(of theta: [Double], at points: PointSet) -> [Double] {
        let D = points.dimension, M = points.count, C = chunk, E = file.interiorTermCount
        var out = [Double](repeating: 0, count: M)
        var start = 0
        while start < M {
            let end = min(start + C, M)
            var coordinates = Array(points.coordinates[(start * D)..<(end * D)])
            let last = Array(points.coordinates[((end - 1) * D)..<(end * D)])
            for _ in end..<(start + C) { coordinates += last }
            system.replaceTerms(file.interiorTerms(at: PointSet(dimension: D, coordinates: coordinates), weight: 1))
            system.fillResiduals(at: theta, into: &residuals)
            for i in 0..<(end - start) {
                var s = 0.0
                for e in 0..<E { s += residuals[e * C + i] * residuals[e * C + i] }
                out[start + i] = s.squareRoot()
            }
            start = end
        }
        return out
    }

    /// The N interior points of redraw `epoch` ≥ 1 at parameters `theta`: the pool of
    /// the round (`ProblemFile.candidatePoints`), drawn from by |r|, seeded by
    /// `AdaptiveSampling.drawSeed` — the same points for the same θ on one machine.
    public func interiorPoints(epoch: Int, theta: [Double]) throws(ProblemFileError) -> PointSet {
        let pool = try file.candidatePoints(epoch: epoch)
        let n = file.problem.terms[0].points.count
        let chosen = sampling.draw(magnitudes: magnitudes(of: theta, at: pool), count: n,
                                   seed: AdaptiveSampling.drawSeed(seed: file.pde.seed, epoch: epoch))
        let D = pool.dimension
        var coordinates: [Double] = []
        coordinates.reserveCapacity(n * D)
        for j in chosen { coordinates += pool.point(j) }
        return PointSet(dimension: D, coordinates: coordinates)
    }
}
