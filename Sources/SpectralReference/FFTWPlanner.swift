// FFTWPlanner.swift — the one place where FFTW plans are created and destroyed.

import CFFTW
import Synchronization

/// Serialises every call into FFTW's planner.
///
/// FFTW's planner (`fftw_plan_*`, `fftw_destroy_plan`) shares global state
/// (wisdom, the twiddle cache) and is **not thread-safe**; only `fftw_execute*`
/// on an existing plan may run concurrently (FFTW 3.3 manual, §5.4 "Thread
/// safety"). On this machine concurrent planning crashed 5 of 6 runs, and Swift
/// Testing runs tests in parallel, so two guards are used together:
///
/// 1. `fftw_make_planner_thread_safe()` (from `libfftw3_threads`, FFTW ≥ 3.3.5)
///    is called exactly once, before the first plan, through a lazily
///    initialised static (Swift runs a static initialiser once, atomically).
/// 2. A process-wide `Synchronization.Mutex` around every plan creation and
///    destruction, so correctness does not rest on (1) alone.
///
/// Lock order: an object's own lock may be held while taking this one, never the
/// reverse, so the two cannot deadlock.
enum FFTWPlanner {
    /// Evaluated once on first use; makes FFTW's planner internally locked.
    private static let threadSafetyEnabled: Bool = {
        fftw_make_planner_thread_safe()
        return true
    }()

    /// The process-wide planner lock.
    private static let lock = Mutex<Void>(())

    /// Runs `body` — which must create an FFTW plan — under the planner lock,
    /// after making sure the planner was switched to thread-safe mode.
    ///
    /// - Returns: the plan `body` created, or `nil` when FFTW could not plan.
    static func makePlan(_ body: () -> OpaquePointer?) -> OpaquePointer? {
        precondition(threadSafetyEnabled)
        return lock.withLock { _ in body() }
    }

    /// As `makePlan`, for a body that creates two plans.
    static func makePair(_ body: () -> (OpaquePointer?, OpaquePointer?)) -> (OpaquePointer?, OpaquePointer?) {
        precondition(threadSafetyEnabled)
        return lock.withLock { _ in body() }
    }

    /// Destroys `plan` under the planner lock (`fftw_destroy_plan` touches the
    /// planner's shared twiddle cache, so it needs the same guard as creation).
    static func destroy(_ plan: OpaquePointer) {
        precondition(threadSafetyEnabled)
        lock.withLock { _ in fftw_destroy_plan(plan) }
    }
}
