import Foundation

/// Tells the lesson runner which data a lesson ran on.
///
/// Each dataset load appends its source's one-line description to `DataSettings.sourceLog`
/// (once per process), and the report header shows the lines.
enum SourceLog {
    nonisolated(unsafe) private static var recorded = Set<String>()
    private static let lock = NSLock()

    static func record(_ source: DataSource) {
        lock.lock()
        defer { lock.unlock() }
        guard recorded.insert(source.description).inserted,
              let log = DataSettings.sourceLog,
              let file = fopen(log.path, "a") else { return }
        fputs(source.description + "\n", file)
        fclose(file)
    }
}
