import Distributed
import LinearAlgebra
import PINN
import Residuals
import SvenSolver

/// The checks for one problem file. Every rank builds its share and the
/// distributed system; rank 0 also builds the one-process `PINNSystem`.
struct Checks {
    let share: PINNShare
    let rows: RowDistributedSystem
    let comm: Communicator

    init(file: ProblemFile, comm: Communicator) throws {
        share = try PINNShare(file: file, ranks: comm.size, rank: comm.rank)
        rows = try RowDistributedSystem(comm: comm, local: share.local, partition: share.partition)
        self.comm = comm
    }

    func run(_ report: inout Report, label: String) throws {
        guard comm.isRoot else { rows.serve(); return }
        defer { rows.stop() }
        let serial = PINNSystem(problem: share.file.problem, network: share.network, constraints: share.constraints)
        let system = DistributedResidualSystem(rows)
        let theta0 = share.initialParameters
        let (p, b) = (serial.parameterCount, serial.residualCount)

        // 1. The union of the shares is the one-process row set, in its order.
        var r1 = [Double](repeating: 0, count: b), rd = r1
        var j1 = Matrix(rows: p, cols: b), jd = j1
        serial.fillJacobian(at: theta0, residuals: &r1, jacobianTranspose: &j1)
        system.fillJacobian(at: theta0, residuals: &rd, jacobianTranspose: &jd)
        report.expect("\(label) rows: gathered r vs one process", relativeDifference(rd, r1), atMost: 1e-14)
        report.expect("\(label) rows: gathered J vs one process", relativeDifference(jd.storage, j1.storage), atMost: 1e-14)
        var rr = [Double](repeating: 0, count: b)
        system.fillResiduals(at: theta0, into: &rr)
        report.expect("\(label) rows: residuals command vs one process", relativeDifference(rr, r1), atMost: 1e-14)
        var g1 = [Double](repeating: 0, count: p), gd = g1
        serial.applyJacobianTranspose(at: theta0, r1, into: &g1)
        system.applyJacobianTranspose(at: theta0, r1, into: &gd)
        report.expect("\(label) rows: Jᵀr summed over ranks", relativeDifference(gd, g1), atMost: 1e-13)

        // 2. One step η = 1 from a trained θ, TSQR vs the one-process SVD route: 1e-12 where
        // the kept spectrum is well conditioned (rtol 1e-3), else within 10× the spread
        // between two one-process exact SVDs (of J and of Jᵀ) of the same step.
        let theta = try warmStart(serial, from: theta0)
        for rtol in [1e-3, 1e-6, 1e-10] {
            let fixed = Sven.Options(rtol: rtol, stepControl: .fixed(eta: 1), route: .svd)
            try compareStep(report: &report, "\(label) step TSQR vs one-process SVD (rtol \(rtol))", serial, system, theta, fixed)
        }
        // 3. The randomized route, k = 20: the same Ω, sums over ranks.
        let sketch = Sven.Options(rtol: 1e-10, maxRank: 20, stepControl: .fixed(eta: 1),
                                  route: .randomized(oversampling: 10, powerIterations: 2), seed: 7)
        try compareStep(report: &report, "\(label) step randomized k=20 vs one process", serial, system, theta, sketch)
    }

    /// θ after a few one-process Sven steps: past the initial transient, where the
    /// step is what training uses.
    func warmStart(_ serial: PINNSystem, from theta0: [Double]) throws -> [Double] {
        var sven = Sven()
        let (theta, _) = try LeastSquaresDriver.solve(serial, from: theta0, optimizer: &sven,
                                                      stopping: StoppingCriteria(maxSteps: 5, stallSteps: 0))
        return theta
    }

    /// ‖δ_distributed − δ_one-process‖ / ‖δ_one-process‖ for one step of `options`,
    /// bounded by 1e-12 — or, for a truncated step, by the perturbation bound of the
    /// kept subspace (see `stepBound`).
    func compareStep(report: inout Report, _ name: String, _ serial: PINNSystem, _ system: DistributedResidualSystem,
                     _ theta: [Double], _ options: Sven.Options) throws {
        var one = Sven(options), many = DistributedSven(options)
        try one.prepare(for: serial)
        try many.prepare(for: system)
        var t1 = theta, td = theta
        var r1 = [Double](repeating: 0, count: serial.residualCount), rd = r1
        serial.fillResiduals(at: theta, into: &r1)
        system.fillResiduals(at: theta, into: &rd)
        var c1 = Sven.cost(r1), cd = c1
        _ = (rd, cd)
        let o1 = try one.step(system: serial, parameters: &t1, residuals: &r1, cost: &c1)
        let od = try many.step(system: system, parameters: &td, residuals: &rd, cost: &cd)
        let d1 = zip(t1, theta).map { $0 - $1 }, dd = zip(td, theta).map { $0 - $1 }
        let spread = options.route == .svd ? relativeDifference(alternateStep(serial, theta, rank: o1.rank), d1) : 0
        report.expect(name + ": step", relativeDifference(dd, d1), atMost: max(1e-12, 10 * spread))
        report.expect(name + ": σ₁", abs(od.sigmaMax - o1.sigmaMax) / o1.sigmaMax, atMost: 1e-13)
        report.expect(name + ": kept rank", Double(abs(od.rank - o1.rank)), atMost: 0)
    }

    /// The same η = 1 step computed another exact way on one process: `dgesdd` of
    /// the orientation `Sven` does not factor (Jᵀ when B ≥ P, else J) — the round-off
    /// spread of the step itself.
    func alternateStep(_ serial: PINNSystem, _ theta: [Double], rank k: Int) -> [Double] {
        let (p, b) = (serial.parameterCount, serial.residualCount)
        var r = [Double](repeating: 0, count: b), jt = Matrix(rows: p, cols: b)
        serial.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt)
        let tall = b >= p
        guard let svd = try? ThinSVD(tall ? jt : jt.transposed) else { return [Double](repeating: .nan, count: p) }
        var g = [Double](repeating: 0, count: svd.count)
        if tall { Matrix.gemv(.none, svd.vt, r, into: &g) } else { Matrix.gemv(.transpose, svd.u, r, into: &g) }  // Uᵀ r
        var c = [Double](repeating: 0, count: svd.count)
        for i in 0..<min(k, svd.count) { c[i] = -g[i] / svd.singularValues[i] }
        var delta = [Double](repeating: 0, count: p)
        if tall { Matrix.gemv(.none, svd.u, c, into: &delta) } else { Matrix.gemv(.transpose, svd.vt, c, into: &delta) }  // V c
        return delta
    }
}

extension Sven {
    static func cost(_ r: [Double]) -> Double { 0.5 * r.reduce(0) { $0 + $1 * $1 } }
}
