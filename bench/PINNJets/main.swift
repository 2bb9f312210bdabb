// Benchmark (run on demand): PINN jet forward pass and Jacobian assembly, next to
// the machine's dgemm rate and memory bandwidth measured in the same run.
//
//   OPENBLAS_NUM_THREADS=2 swift run -c release pinn-jets WIDTHS B
//   e.g. pinn-jets 2,64,1 1000      (bench/pinn-jets.sh runs the grid)
//
// The problem is −Δu = f at B random points of [0,1]² (jet: u, u_x, u_y, Δu).
// Forward GFLOP/s counts the GEMMs only: Σ_l 2·n_l·n_{l−1}·C·B. Times are medians
// (see `seconds`). Peak memory is ru_maxrss after the forward passes and J
// assembly, shown against J and, with the process's RSS at start taken off, again.
// Two yardsticks for J assembly: `write J`, a plain store loop over a J-sized
// buffer (each line is read for ownership before it is written), and `stream J`,
// streaming stores (CJetKernels' cjk_stream_fill: one pass of writes, the least
// memory traffic that can write J; AVX2 machines only).
//
// SVENPDE_PORTABLE_KERNELS=1 runs the portable Swift sweeps instead of the
// AVX2 + FMA kernels; PINN_JETS_PROFILE=forward|assembly runs only that phase
// (50× / 10×), for `perf record`.
import CJetKernels
import Foundation
import LinearAlgebra
import PINN
import Residuals

/// The median wall time of `repeats` runs after a warm-up run: on this shared
/// VM single runs of the same work vary by ±15 %, and a mean takes in the outliers.
func seconds(_ repeats: Int, _ body: () -> Void) -> Double {
    body()   // warm-up
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    return times.sorted()[repeats / 2]
}

func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

let args = CommandLine.arguments
guard args.count == 3, let b = Int(args[2]) else {
    FileHandle.standardError.write(Data("usage: pinn-jets WIDTHS B\n".utf8)); exit(2)
}
let widths = args[1].split(separator: ",").compactMap { Int($0) }
let network = MLP(widths: widths)
let p = network.parameterCount
/// The process before any buffer of ours (Swift runtime, OpenBLAS, the binary).
let startMegabytes = peakMegabytes()

/// The machine's dgemm rate on 1024² (GFLOP/s), measured after the peak-memory
/// readings so that its three 8 MB matrices are not in them.
func dgemmRate() -> Double {
    let n = 1024
    let a = Matrix(rows: n, cols: n, repeating: 1.0 / Double(n)), bm = a
    var c = Matrix(rows: n, cols: n)
    return 2 * Double(n * n * n) / seconds(7) { Matrix.gemm(a, bm, into: &c) } / 1e9
}
let jBytes = Double(p) * Double(b) * 8

let box = try Box(lower: [0, 0], upper: [1, 1])
let inner = PointSet(dimension: 2, coordinates: (0..<(2 * b)).map { Double(($0 * 7919) % 1000) / 1000 })
let problem = Problem(name: "jets", domain: box, terms: [PoissonTerm(points: inner, source: Array(repeating: 1, count: b))])
let system = PINNSystem(problem: problem, network: network)
let theta = network.initialParameters(seed: 0)
var r = [Double](repeating: 0, count: b)
if let phase = ProcessInfo.processInfo.environment["PINN_JETS_PROFILE"] {
    var jt = Matrix(rows: p, cols: b)
    switch phase {
    case "forward": for _ in 0..<50 { system.fillResiduals(at: theta, into: &r) }
    case "assembly": for _ in 0..<10 { system.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt) }
    default: FileHandle.standardError.write(Data("PINN_JETS_PROFILE: forward or assembly\n".utf8)); exit(2)
    }
    exit(0)
}
let beforeJ = peakMegabytes()
var jt = Matrix(rows: p, cols: b)
// Writing J once: the bandwidth yardstick for assembly.
let tWrite = seconds(7) { jt.storage.withUnsafeMutableBufferPointer { buf in for k in buf.indices { buf[k] = 1 } } }
let vectorKernels = cjk_available() != 0 && ProcessInfo.processInfo.environment["SVENPDE_PORTABLE_KERNELS"] != "1"
let tStream = cjk_available() != 0
    ? seconds(7) { jt.storage.withUnsafeMutableBufferPointer { cjk_stream_fill($0.baseAddress!, $0.count, 1) } } : .nan
let tForward = seconds(15) { system.fillResiduals(at: theta, into: &r) }
let tJacobian = seconds(7) { system.fillJacobian(at: theta, residuals: &r, jacobianTranspose: &jt) }
// Peak through forward passes and J assembly (Jᵀr below makes the layer-wise adjoint buffers).
let peak = peakMegabytes()
var gradient = [Double](repeating: 0, count: p)
let tVJP = seconds(5) { system.applyJacobianTranspose(at: theta, r, into: &gradient) }
let gemmRate = dgemmRate()
let channels = 4.0
var flops = 0.0
for l in 1..<widths.count { flops += 2 * Double(widths[l] * widths[l - 1]) * channels * Double(b) }
let forwardRate = flops / tForward / 1e9
print(String(format: "widths=%@ P=%d B=%d | dgemm %.1f GFLOP/s | forward %.4f s = %.1f GFLOP/s (%.0f%% of dgemm) | Jᵀr %.4f s | J assembly %.4f s (incl. forward) | write J %.4f s (%.1f GB/s) → assembly/write = %.2f | J = %.0f MB, peak RSS %.0f MB (%.0f MB at start, %.0f MB before J) → peak/J = %.2f, (peak − start)/J = %.2f | stream J %.4f s → assembly/stream = %.2f | kernels %@",
             args[1], p, b, gemmRate, tForward, forwardRate, 100 * forwardRate / gemmRate, tVJP, tJacobian, tWrite,
             jBytes / tWrite / 1e9, tJacobian / tWrite, jBytes / 1_048_576, peak, startMegabytes, beforeJ,
             peak / (jBytes / 1_048_576), (peak - startMegabytes) / (jBytes / 1_048_576),
             tStream, tJacobian / tStream, vectorKernels ? "avx2+fma" : "portable"))
