import Foundation

/// Tells the lesson runner which data a lesson ran on.
///
/// The runner names a file in `LESSONS_DATA_SOURCES`; each dataset load appends its source's
/// one-line description there (once per process), and the report header shows the lines.
/// The engine cannot import the lesson runtime, so this file is the whole contract.
enum SourceLog {
    nonisolated(unsafe) private static var recorded = Set<String>()
    private static let lock = NSLock()

    static func record(_ source: DataSource) {
        lock.lock()
        defer { lock.unlock() }
        guard recorded.insert(source.description).inserted,
              let path = ProcessInfo.processInfo.environment["LESSONS_DATA_SOURCES"],
              let file = fopen(path, "a") else { return }
        fputs(source.description + "\n", file)
        fclose(file)
    }
}
