import Foundation

/// Tells the lesson runner which files a lesson read, so that editing one of them re-runs the
/// lesson instead of reusing its cached result.
///
/// The runner names a file in `LESSONS_DATA_FILES`; every dataset load, checkpoint read and
/// `dataFile(_:)` appends the absolute paths it opens there (once per process). The runner
/// keeps those inside the data folder in the cache entry and checks them before reusing it.
/// The engine cannot import the lesson runtime, so this file is the whole contract.
enum DataFileLog {
    static let environment = "LESSONS_DATA_FILES"
    nonisolated(unsafe) private static var recorded = Set<String>()
    private static let lock = NSLock()

    static func record(_ urls: [URL]) {
        lock.lock()
        defer { lock.unlock() }
        guard let path = ProcessInfo.processInfo.environment[environment] else { return }
        let fresh = urls.map { $0.standardizedFileURL.path }.filter { recorded.insert($0).inserted }
        guard !fresh.isEmpty, let file = fopen(path, "a") else { return }
        for line in fresh where !line.contains("\n") { fputs(line + "\n", file) }
        fclose(file)
    }
}

/// The path of a file of the lesson's own in the data folder (`LESSONS_DATA`, `--data`, or
/// `data/`), e.g. `String(contentsOfFile: dataFile("points.csv"), encoding: .utf8)`. The runner
/// is told the file was read, so editing it re-runs the lesson instead of reusing its result.
public func dataFile(_ name: String) -> String {
    let url = DataCatalog.defaultDirectory.appendingPathComponent(name)
    DataFileLog.record([url])
    return url.path
}
