import LinearAlgebra
import SvenSolver

/// A residual system whose rows live on the ranks of an MPI job: every rank holds
/// `local`, the system of its own rows (`RowPartition`), and takes part in the
/// collectives below. Rank 0 drives: each of its calls broadcasts a command that
/// the other ranks, waiting in `serve()`, carry out with it. The parameters always
/// come from rank 0 (broadcast with the command), so every rank evaluates at the
/// same θ bit for bit.
///
/// What crosses the network per call (P parameters, B rows, N ranks):
/// - `residuals`: θ out (P), r back to rank 0 (B) — the driver's full r;
/// - `cost`: θ out, one partial Σ r_i² per rank back, summed in rank order;
/// - `factor` (TSQR, RowDistributedSystem+TSQR.swift): θ out, ⌈log₂ N⌉ rounds of
///   (P+1)² triangular factors up a binary tree;
/// - `gradient`: θ and w out (P + B), Jᵀw summed over ranks (P).
public final class RowDistributedSystem {
    public let comm: Communicator
    public let local: any ResidualSystem
    public let partition: RowPartition
    public let parameterCount: Int
    public let residualCount: Int
    public let localCount: Int
    /// Local row counts of every rank.
    let counts: [Int]
    /// Global row of each entry of the rank-ordered concatenation (rank 0 only).
    let gatherOrder: [Int]

    var theta: [Double]
    var localResiduals: [Double]
    /// The residuals at the last `cost` point, for `gatherTrial`.
    var trialResiduals: [Double]
    var gathered: [Double]
    var jtLocal = Matrix(rows: 0, cols: 0)
    /// Local J·X products of the randomized route (B_local × ℓ), kept between calls.
    var yLocal = Matrix(rows: 0, cols: 0)

    public init(comm: Communicator, local: any ResidualSystem, partition: RowPartition) throws(DistributedError) {
        guard partition.ranks == comm.size else {
            throw DistributedError("partition for \(partition.ranks) ranks, the job has \(comm.size)")
        }
        guard local.residualCount == partition.localCount(rank: comm.rank) else {
            throw DistributedError("rank \(comm.rank): local system has \(local.residualCount) rows, its share is \(partition.localCount(rank: comm.rank))")
        }
        self.comm = comm
        self.local = local
        self.partition = partition
        parameterCount = local.parameterCount
        residualCount = partition.globalCount
        localCount = local.residualCount
        counts = (0..<comm.size).map { partition.localCount(rank: $0) }
        gatherOrder = comm.isRoot ? partition.gatherOrder : []
        theta = Array(repeating: 0, count: parameterCount)
        localResiduals = Array(repeating: 0, count: localCount)
        trialResiduals = localResiduals
        gathered = Array(repeating: 0, count: comm.isRoot ? residualCount : 0)
    }

    enum Command: Int64 {
        case stop = 0, residuals, cost, gatherTrial, factor, gradient, gatherJacobian
        case localJacobian, multiplyJ, multiplyJt, orthonormalizeY, projectResiduals
    }

    // MARK: - Rank 0's side

    /// r(θ) of all B rows, in the one-process order, into `out` (rank 0).
    public func residuals(at parameters: [Double], into out: inout [Double]) {
        post(.residuals, parameters)
        collectResiduals(evaluate: true, into: &out)
    }

    /// ½‖r(θ)‖², summed over ranks in rank order (rank 0); each rank keeps its
    /// residuals at θ for `gatherTrial`.
    public func cost(at parameters: [Double]) -> Double {
        post(.cost, parameters)
        return collectCost()
    }

    /// The residuals of the last `cost` call, in the one-process order (rank 0).
    public func gatherTrial(into out: inout [Double]) {
        post(.gatherTrial, nil)
        collectResiduals(evaluate: false, into: &out)
    }

    /// Jᵀw (w: all B rows, one-process order), summed over ranks (rank 0).
    public func gradient(at parameters: [Double], weights w: [Double], into out: inout [Double]) {
        post(.gradient, parameters)
        var weights = w
        collectGradient(&weights, into: &out)
    }

    /// The whole Jᵀ (P × B) on rank 0 — for checks only: it moves B·P doubles.
    public func gatherJacobian(at parameters: [Double], residuals: inout [Double], jacobianTranspose: inout Matrix) {
        post(.gatherJacobian, parameters)
        collectJacobian(residuals: &residuals, jacobianTranspose: &jacobianTranspose)
    }

