import Dispatch
import Foundation

/// The jet kernels' point-wise sweeps (activation, adjoint, Jacobian columns) on
/// all cores. The layer GEMMs already run on OpenBLAS's threads; a single-threaded
/// element-wise sweep between them would cap the forward pass near half the
/// machine's dgemm rate however fast it is per value, so disjoint point ranges go
/// to `DispatchQueue.concurrentPerform` (no allocation of ours; the work items
/// write disjoint memory). Small layers stay on the calling thread, where waking
/// a second one would cost more than it saves.
enum ParallelRanges {
    /// Cores to use: `activeProcessorCount`, read once.
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Values below which a sweep runs on one thread (~10 µs of work).
    static let minimumWork = 1 << 14

    /// `body` over `0..<count` split into one contiguous range per core when
    /// `work` (values touched) is large enough, else over `0..<count` inline.
    @inline(__always)
    static func forEach(_ count: Int, work: Int, _ body: (Range<Int>) -> Void) {
        forEachPart(count, work: work) { _, range in body(range) }
    }

    /// As `forEach`, with the part's index (0 ..< `cores`), for per-core scratch.
    @inline(__always)
    static func forEachPart(_ count: Int, work: Int, _ body: (Int, Range<Int>) -> Void) {
        let parts = work >= minimumWork ? min(cores, count) : 1
        if parts <= 1 {
            body(0, 0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            // The ranges are disjoint and `body` only writes memory owned by its range.
            nonisolated(unsafe) let run = body
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                run(p, (count * p / parts)..<(count * (p + 1) / parts))
            }
        }
    }
}
