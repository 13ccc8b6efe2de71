import Foundation

/// One of N deterministic slices of a hand-in folder (`--shard I/N`, I from 1): the entries in
/// the folder's listing order (`SubmissionFolder.list`), dealt round-robin, so every entry is in
/// exactly one shard, shards differ in size by at most one copy, and the same folder always
/// gives the same split.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based.
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// `I/N` with 1 ≤ I ≤ N.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else { return nil }
        self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// This shard's share of `items`.
    public func select<T>(_ items: [T]) -> [T] {
        items.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }

    /// Every shard's share of `items`, shard 1 first.
    public static func split<T>(_ items: [T], into count: Int) -> [[T]] {
        (1...max(1, count)).map { Shard(index: $0, count: max(1, count)).select(items) }
    }
}
