import Distributed
import Foundation
import LinearAlgebra
import Residuals
import SeededRandom
import SvenSolver

/// Times the pieces of one distributed Sven step on the poisson2d problem with an
/// n × n interior grid and 4n boundary points (2-W-1 tanh network), under mpirun:
///
///   mpirun -np N mpi/.build/release/mpi-bench N_GRID WIDTH [REPEATS [K]]
///
/// Prints one markdown table row (rank 0): ranks, rows, P, the median over REPEATS of
/// the local J fill (slowest rank), the TSQR call (J fill + local QR + tree), the SVD
/// of R on rank 0, one trial cost, one gather of r, and the payload bytes of the
/// busiest rank per TSQR call and per cost call. With K, two more columns: the
/// randomized route's spectral data (ℓ = K + 10, 2 power iterations: J fill, 3 J·X,
/// 3 orthonormalisations, 3 Jᵀ·Y, Qᵀr) in seconds and rank 0's payload bytes.
/// Used for bench/results/mpi.md.
@main
enum MPIBench {
    static func main() throws {
        let comm = try Communicator.start()
        let args = CommandLine.arguments
        guard args.count >= 3, let n = Int(args[1]), let width = Int(args[2]), n >= 2, width >= 1 else {
            if comm.isRoot { print("usage: mpi-bench N_GRID WIDTH [REPEATS]") }
            comm.finish()
            exit(1)
        }
        let repeats = args.count > 3 ? max(1, Int(args[3]) ?? 5) : 5
        let sketchRank = args.count > 4 ? Int(args[4]) : nil
        let text = """
        name = "poisson2d-bench"
        [domain]
        lower = [0, 0]
        upper = [1, 1]
        [pde]
        equation = "-lap(u) = 2*pi^2*sin(pi*x)*sin(pi*y)"
        points = "grid"
        count = [\(n), \(n)]
        [[boundary]]
        kind = "dirichlet"
        value = "0"
        points = "perimeter"
        count = \(4 * n)
        [network]
        hidden = [\(width)]
        """
        let share = try PINNShare(file: ProblemFile.parse(text, file: "bench.toml"), ranks: comm.size, rank: comm.rank)
        let rows = try RowDistributedSystem(comm: comm, local: share.local, partition: share.partition)
        let theta = share.initialParameters
        let p = share.network.parameterCount

        // The local J fill alone, on every rank (no communication); slowest rank.
        var jt = Matrix(rows: p, cols: share.local.residualCount)
        var r = [Double](repeating: 0, count: share.local.residualCount)
        var fill: [Double] = []
        for _ in 0..<repeats {
            comm.barrier()
            let t0 = comm.seconds
            share.local.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt)
            fill.append(comm.seconds - t0)
        }
        let slowestFill = comm.gather(median(fill)).max() ?? 0
        comm.barrier()

        guard comm.isRoot else {
            rows.serve()
            _ = comm.gather(Double(comm.bytesMoved))
            comm.finish()
            return
        }
        var tsqr: [Double] = [], svdTimes: [Double] = [], cost: [Double] = [], gather: [Double] = []
        let svd = ThinSVD(rows: p, cols: p)
        var all = [Double](repeating: 0, count: rows.residualCount)
        comm.resetCounters()
        for _ in 0..<repeats {
            var t0 = comm.seconds
            guard let factor = rows.factor(at: theta) else { fatalError("no factor on rank 0") }
            tsqr.append(comm.seconds - t0)
            var rj = Matrix(rows: p, cols: p)
            for j in 0..<p { for i in 0...j { rj.storage[j * p + i] = factor.storage[j * (p + 1) + i] } }
            t0 = comm.seconds
            try svd.factor(rj)
            svdTimes.append(comm.seconds - t0)
        }
        let tsqrBytes = Double(comm.bytesMoved) / Double(repeats)
        comm.resetCounters()
        for _ in 0..<repeats {
            let t0 = comm.seconds
            _ = rows.cost(at: theta)
            cost.append(comm.seconds - t0)
        }
        let costBytes = Double(comm.bytesMoved) / Double(repeats)
        for _ in 0..<repeats {
            let t0 = comm.seconds
            rows.residuals(at: theta, into: &all)
            gather.append(comm.seconds - t0)
        }
        var sketchColumns = ""
        if let k = sketchRank {
            let l = min(k + 10, p, rows.residualCount)
            var times: [Double] = []
            comm.resetCounters()
            var g = SeededGenerator(seed: 1)
            for _ in 0..<repeats {
                let t0 = comm.seconds
                var omega = Matrix(rows: p, cols: l)
                for i in omega.storage.indices { omega.storage[i] = g.nextNormal() }
                rows.formLocalJacobian(at: theta)
                rows.multiplyJ(omega)
                let qrP = ThinQR(rows: p, cols: l)
                for _ in 0..<2 {
                    try rows.orthonormalizeY()
                    try qrP.orthonormalize(rows.multiplyJt())
                    rows.multiplyJ(qrP.q)
                }
                try rows.orthonormalizeY()
                let z = rows.multiplyJt()
                _ = rows.projectResiduals()
                try ThinSVD(z).singularValues.first.map { _ in () }
                times.append(comm.seconds - t0)
            }
            sketchColumns = String(format: " %d | %.4f | %.0f |", l, median(times), Double(comm.bytesMoved) / Double(repeats))
        }
        rows.stop()
        _ = comm.gather(0)
        print(String(format: "| %d | %d | %d | %d | %.4f | %.4f | %.4f | %.5f | %.5f | %.0f | %.0f |",
                     comm.size, rows.residualCount, rows.residualCount / comm.size, p, slowestFill, median(tsqr),
                     median(svdTimes), median(cost), median(gather), tsqrBytes, costBytes) + sketchColumns)
        comm.finish()
    }

    static func median(_ x: [Double]) -> Double {
        let s = x.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }
}
