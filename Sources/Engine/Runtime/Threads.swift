import CBLAS
import Dispatch
import Foundation

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

    public static var count: Int { current }

    /// Sets the thread count for the engine and for OpenBLAS (like `torch.set_num_threads`).
    public static func set(_ n: Int) {
        current = max(1, n)
        openblas_set_num_threads(Int32(current))
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
    DispatchQueue.concurrentPerform(iterations: threads) { t in
        let start = t * chunk
        let end = min(count, start + chunk)
        if start < end { body(start..<end) }
    }
}
