/// HMAC-SHA256 (RFC 2104): the seal on every event a lesson program sends its runner, so that
/// a line the lesson's own code writes to the event channel cannot pass for the runtime's.
public enum HMAC {
    /// The 32-byte tag of `message` under `key`.
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? { var h = SHA256(); h.update(key); return h.digest() }() : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(inner.digest())
        return outer.digest()
    }

    /// Constant-time comparison of two tags.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
