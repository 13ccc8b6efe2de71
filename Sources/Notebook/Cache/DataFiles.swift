import FileSystem
import Foundation

/// The files a lesson's program read from the data folder, as the engine records them (its
/// dataset loaders, checkpoint reads and `dataFile(_:)` append paths to the file named by
/// `RuntimeEnvironment.dataFiles`). A cached result stores a stamp of each (size and modification time),
/// and is reused only while every stamp still matches: editing a lesson's own data file runs
/// the lesson again. Files outside the data folder (a checkpoint the lesson wrote itself) do not
/// count: they change on every run.
enum DataFiles {
    /// The list's name in the run's work folder.
    static let fileName = "data-files.txt"

    /// The data folder as the program sees it: `dataDirectory` (relative to the program's
    /// working folder, the project root) or `data/`.
    static func folder(_ dataDirectory: String?, root: URL) -> URL {
        URL(fileURLWithPath: dataDirectory ?? "data", isDirectory: true, relativeTo: root).standardizedFileURL
    }

    /// The recorded paths inside `folder`, each with its stamp now.
    static func read(_ list: URL, inside folder: URL) -> [String: String] {
        guard FileKind.isPlainFile(list), let text = try? String(contentsOf: list, encoding: .utf8) else { return [:] }
        let base = folder.resolvingSymlinksInPath().path
        var stamps: [String: String] = [:]
        for line in text.split(separator: "\n").prefix(10_000) {
            let path = String(line)
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard resolved.hasPrefix(base + "/") else { continue }
            stamps[path] = stamp(path)
        }
        return stamps
    }

    /// Size and modification time (to the nanosecond), or `missing`.
    static func stamp(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// The recorded files whose stamp changed since, sorted (empty when none did, or nothing
    /// was recorded).
    static func changed(_ recorded: [String: String]?) -> [String] {
        (recorded ?? [:]).filter { stamp($0.key) != $0.value }.map(\.key).sorted()
    }
}
