import Foundation

/// A thread-safe pool of scratch buffers (im2col matrices, partial sums), so that hot ops
/// reuse memory instead of allocating and page-faulting fresh buffers on every call.
///
/// Buffers come back to the pool when the borrower is done; the pool keeps a few of the
/// most recently returned ones and frees the rest.
public enum ScratchBuffers {
    private final class Pool: @unchecked Sendable {
        let lock = NSLock()
        var free: [(pointer: UnsafeMutablePointer<Float>, capacity: Int)] = []
    }
    private static let pool = Pool()
    /// At most this many idle buffers are kept.
    private static let keep = 8

    /// Calls `body` with a buffer of at least `count` floats (uninitialised), then returns
    /// the buffer to the pool. Safe to call from several threads at once.
    public static func with<T>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> T) rethrows -> T {
        let buffer = borrow(count)
        defer { giveBack(buffer) }
        return try body(buffer.pointer)
    }

    /// Calls `body` with two buffers at once (see `with(_:_:)`).
    public static func with<T>(_ count1: Int, _ count2: Int,
                               _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) throws -> T) rethrows -> T {
        try with(count1) { a in try with(count2) { b in try body(a, b) } }
    }

    private static func borrow(_ count: Int) -> (pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        let needed = max(count, 1)
        pool.lock.lock()
        // The smallest idle buffer that is large enough.
        var best: Int? = nil
        for (i, b) in pool.free.enumerated() where b.capacity >= needed {
            if best == nil || b.capacity < pool.free[best!].capacity { best = i }
        }
        if let best {
            let b = pool.free.remove(at: best)
            pool.lock.unlock()
            return b
        }
        pool.lock.unlock()
        // Through the tensor buffer cache: sizes the pool lets go are reused there.
        let capacity = BufferCache.roundedSize(needed * MemoryLayout<Float>.stride) / MemoryLayout<Float>.stride
        let raw = BufferCache.shared.allocate(capacity * MemoryLayout<Float>.stride)
        return (raw.bindMemory(to: Float.self, capacity: capacity), capacity)
    }

    private static func giveBack(_ buffer: (pointer: UnsafeMutablePointer<Float>, capacity: Int)) {
        pool.lock.lock()
        pool.free.append(buffer)
        var evicted: [(pointer: UnsafeMutablePointer<Float>, capacity: Int)] = []
        while pool.free.count > keep {
            // Drop the smallest: large buffers are the expensive ones to recreate.
            let i = pool.free.indices.min { pool.free[$0].capacity < pool.free[$1].capacity }!
            evicted.append(pool.free.remove(at: i))
        }
        pool.lock.unlock()
        for b in evicted { BufferCache.shared.release(UnsafeMutableRawPointer(b.pointer), bytes: b.capacity * MemoryLayout<Float>.stride) }
    }

    /// Frees every idle buffer (for tests and memory measurements).
    public static func releaseAll() {
        pool.lock.lock()
        let all = pool.free
        pool.free = []
        pool.lock.unlock()
        for b in all { BufferCache.shared.release(UnsafeMutableRawPointer(b.pointer), bytes: b.capacity * MemoryLayout<Float>.stride) }
    }
}
