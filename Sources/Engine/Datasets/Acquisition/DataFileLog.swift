import Foundation

/// Tells the lesson runner which files a lesson read, so that editing one of them re-runs the
/// lesson instead of reusing its cached result.
///
/// Every dataset load, checkpoint read and `dataFile(_:)` appends the absolute paths it opens
/// to `DataSettings.fileLog` (once per process). The runner keeps those inside the data folder
/// in the cache entry and checks them before reusing it.
enum DataFileLog {
    nonisolated(unsafe) private static var recorded = Set<String>()
    private static let lock = NSLock()

    static func record(_ urls: [URL]) {
        lock.lock()
        defer { lock.unlock() }
        guard let log = DataSettings.fileLog else { return }
        let fresh = urls.map { $0.standardizedFileURL.path }.filter { recorded.insert($0).inserted }
        guard !fresh.isEmpty, let file = fopen(log.path, "a") else { return }
        for line in fresh where !line.contains("\n") { fputs(line + "\n", file) }
        fclose(file)
    }
}

/// The path of a file of the lesson's own in the data folder (`DataSettings.folder`), e.g.
/// `String(contentsOfFile: dataFile("points.csv"), encoding: .utf8)`. The runner is told the
/// file was read, so editing it re-runs the lesson instead of reusing its result.
public func dataFile(_ name: String) -> String {
    let url = DataSettings.folder.appendingPathComponent(name)
    DataFileLog.record([url])
    return url.path
}
