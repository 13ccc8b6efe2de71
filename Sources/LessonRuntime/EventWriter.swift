import Foundation

/// Writes events in-band on stdout, after flushing whatever the step printed, so that output
/// and events reach the runner in the order they happened.
enum EventWriter {
    /// True when a runner reads the stream (`LESSONS_RUNNER=1`); a program started by hand
    /// prints readable step headers instead of event lines.
    static let connected = ProcessInfo.processInfo.environment[RuntimeEnvironment.runner] == "1"

    static func send(_ event: RuntimeEvent) {
        fflush(stdout)
        guard connected else {
            if let text = readable(event) { fputs(text + "\n", stdout); fflush(stdout) }
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(event), let json = String(data: data, encoding: .utf8) else { return }
        fputs(eventMarker + json + "\n", stdout)
        fflush(stdout)
    }

    /// What a person running the program directly sees for an event.
    private static func readable(_ event: RuntimeEvent) -> String? {
        switch event.e {
        case "begin": return "── step \((event.step ?? 0) + 1) ──"
        case "metric": return "metric \(event.name ?? ""): \(event.value ?? "")"
        case "check": return "check \(event.passed == true ? "passed" : "FAILED"): \(event.message ?? "")"
        case "expected-error": return "(expected error: \(event.outcome ?? "") \(event.message ?? ""))"
        default: return nil
        }
    }
}
