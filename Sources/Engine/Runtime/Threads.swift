import CBLAS
import Foundation
import Synchronization

/// How many threads the engine uses: for its own parallel loops and for OpenBLAS.
///
/// The two must agree, or they oversubscribe the cores. Defaults to the machine's
/// core count, or `LESSONS_THREADS` / `OMP_NUM_THREADS` when set.
public enum Threads {
    nonisolated(unsafe) private static var current: Int = {
        let env = ProcessInfo.processInfo.environment
        let n = Int(env["LESSONS_THREADS"] ?? env["OMP_NUM_THREADS"] ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
        let count = max(1, n)
        openblas_set_num_threads(Int32(count))
        return count
    }()

    /// Threads the engine's kernels and OpenBLAS use (`LESSONS_THREADS`, else `OMP_NUM_THREADS`, else the cores; PyTorch: `torch.get_num_threads()`).
    public static var count: Int { current }

    /// Sets the thread count for the engine and for OpenBLAS (like `torch.set_num_threads`).
    public static func set(_ n: Int) {
        current = max(1, n)
        if singleThreadedBLASDepth == 0 { openblas_set_num_threads(Int32(current)) }
    }

    /// Threads a GEMM issued now may use: 1 inside `withSingleThreadedBLAS` (our own threads
    /// already split the work), else `count`. The engine's own GEMM kernels follow it too.
    public static var blasCount: Int { singleThreadedBLASDepth > 0 ? 1 : current }

    /// Nesting depth of `withSingleThreadedBLAS` (touched only by the thread that owns the
    /// engine, never from inside a parallel region).
    nonisolated(unsafe) private static var singleThreadedBLASDepth = 0

    /// Runs `body` with OpenBLAS limited to one thread, for GEMMs issued from inside
    /// `parallelFor`: each of our threads then runs its own GEMMs, and OpenBLAS does not
    /// start more threads on top of ours (which would oversubscribe the cores).
    public static func withSingleThreadedBLAS<T>(_ body: () throws -> T) rethrows -> T {
        if count <= 1 || singleThreadedBLASDepth > 0 { return try body() }
        openblas_set_num_threads(1)
        singleThreadedBLASDepth += 1
        defer {
            singleThreadedBLASDepth -= 1
            openblas_set_num_threads(Int32(current))
        }
        return try body()
    }
}

/// `torch.set_num_threads`.
public func setNumThreads(_ n: Int) { Threads.set(n) }

/// Runs `body(i)` for i in 0..<count, spread over `Threads.count` threads in contiguous
/// chunks. Falls back to a plain loop when the work is small or there is one thread.
///
/// `minPerTask` is the smallest number of iterations worth handing to a thread.
@inline(__always)
public func parallelFor(_ count: Int, minPerTask: Int = 1, _ body: (Range<Int>) -> Void) {
    let threads = min(Threads.count, count / max(minPerTask, 1))
    if threads <= 1 {
        if count > 0 { body(0..<count) }
        return
    }
    let chunk = (count + threads - 1) / threads
    WorkerPool.shared.run(threads) { t in
        let start = t * chunk
        let end = min(count, start + chunk)
        if start < end { body(start..<end) }
    }
}

/// Runs `body` over 0..<count on `Threads.count` threads that each take the next `grain`
/// items from a shared counter until none are left. For items that cost alike on threads
/// that may not run alike: on a virtual CPU that a neighbour slows, contiguous halves leave
/// the other thread waiting at the end. Which thread runs an item is not fixed, so only for
/// bodies whose result does not depend on it: each item writes its own output, or its own
/// partial sum (convWeightGrad's slices), never one shared by the items a thread happens to run.
public func parallelForDynamic(_ count: Int, grain: Int = 1, _ body: (Range<Int>) -> Void) {
    let grain = max(1, grain)
    let threads = min(Threads.count, (count + grain - 1) / grain)
    if threads <= 1 {
        if count > 0 { body(0..<count) }
        return
    }
    let next = Atomic<Int>(0)
    WorkerPool.shared.run(threads) { _ in
        while true {
            let start = next.add(grain, ordering: .relaxed).oldValue
            if start >= count { return }
            body(start..<min(count, start + grain))
        }
    }
}

/// Runs `body` over 0..<count split across `Threads.count` threads, each of which may call
/// `sgemm`: OpenBLAS runs single-threaded meanwhile. When there are fewer items than
/// threads, runs `body(0..<count)` once on this thread and lets OpenBLAS use every thread.
public func parallelForWithBLAS(_ count: Int, _ body: (Range<Int>) -> Void) {
    if Threads.count <= 1 || count < Threads.count {
        if count > 0 { body(0..<count) }
        return
    }
    Threads.withSingleThreadedBLAS { parallelFor(count, minPerTask: 1, body) }
}
