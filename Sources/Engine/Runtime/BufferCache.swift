import Foundation

/// Reuses the large buffers of freed tensors, so that a training loop, which allocates the
/// same sizes step after step, stops paying the kernel for fresh zeroed pages: without it,
/// page faults cost over a tenth of a ResNet training step.
///
/// Only buffers of at least `minimumBytes` are cached (malloc serves small ones well).
/// The cache never lets memory grow past the peak the program has needed: on a miss, idle
/// buffers are freed until live + idle + requested ≤ the peak of live bytes so far.
enum BufferCache {
    static let minimumBytes = 64 * 1024
    /// Buffers are rounded up to whole pages, so near sizes share a class.
    private static let granule = 4096

    private final class State: @unchecked Sendable {
        var lock = pthread_mutex_t()
        var idle: [Int: [UnsafeMutableRawPointer]] = [:]
        var idleBytes = 0, liveBytes = 0, peakLiveBytes = 0
        let enabled: Bool
        init() {
            pthread_mutex_init(&lock, nil)
            enabled = ProcessInfo.processInfo.environment["LESSONS_NO_BUFFER_CACHE"] == nil
        }
    }
    nonisolated(unsafe) private static let state = State()

    /// The byte size a request of `bytes` occupies (and is cached under).
    @inline(__always)
    static func roundedSize(_ bytes: Int) -> Int {
        bytes < minimumBytes ? bytes : (bytes + granule - 1) / granule * granule
    }

    /// A 64-byte-aligned buffer of at least `bytes` (pass the same `bytes` to `release`).
    static func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        let size = roundedSize(max(bytes, 4))
        guard size >= minimumBytes, state.enabled else {
            return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        }
        var evicted: [UnsafeMutableRawPointer] = []
        pthread_mutex_lock(&state.lock)
        if var list = state.idle[size], let p = list.popLast() {
            state.idle[size] = list.isEmpty ? nil : list
            state.idleBytes -= size
            state.liveBytes += size
            pthread_mutex_unlock(&state.lock)
            return p
        }
        // A miss: free idle buffers rather than grow beyond the peak already reached.
        while state.idleBytes > 0 && state.liveBytes + state.idleBytes + size > state.peakLiveBytes,
              let (key, list) = state.idle.first {
            var rest = list
            evicted.append(rest.removeLast())
            state.idle[key] = rest.isEmpty ? nil : rest
            state.idleBytes -= key
        }
        state.liveBytes += size
        state.peakLiveBytes = max(state.peakLiveBytes, state.liveBytes)
        pthread_mutex_unlock(&state.lock)
        for p in evicted { p.deallocate() }
        return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
    }

    /// Returns a buffer from `allocate(bytes)`.
    static func release(_ p: UnsafeMutableRawPointer, bytes: Int) {
        let size = roundedSize(max(bytes, 4))
        guard size >= minimumBytes, state.enabled else { p.deallocate(); return }
        pthread_mutex_lock(&state.lock)
        state.liveBytes -= size
        state.idle[size, default: []].append(p)
        state.idleBytes += size
        pthread_mutex_unlock(&state.lock)
    }

    /// Frees every idle buffer (as `torch.cuda.empty_cache()` does for GPU memory).
    static func releaseIdle() {
        pthread_mutex_lock(&state.lock)
        let all = state.idle.values.flatMap { $0 }
        state.idle = [:]
        state.idleBytes = 0
        pthread_mutex_unlock(&state.lock)
        for p in all { p.deallocate() }
    }

    /// (live, idle, peak live) bytes of cached-size buffers, for tests and memory reports.
    static var statistics: (live: Int, idle: Int, peakLive: Int) {
        pthread_mutex_lock(&state.lock)
        defer { pthread_mutex_unlock(&state.lock) }
        return (state.liveBytes, state.idleBytes, state.peakLiveBytes)
    }
}

/// Frees the memory the engine keeps for reuse (idle tensor buffers and scratch space).
public func releaseCachedMemory() {
    BufferCache.releaseIdle()
    Workspace.releaseAll()
}
