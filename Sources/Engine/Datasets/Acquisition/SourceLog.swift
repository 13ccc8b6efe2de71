import Foundation

/// Tells the lesson runner which data a lesson ran on.
///
/// Each dataset load appends its source to `DataSettings.sourceLog` (once per process) as one
/// JSON line, `{"description": …, "kind": …}` (LessonRuntime's `DataSourceRecord`, which the
/// engine cannot import: this shape is the whole contract), and the report header shows the
/// descriptions, with a warning for a synthetic stand-in.
enum SourceLog {
    nonisolated(unsafe) private static var recorded = Set<String>()
    private static let lock = NSLock()

    /// The record's JSON line.
    static func line(_ source: DataSource) -> String {
        struct Record: Encodable { let description: String, kind: String }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Record(description: source.description, kind: source.kind.rawValue))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func record(_ source: DataSource) {
        lock.lock()
        defer { lock.unlock() }
        guard recorded.insert(source.description).inserted,
              let log = DataSettings.sourceLog,
              let file = fopen(log.path, "a") else { return }
        fputs(line(source) + "\n", file)
        fclose(file)
    }
}
