import CMPI

/// The ranks of one MPI job (MPI_COMM_WORLD), with the few collectives a
/// distributed Sven step needs. One per process: `start()` initialises MPI,
/// `finish()` finalises it.
///
/// Every call also counts this rank's **payload** — the doubles it hands to MPI
/// or receives from it, not the wire traffic of MPI's algorithms — so a run can
/// report the communication of a step (bench/results/mpi.md): a broadcast of n
/// doubles counts n·8 bytes received on every rank but the root, n·8·(size − 1)
/// sent by the root; a gather the mirror image; an allreduce n·8 each way (nothing on one rank).
public final class Communicator {
    public let rank: Int
    public let size: Int
    public private(set) var bytesSent = 0
    public private(set) var bytesReceived = 0
    /// Payload counted since the last `resetCounters()`.
    public var bytesMoved: Int { bytesSent + bytesReceived }

    private init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// Initialise MPI (once per process) and learn this rank and the job size.
    public static func start() throws(DistributedError) -> Communicator {
        if svenmpi_initialized() == 0 {
            try DistributedError.check(svenmpi_init(), "MPI_Init_thread")
        }
        return Communicator(rank: Int(svenmpi_rank()), size: Int(svenmpi_size()))
    }

    /// MPI_Finalize; no call may follow.
    public func finish() { _ = svenmpi_finalize() }

    /// Stop every rank of the job (after an error on one of them).
    public func abort(_ code: Int32) -> Never {
        svenmpi_abort(code)
        fatalError("MPI_Abort returned")
    }

    public var isRoot: Bool { rank == 0 }
    public var seconds: Double { svenmpi_wtime() }
    public func resetCounters() { bytesSent = 0; bytesReceived = 0 }
    public func barrier() { _ = svenmpi_barrier() }

    // MARK: - Collectives (rank 0 is the root throughout)

    public func broadcast(_ x: inout [Double]) {
        let n = Self.count(x.count)
        x.withUnsafeMutableBufferPointer { _ = svenmpi_bcast_double($0.baseAddress, n, 0) }
        countBroadcast(x.count)
    }

    public func broadcast(_ x: inout [Int64]) {
        let n = Self.count(x.count)
        x.withUnsafeMutableBufferPointer { _ = svenmpi_bcast_int64($0.baseAddress, n, 0) }
        countBroadcast(x.count)
    }

    public func send(_ x: UnsafeBufferPointer<Double>, to destination: Int, tag: Int32) {
        _ = svenmpi_send_double(x.baseAddress, Self.count(x.count), Int32(destination), tag)
        bytesSent += 8 * x.count
    }

    public func receive(_ x: UnsafeMutableBufferPointer<Double>, from source: Int, tag: Int32) {
        _ = svenmpi_recv_double(x.baseAddress, Self.count(x.count), Int32(source), tag)
        bytesReceived += 8 * x.count
    }

    /// One value from every rank, in rank order, on rank 0 (empty elsewhere).
    public func gather(_ value: Double) -> [Double] {
        var v = value
        var out = [Double](repeating: 0, count: isRoot ? size : 0)
        out.withUnsafeMutableBufferPointer { o in _ = svenmpi_gather_double(&v, 1, o.baseAddress, 0) }
        countGather(1, total: size)
        return out
    }

    /// Σ over ranks of `value`, added in rank order on rank 0 — the same sum
    /// whatever MPI's reduction algorithm (0 elsewhere).
    public func sumOnRoot(_ value: Double) -> Double {
        gather(value).reduce(0, +)
    }

    /// The ranks' `local` arrays, concatenated in rank order, into `out` on rank 0
    /// (`counts[k]` entries from rank k; `out` is untouched elsewhere).
    public func gather(_ local: UnsafeBufferPointer<Double>, counts: [Int], into out: UnsafeMutableBufferPointer<Double>) {
        precondition(counts.count == size && counts[rank] == local.count,
                     "gather: \(counts.count) counts for \(size) ranks, this rank sends \(local.count), counts say \(counts[rank])")
        var displacements = [Int32](), c32 = [Int32](), next = 0
        for c in counts { c32.append(Self.count(c)); displacements.append(Self.count(next)); next += c }
        if isRoot { precondition(out.count >= next, "gather: \(next) values into a buffer of \(out.count)") }
        _ = svenmpi_gatherv_double(local.baseAddress, Self.count(local.count), out.baseAddress, c32, displacements, 0)
        if isRoot { bytesReceived += 8 * (next - local.count) } else { bytesSent += 8 * local.count }
    }

    /// x ← Σ over ranks of x, on every rank.
    public func allreduceSum(_ x: inout [Double]) {
        let input = x
        let n = Self.count(x.count)
        x.withUnsafeMutableBufferPointer { o in
            input.withUnsafeBufferPointer { i in _ = svenmpi_allreduce_sum_double(i.baseAddress, o.baseAddress, n) }
        }
        if size > 1 {
            bytesSent += 8 * x.count
            bytesReceived += 8 * x.count
        }
    }

    // MARK: -

    private func countBroadcast(_ n: Int) {
        if isRoot { bytesSent += 8 * n * (size - 1) } else { bytesReceived += 8 * n }
    }

    private func countGather(_ n: Int, total: Int) {
        if isRoot { bytesReceived += 8 * (total - n) } else { bytesSent += 8 * n }
    }

    /// An MPI count: MPI's counts are Int32, so one message holds < 2³¹ values.
    static func count(_ n: Int) -> Int32 {
        precondition(n >= 0 && n <= Int(Int32.max), "MPI message of \(n) values: MPI counts stop at \(Int32.max)")
        return Int32(n)
    }
}
