/// A reference-counted, 64-byte-aligned buffer of Float32 values.
///
/// Several tensors may share one storage (a view, a reshape, a row slice); the buffer
/// lives as long as any of them does.
public final class Storage {
    public let base: UnsafeMutablePointer<Float>
    public let count: Int

    /// Uninitialised memory: the caller writes every element.
    public init(uninitializedCount count: Int) {
        require(count >= 0, "negative storage size \(count)")
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride,
                                                   alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    public convenience init(repeating value: Float, count: Int) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }
}
