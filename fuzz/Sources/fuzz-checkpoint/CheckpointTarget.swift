// fuzz-checkpoint — reading a checkpoint back: `SolverCheckpoint(json:)`, the
// driver's `validate()`, the `checkpoint.json` wrapper as the CLI decodes it
// (plain `JSONDecoder`, see Sources/svenpde/Methods.swift), and a resume of one
// step into the named optimizer on a small linear system of the checkpoint's size.
//
// Any input must either resume or throw (a `DecodingError` or an `OptionError`).
import FuzzDriver
import Foundation
import LinearAlgebra
import SvenSolver

/// r(θ) = Aθ − b with a fixed, well-conditioned A (B × P, B, P ≤ 8).
final class SmallLinearSystem: ResidualSystem {
    let a: Matrix, b: [Double]
    init(rows: Int, cols: Int) {
        var a = Matrix(rows: rows, cols: cols)
        for i in 0..<rows { for j in 0..<cols { a[i, j] = i == j ? 2 : 1 / Double(i + j + 2) } }
        self.a = a
        b = (0..<rows).map { Double($0 % 3) - 1 }
    }
    var parameterCount: Int { a.cols }
    var residualCount: Int { a.rows }
    func fillResiduals(at p: [Double], into r: inout [Double]) {
        r = b.map { -$0 }
        Matrix.gemv(.none, a, p, beta: 1, into: &r)
    }
    func fillJacobian(at p: [Double], residuals r: inout [Double], jacobianTranspose jt: inout Matrix) {
        fillResiduals(at: p, into: &r)
        jt = a.transposed
    }
}

/// The CLI's `checkpoint.json`: who wrote it, and the solver's state.
struct CheckpointFile: Codable {
    struct Identity: Codable, Equatable {
        var problem: String
        var network: [Int]
        var method: String
        var seed: UInt64
    }
    var format = "svenpde-checkpoint"
    var identity: Identity
    var solver: SolverCheckpoint
}

/// One resume step with the optimizer the state names.
func resume(_ saved: SolverCheckpoint) {
    let state = saved.optimizer
    guard (1...8).contains(state.parameterCount), (1...8).contains(state.residualCount) else { return }
    let system = SmallLinearSystem(rows: state.residualCount, cols: state.parameterCount)
    let stopping = StoppingCriteria(maxSteps: max(saved.driver.steps, 0) &+ 1, timeLimit: 5)
    func go<O: CheckpointableOptimizer>(_ optimizer: O) {
        var o = optimizer
        _ = try? LeastSquaresDriver.resume(system, from: saved, optimizer: &o, stopping: stopping)
    }
    switch state.optimizer {
    case "sven": go(Sven())
    case "lm", "levenberg-marquardt": go(LevenbergMarquardt())
    case "gauss-newton": go(GaussNewton())
    case "adam": go(Adam())
    case "lbfgs": go(LBFGS())
    case "sgd": go(SGD())
    default: go(AdamThenLBFGS(switchAfter: 2))
    }
}

/// libFuzzer's entry: SwiftPM makes this the process's `main` (see FuzzDriver.h).
/// With `SVENPDE_FUZZ_WRITE_SEEDS=dir` it writes seed checkpoints there instead.
@_cdecl("fuzz_checkpoint_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    if let directory = ProcessInfo.processInfo.environment["SVENPDE_FUZZ_WRITE_SEEDS"] {
        return writeSeeds(to: directory)
    }
    return svenpde_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}

/// Real checkpoints as seeds: three steps of every optimizer on a 4 × 3 system, each
/// saved as `SolverCheckpoint.json()` and as the CLI's `checkpoint.json`.
func writeSeeds(to directory: String) -> CInt {
    let system = SmallLinearSystem(rows: 4, cols: 3)
    func save<O: CheckpointableOptimizer>(_ optimizer: O) throws {
        var o = optimizer
        var last: SolverCheckpoint?
        _ = try LeastSquaresDriver.solve(system, from: [0.1, -0.2, 0.3], optimizer: &o,
                                         stopping: StoppingCriteria(maxSteps: 3), checkpointEvery: 1,
                                         checkpoint: { last = $0 })
        guard let last else { return }
        try last.json().write(to: URL(fileURLWithPath: "\(directory)/solver-\(o.name).json"))
        let identity = CheckpointFile.Identity(problem: "fuzz", network: [2, 8, 1], method: o.name, seed: 1)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(CheckpointFile(identity: identity, solver: last))
            .write(to: URL(fileURLWithPath: "\(directory)/cli-\(o.name).json"))
    }
    do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try save(Sven()); try save(LevenbergMarquardt()); try save(GaussNewton())
        try save(Adam()); try save(LBFGS()); try save(SGD()); try save(AdamThenLBFGS(switchAfter: 2))
    } catch {
        FileHandle.standardError.write(Data("fuzz-checkpoint: cannot write seeds: \(error)\n".utf8))
        return 1
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    if let file = try? JSONDecoder().decode(CheckpointFile.self, from: bytes) {
        if (try? file.solver.driver.validate()) != nil { resume(file.solver) }
    }
    if let saved = try? SolverCheckpoint(json: bytes), (try? saved.driver.validate()) != nil {
        resume(saved)
    }
    return 0
}
