import Foundation

/// How durations, dates and points read, in the terminal and on the pages alike.
public enum Formatting {
    /// "0.42 s", "12.3 s", "4 min 05 s", "1 h 02 min"; a whole number of seconds under a minute
    /// (a time limit, as the lesson wrote it) reads "2 s".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        if seconds > 0, seconds < 60, seconds == seconds.rounded() { return "\(Int(seconds)) s" }
        if seconds < 10 { return String(format: "%.2f s", seconds) }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let total = Int(seconds.rounded())
        if total < 3600 { return String(format: "%d min %02d s", total / 60, total % 60) }
        return String(format: "%d h %02d min", total / 3600, (total % 3600) / 60)
    }

    /// "2025-05-03 14:02 UTC": unambiguous, and the same whichever machine renders it.
    public static func date(_ date: Date) -> String {
        dateFormatter.string(from: date)
    }

    private static let dateFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return f
    }()

    /// "3", "1.5", "0.67", "12.5": points without needless decimals, rounded to hundredths.
    public static func points(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// ISO 8601 for `<time datetime=…>`.
    static func isoDate(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}
