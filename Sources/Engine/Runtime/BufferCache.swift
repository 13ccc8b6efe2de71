import Foundation

/// Reuses the large buffers of freed tensors, so that a training loop, which allocates the
/// same sizes step after step, stops paying the kernel for fresh zeroed pages: without it,
/// page faults cost over a tenth of a ResNet training step.
///
/// Only buffers of at least `minimumBytes` are cached (malloc serves small ones well).
/// The cache never lets memory grow past the peak the program has needed: on a miss, idle
/// buffers are freed until live + idle + requested ≤ the peak of live bytes so far.
///
/// A request no idle buffer of its own size meets takes an idle one up to twice as large
/// (the smallest): its pages are already resident, where a fresh one's are not. Without that,
/// a training step whose peak needs a different mix of sizes than the buffers idle at that
/// moment freed them to stay under the peak, then faulted the same sizes in again later in
/// the step: 160-240 MB of fresh pages every CIFAR ResNet step, 13 % of its time (Intel Xeon).
/// Set LESSONS_NO_BUFFER_CACHE to turn it off (every buffer then goes back to malloc).
final class BufferCache: @unchecked Sendable {
    /// The cache behind every tensor's storage.
    static let shared = BufferCache(enabled: ProcessInfo.processInfo.environment["LESSONS_NO_BUFFER_CACHE"] == nil)

    static let minimumBytes = 64 * 1024
    /// Buffers are rounded up to whole pages, so near sizes share a class.
    private static let granule = 4096

    private var lock = pthread_mutex_t()
    private var idle: [Int: [UnsafeMutableRawPointer]] = [:]
    private var idleBytes = 0, liveBytes = 0, peakLiveBytes = 0
    /// The buffers handed out larger than their request asked for, and their size.
    private var oversized: [UnsafeMutableRawPointer: Int] = [:]
    private let enabled: Bool

    init(enabled: Bool = true) {
        pthread_mutex_init(&lock, nil)
        self.enabled = enabled
    }

    /// The byte size a request of `bytes` occupies (and is cached under).
    @inline(__always)
    static func roundedSize(_ bytes: Int) -> Int {
        bytes < minimumBytes ? bytes : (bytes + granule - 1) / granule * granule
    }

    /// A 64-byte-aligned buffer of at least `bytes` (pass the same `bytes` to `release`).
    func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        let size = Self.roundedSize(max(bytes, 4))
        guard size >= Self.minimumBytes, enabled else {
            return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        }
        var evicted: [UnsafeMutableRawPointer] = []
        pthread_mutex_lock(&lock)
        // An idle buffer of its own size, else the smallest one up to twice as large. Moving it
        // from idle to live leaves live + idle, and so the peak, as they were.
        let fit = idle[size] != nil ? size : idle.keys.lazy.filter { $0 > size && $0 <= 2 * size }.min()
        if let fit, var list = idle[fit], let p = list.popLast() {
            idle[fit] = list.isEmpty ? nil : list
            idleBytes -= fit
            liveBytes += fit
            if fit != size { oversized[p] = fit }
            pthread_mutex_unlock(&lock)
            return p
        }
        // A miss: free idle buffers rather than grow beyond the peak already reached.
        while idleBytes > 0 && liveBytes + idleBytes + size > peakLiveBytes,
              let (key, list) = idle.first {
            var rest = list
            evicted.append(rest.removeLast())
            idle[key] = rest.isEmpty ? nil : rest
            idleBytes -= key
        }
        liveBytes += size
        peakLiveBytes = max(peakLiveBytes, liveBytes)
        pthread_mutex_unlock(&lock)
        for p in evicted { p.deallocate() }
        return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
    }

    /// Returns a buffer from `allocate(bytes)`.
    func release(_ p: UnsafeMutableRawPointer, bytes: Int) {
        var size = Self.roundedSize(max(bytes, 4))
        guard size >= Self.minimumBytes, enabled else { p.deallocate(); return }
        pthread_mutex_lock(&lock)
        if let larger = oversized.removeValue(forKey: p) { size = larger }
        liveBytes -= size
        idle[size, default: []].append(p)
        idleBytes += size
        pthread_mutex_unlock(&lock)
    }

    /// Frees every idle buffer (as `torch.cuda.empty_cache()` does for GPU memory).
    func releaseIdle() {
        pthread_mutex_lock(&lock)
        let all = idle.values.flatMap { $0 }
        idle = [:]
        idleBytes = 0
        pthread_mutex_unlock(&lock)
        for p in all { p.deallocate() }
    }

    /// (live, idle, peak live) bytes of cached-size buffers, for tests and memory reports.
    var statistics: (live: Int, idle: Int, peakLive: Int) {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return (liveBytes, idleBytes, peakLiveBytes)
    }
}

/// Frees the memory the engine keeps for reuse (idle tensor buffers and scratch space).
public func releaseCachedMemory() {
    ScratchBuffers.releaseAll()
    BufferCache.shared.releaseIdle()
}
