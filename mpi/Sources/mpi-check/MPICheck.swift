import Distributed
import Foundation
import LinearAlgebra
import PINN
import Residuals
import SvenSolver

/// The distributed checks, run under mpirun by scripts/mpi-test with 2 and 3 ranks:
/// every one compares the row-distributed system or step with the one-process
/// system or `Sven` step, which rank 0 also builds from the same file and seed.
/// Prints one line per check on rank 0; exit status 1 when one fails.
@main
enum MPICheck {
    static func main() {
        guard let comm = try? Communicator.start() else { print("mpi-check: MPI_Init failed"); exit(1) }
        var report = Report(comm: comm)
        do {
            // Tall: B = 1020 rows, P = 257 (2-64-1), the catalog's poisson2d.
            let tall = try ProblemFile.load(path: "problems/poisson.toml")
            try Checks(file: tall, comm: comm).run(&report, label: "tall")
            // Wide: B = 52 rows, P = 257 — every rank has fewer rows than parameters.
            try Checks(file: ProblemFile.parse(wideProblem, file: "wide.toml"), comm: comm).run(&report, label: "wide")
        } catch {
            report.fail("setup", "\(error)")
        }
        let failed = report.failures
        comm.finish()
        exit(failed == 0 ? 0 : 1)
    }

    static let wideProblem = """
    name = "poisson2d-wide"
    [domain]
    lower = [0, 0]
    upper = [1, 1]
    [pde]
    equation = "-lap(u) = 2*pi^2*sin(pi*x)*sin(pi*y)"
    points = "grid"
    count = [6, 6]
    [[boundary]]
    kind = "dirichlet"
    value = "0"
    points = "perimeter"
    count = 16
    [exact]
    u = "sin(pi*x)*sin(pi*y)"
    [network]
    hidden = [64]
    """
}

/// Counts failures; prints on rank 0.
struct Report {
    let comm: Communicator
    var failures = 0

    mutating func expect(_ name: String, _ value: Double, atMost bound: Double) {
        let ok = value <= bound        // false for NaN
        if !ok { failures += 1 }
        if comm.isRoot {
            print(String(format: "%@ %@: %.3e (bound %.1e, %d ranks)", ok ? "PASS" : "FAIL", name, value, bound, comm.size))
        }
    }

    mutating func fail(_ name: String, _ why: String) {
        failures += 1
        if comm.isRoot { print("FAIL \(name): \(why)") }
    }
}

/// ‖a − b‖ / ‖b‖.
func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "\(a.count) vs \(b.count) entries")
    var num = 0.0, den = 0.0
    for i in a.indices { num += (a[i] - b[i]) * (a[i] - b[i]); den += b[i] * b[i] }
    return (num / max(den, .leastNormalMagnitude)).squareRoot()
}
