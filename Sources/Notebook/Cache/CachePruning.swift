import Foundation

/// Keeping a cache folder small: its entries (one per compiled program, one per stored run) are
/// kept newest first by modification time, up to a count. Hidden entries (`.tmp-…` work
/// folders of runs in progress) are never counted or removed by `keepNewest`; only
/// `removeAbandonedWork` removes them, once they are old enough to belong to no live run.
enum CachePruning {
    /// Removes all but the `count` newest entries of `folder`, always keeping those named in
    /// `kept` (which count toward `count`) and never touching those named in `ignored`.
    static func keepNewest(_ count: Int, in folder: URL, keeping kept: Set<String>, ignoring ignored: Set<String> = []) {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey]) else { return }
        let others = entries.filter {
            let name = $0.lastPathComponent
            return !name.hasPrefix(".") && !kept.contains(name) && !ignored.contains(name)
        }
        for old in others.sorted(by: { modified($0) > modified($1) }).dropFirst(max(0, count - kept.count)) {
            try? fm.removeItem(at: old)
        }
    }

    /// Removes the hidden work folders in `folder` last modified more than `age` seconds ago:
    /// what runs that died left behind.
    static func removeAbandonedWork(in folder: URL, olderThan age: TimeInterval) {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey]) else { return }
        let cutoff = Date().addingTimeInterval(-age)
        for entry in entries where entry.lastPathComponent.hasPrefix(".") && modified(entry) < cutoff {
            try? fm.removeItem(at: entry)
        }
    }

    private static func modified(_ url: URL) -> Date {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
    }
}
