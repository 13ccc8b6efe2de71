import Foundation

/// How the runner stores a moment (the cache's run.json, the gradebook): ISO 8601 in UTC with
/// milliseconds, `2024-05-01T12:00:00.123Z`: readable, sortable as text, and exact enough to
/// tell runs and gradings apart.
enum StoredTimestamp {
    static func string(_ date: Date) -> String { formatter().string(from: date) }

    /// The moment `text` names, or nil when it is not a timestamp.
    static func date(_ text: String) -> Date? { formatter().date(from: text) }

    // A new formatter per call: ISO8601DateFormatter is not documented as safe to share
    // across threads, and grading stores from several.
    private static func formatter() -> ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f
    }
}
