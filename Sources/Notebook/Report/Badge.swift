/// A status badge on a page (`badge.mustache`): an icon and a word as well as a colour, so colour
/// is never the only signal.
struct Badge {
    var kind: String
    var icon: String
    var label: String

    /// `text` replaces the kind's own word ("compile error", "from cache", "2 of 3 checks passed").
    init(_ kind: BadgeKind, _ text: String? = nil) {
        self.kind = kind.rawValue
        icon = kind.icon
        label = text ?? kind.label
    }
}

/// The visual kinds of status the pages show.
enum BadgeKind: String {
    case ok, failed, notRun = "notrun", cached, expected, interrupted, timedOut = "timedout"

    var icon: String {
        switch self {
        case .ok: return "✓"
        case .failed: return "✗"
        case .notRun: return "○"
        case .cached: return "↻"
        case .expected: return "✓"
        case .interrupted: return "■"
        case .timedOut: return "⏱"
        }
    }

    var label: String {
        switch self {
        case .ok: return "ok"
        case .failed: return "failed"
        case .notRun: return "not run"
        case .cached: return "cached"
        case .expected: return "failed as expected"
        case .interrupted: return "interrupted"
        case .timedOut: return "timed out"
        }
    }

    init(_ status: StepStatus) {
        switch status {
        case .ok: self = .ok
        case .failedAsExpected: self = .expected
        case .failed: self = .failed
        case .notRun: self = .notRun
        case .timedOut: self = .timedOut
        }
    }

    init(_ status: RunStatus) {
        switch status {
        case .ok: self = .ok
        case .failed: self = .failed
        case .notRun: self = .notRun
        case .interrupted: self = .interrupted
        }
    }
}
