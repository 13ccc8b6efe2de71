import Foundation

/// Notices changed, new and deleted files by comparing snapshots (size and modification time)
/// of a few files and folders. Polling a lessons folder and a data folder a few times a second
/// costs next to nothing, works on every file system (bind mounts, network drives, editors that
/// save by renaming), and needs no inotify plumbing.
public struct FileWatcher {
    struct Stamp: Equatable {
        var size: Int64
        var modified: TimeInterval
    }

    /// The files and folders watched; folders are walked (hidden entries skipped).
    public var paths: [URL]
    /// At most this many files per folder are stamped (a huge data folder is not walked whole).
    public var limit = 20_000
    private var stamps: [String: Stamp] = [:]

    public init(paths: [URL]) {
        self.paths = paths.map(\.standardizedFileURL)
        stamps = snapshot()
    }

    /// The files that changed, appeared or disappeared since the last call (or since `init`),
    /// sorted by path.
    public mutating func changes() -> [URL] {
        let now = snapshot()
        var changed = Set<String>()
        for (path, stamp) in now where stamps[path] != stamp { changed.insert(path) }
        for path in stamps.keys where now[path] == nil { changed.insert(path) }
        stamps = now
        return changed.sorted().map { URL(fileURLWithPath: $0) }
    }

    private func snapshot() -> [String: Stamp] {
        var result: [String: Stamp] = [:]
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path.path, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue else {
                if let stamp = Self.stamp(path.path) { result[path.path] = stamp }
                continue
            }
            guard let walker = fm.enumerator(at: path, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else { continue }
            var count = 0
            for case let file as URL in walker {
                guard count < limit else { break }
                if let stamp = Self.stamp(file.path) {
                    result[file.standardizedFileURL.path] = stamp
                    count += 1
                }
            }
        }
        return result
    }

    private static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        return Stamp(size: Int64(info.st_size), modified: modified)
    }
}
