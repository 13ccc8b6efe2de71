import Foundation

/// A date on a page (`time.mustache`): `<time datetime="ISO 8601">2025-05-03 14:02 UTC</time>`.
struct Timestamp {
    var iso: String
    var text: String

    init(_ date: Date) {
        iso = Formatting.isoDate(date)
        text = Formatting.date(date)
    }
}