    /// Tell the other ranks to leave `serve()`.
    public func stop() { post(.stop, nil) }

    // MARK: - The other ranks' side

    /// Carry out rank 0's commands until it calls `stop()`.
    public func serve() {
        precondition(!comm.isRoot, "serve() runs on ranks other than 0")
        var none: [Double] = []
        while true {
            var header: [Int64] = [0]
            comm.broadcast(&header)
            guard let command = Command(rawValue: header[0]) else { preconditionFailure("unknown command \(header[0])") }
            if command.carriesParameters { comm.broadcast(&theta) }
            switch command {
            case .stop: return
            case .residuals: collectResiduals(evaluate: true, into: &none)
            case .cost: _ = collectCost()
            case .gatherTrial: collectResiduals(evaluate: false, into: &none)
            case .gradient: var w: [Double] = []; collectGradient(&w, into: &none)
            case .gatherJacobian:
                var m = Matrix(rows: 0, cols: 0)
                collectJacobian(residuals: &none, jacobianTranspose: &m)
            case .factor: _ = factorLocalAndReduce()
            case .localJacobian, .multiplyJ, .multiplyJt, .orthonormalizeY, .projectResiduals:
                serveSketch(command)
            }
        }
    }

    // MARK: - The collectives, run by every rank

    func post(_ command: Command, _ parameters: [Double]?) {
        precondition(comm.isRoot, "only rank 0 issues commands")
        var header: [Int64] = [command.rawValue]
        comm.broadcast(&header)
        if let parameters {
            precondition(parameters.count == parameterCount, "θ has \(parameters.count) entries, P = \(parameterCount)")
            for i in parameters.indices { theta[i] = parameters[i] }
            comm.broadcast(&theta)
        }
    }

    private func collectResiduals(evaluate: Bool, into out: inout [Double]) {
        if evaluate { local.fillResiduals(at: theta, into: &localResiduals) }
        let source = evaluate ? localResiduals : trialResiduals
        source.withUnsafeBufferPointer { s in
            gathered.withUnsafeMutableBufferPointer { g in comm.gather(s, counts: counts, into: g) }
        }
        guard comm.isRoot else { return }
        precondition(out.count == residualCount, "residuals: buffer of \(out.count), B = \(residualCount)")
        for (j, row) in gatherOrder.enumerated() { out[row] = gathered[j] }
    }

    private func collectCost() -> Double {
        local.fillResiduals(at: theta, into: &trialResiduals)
        var s = 0.0
        for v in trialResiduals { s += v * v }
        let total = 0.5 * comm.sumOnRoot(s)
        return total.isNaN ? .infinity : total
    }

    private func collectGradient(_ w: inout [Double], into out: inout [Double]) {
        if !comm.isRoot { w = Array(repeating: 0, count: residualCount) }
        comm.broadcast(&w)
        var mine = [Double](repeating: 0, count: localCount), j = 0
        for s in partition.segments(rank: comm.rank) {
            for i in s.start..<(s.start + s.count) { mine[j] = w[i]; j += 1 }
        }
        var g = [Double](repeating: 0, count: parameterCount)
        local.applyJacobianTranspose(at: theta, mine, into: &g)
        comm.allreduceSum(&g)
        if comm.isRoot { for i in g.indices { out[i] = g[i] } }
    }

    private func collectJacobian(residuals: inout [Double], jacobianTranspose: inout Matrix) {
        let p = parameterCount
        var jt = Matrix(rows: p, cols: localCount)
        local.fillJacobian(at: theta, residuals: &localResiduals, jacobianTranspose: &jt)
        var all = [Double](repeating: 0, count: comm.isRoot ? p * residualCount : 0)
        jt.storage.withUnsafeBufferPointer { s in
            all.withUnsafeMutableBufferPointer { a in comm.gather(s, counts: counts.map { $0 * p }, into: a) }
        }
        localResiduals.withUnsafeBufferPointer { s in
            gathered.withUnsafeMutableBufferPointer { g in comm.gather(s, counts: counts, into: g) }
        }
        guard comm.isRoot else { return }
        for (j, row) in gatherOrder.enumerated() {
            residuals[row] = gathered[j]
            for q in 0..<p { jacobianTranspose.storage[row * p + q] = all[j * p + q] }
        }
    }
}

extension RowDistributedSystem.Command {
    var carriesParameters: Bool {
        switch self {
        case .residuals, .cost, .factor, .gradient, .gatherJacobian, .localJacobian: true
        default: false
        }
    }
}
