import Foundation
import PINN
import Residuals
import SvenSolver

/// One rank's part of a PINN solve read from a problem file: every rank reads the
/// file and draws every term's points from the file's seeds — the one-process
/// point set — then keeps its rows (`RowPartition`); the network and θ₀ are the
/// same everywhere (θ travels from rank 0 with every command anyway).
public struct PINNShare {
    public let file: ProblemFile
    public let network: MLP
    public let constraints: [HardConstraint]
    public let initialParameters: [Double]
    public let partition: RowPartition
    public let local: PINNSystem
    public let options: Sven.Options
    public let stopping: StoppingCriteria

    /// Throws a `ProblemFileError` naming the field for settings this build cannot run.
    public init(file: ProblemFile, ranks: Int, rank: Int) throws {
        self.file = file
        let spec = file.network
        let design = try NetworkDesign(file)
        let parameterCount = design.parameterCount
        guard file.solver.method == "sven" else {
            throw file.error(at: "solver.method", "\"\(file.solver.method)\": svenpde-mpi distributes Sven only")
        }
        if file.pde.resampleEvery != nil {
            throw file.error(at: "pde.resample_every", "resampling is not distributed; remove it for svenpde-mpi")
        }
        options = try file.svenOptions()
        if options.scaled { throw file.error(at: "solver.scaled", "Moré scaling is not distributed; remove it for svenpde-mpi") }
        if options.batchSize != nil {
            throw file.error(at: "solver.batch_size", "mini-batches are not distributed; remove batch_size for svenpde-mpi")
        }
        stopping = StoppingCriteria(maxSteps: file.solver.maxSteps, timeLimit: file.solver.timeLimit,
                                    costThreshold: file.solver.targetLoss)
        network = design.network()
        initialParameters = network.initialParameters(seed: spec.seed, scheme: design.scheme)
        constraints = file.constraint.map { [HardConstraint(g: $0.g, d: $0.d)] } ?? []
        do {
            partition = try RowPartition(blockRows: file.problem.terms.map(\.rowCount), ranks: ranks)
        } catch {
            throw file.error(at: "pde.count", "\(error.message)")
        }
        try Self.checkSizes(file, parameters: parameterCount, rows: partition.localCount(rank: 0),
                            memory: Double(ProcessInfo.processInfo.physicalMemory))
        local = PINNSystem(problem: file.problem.share(of: partition, rank: rank), network: network, constraints: constraints)
    }

    /// Before anything sized by the input is allocated: one TSQR message, a triangle of
    /// (P+1)(P+2)/2 doubles, must fit MPI's Int32 count, and a rank's J block, its [J r]
    /// copy and the TSQR factors (16·b·(P+1) + 28·(P+1)² bytes, b = the largest share)
    /// must fit `memory` bytes.
    public static func checkSizes(_ file: ProblemFile, parameters p: Int, rows b: Int, memory: Double) throws {
        let n = Double(p) + 1
        guard n * (n + 1) / 2 <= Double(Int32.max) else {
            throw file.error(at: "network.hidden", "\(p) parameters: one TSQR message of (P+1)(P+2)/2 = "
                             + "\(String(format: "%.3g", n * (n + 1) / 2)) values exceeds MPI's count limit of 2³¹ − 1 "
                             + "(P ≤ 65534); use a smaller network")
        }
        let bytes = 16 * Double(b) * n + 28 * n * n
        guard bytes <= memory else {
            throw file.error(at: "pde.count", String(format: "each rank would hold %.3g GB (J block of %d rows, its [J r] copy, "
                             + "the TSQR factors), more than this machine's %.3g GB; use more ranks or fewer points",
                             bytes / 1e9, b, memory / 1e9))
        }
    }

    /// Relative L2 error of u_θ (first field, hard constraint applied) against
    /// `[exact]` on a uniform grid of `perAxis` points per axis (first variable
    /// fastest); nil without `[exact]`.
    public func relativeL2Exact(_ theta: [Double], perAxis: Int) -> Double? {
        guard let exact = file.exact else { return nil }
        let box = file.problem.domain, d = box.dimension
        let n = (0..<d).reduce(1) { acc, _ in acc * perAxis }
        var coords = [Double](repeating: 0, count: n * d)
        for p in 0..<n {
            var rest = p
            for k in 0..<d {
                let i = rest % perAxis
                rest /= perAxis
                coords[p * d + k] = box.lower[k] + box.length(k) * Double(i) / Double(max(perAxis - 1, 1))
            }
        }
        let evaluator = JetEvaluator(network: network, layout: JetLayout(dimension: d, requested: [.value]), pointCount: n)
        evaluator.setPoints(PointSet(dimension: d, coordinates: coords))
        evaluator.forward(theta, retain: false)
        let out = evaluator.output, f = network.outputCount
        let truth = exact.evaluate(points: coords, dimension: d)
        let g = constraints.first.map { $0.g.evaluate(points: coords, dimension: d) }
        let dd = constraints.first.map { $0.d.values(points: coords, dimension: d) }
        var num = 0.0, den = 0.0
        for p in 0..<n {
            var u = out[p * f]
            if let g, let dd { u = g[p] + dd[p] * u }
            num += (u - truth[p]) * (u - truth[p])
            den += truth[p] * truth[p]
        }
        return den > 0 ? (num / den).squareRoot() : num.squareRoot()
    }
}
