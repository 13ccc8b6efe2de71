/// A reference-counted, 64-byte-aligned buffer of Float32 values.
///
/// Several tensors may share one storage (a view, a reshape, a row slice); the buffer
/// lives as long as any of them does.
public final class Storage {
    /// The first element of the buffer.
    public let base: UnsafeMutablePointer<Float>
    /// Number of Float32 elements in the buffer.
    public let count: Int

    /// Uninitialised memory: the caller writes every element.
    public init(uninitializedCount count: Int) {
        require(count >= 0, "negative storage size \(count)")
        self.count = count
        // Large buffers come from (and return to) the engine's cache of freed buffers.
        let raw = BufferCache.shared.allocate(max(count, 1) * MemoryLayout<Float>.stride)
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// A buffer of `count` elements, each `value`.
    public convenience init(repeating value: Float, count: Int) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    deinit { BufferCache.shared.release(UnsafeMutableRawPointer(base), bytes: max(count, 1) * MemoryLayout<Float>.stride) }
}
