import Foundation

/// Turns a crash into a `Diagnostic` at the Markdown line: the message comes from the step's
/// output (the Swift runtime prints `…: Fatal error: Index out of range` to stderr), the line
/// from the backtrace, which the runtime writes to a file (`SWIFT_BACKTRACE=…,output-to=DIR`)
/// and whose frames read `main + 508 in program at lessons/x.md:10:23` thanks to `-g` and
/// `#sourceLocation`.
enum CrashReport {
    /// The `SWIFT_BACKTRACE` setting for a program whose backtraces go to `directory`.
    static func backtraceSetting(directory: URL) -> String {
        "enable=yes,interactive=no,color=no,symbolicate=full,threads=crashed,registers=none,images=none,output-to=\(directory.path)"
    }

    /// The backtrace the runtime wrote for process `pid`, if any.
    static func backtrace(in directory: URL, pid: Int32) -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path),
              let name = names.first(where: { $0.contains("-\(pid)-") }) else { return nil }
        return try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// Splits the runtime's crash lines off a step's output and places the crash.
    /// - Returns: the output without the crash lines, and the error.
    static func diagnose(output: String, backtrace: String?, signal: Int32?, lessonPath: String, step: Step) -> (output: String, error: Diagnostic) {
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var message: String?
        if let index = lines.lastIndex(where: { fatalMessage(in: $0) != nil }) {
            message = fatalMessage(in: lines[index])
            lines.remove(at: index)
        }
        lines.removeAll(where: isBacktraceNotice)
        while let last = lines.last, last.trimmingCharacters(" \t").isEmpty { lines.removeLast() }
        let cleaned = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"

        let location = backtrace.flatMap { lessonFrame(in: $0, lessonPath: lessonPath) }
        let crashed = backtrace.flatMap(programCrashed) ?? signal.map(signalName)
        let text = message ?? crashed.map { "crashed: \($0)" } ?? "crashed"
        let error = Diagnostic(file: lessonPath, line: location?.line ?? step.line, column: location?.column,
                               message: text, detail: backtrace)
        return (cleaned, error)
    }

    /// A line the Swift runtime writes while it handles a crash, which is not the lesson's output:
    /// `*** Signal 4: Backtracing from 0x…... done ***`, or `swift-runtime: failed to suspend
    /// thread …` (when other threads, e.g. BLAS workers, cannot be stopped for the backtrace).
    static func isBacktraceNotice(_ line: String) -> Bool {
        (line.hasPrefix("*** Signal ") && line.contains("Backtracing")) || line.hasPrefix("swift-runtime: ")
    }

    /// "Fatal error: Index out of range" from `Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range`.
    static func fatalMessage(in line: String) -> String? {
        for keyword in ["Fatal error", "Precondition failed", "Assertion failed"] {
            if let range = line.range(of: keyword), line[range.upperBound...].hasPrefix(":") || range.upperBound == line.endIndex {
                let message = String(line[range.lowerBound...])
                return thrownError(message) ?? message
            }
        }
        return nil
    }

    /// An error thrown at the top of a step (`Fatal error: Error raised at top level: data/x: file
    /// not found`): the error itself, and for a dataset file the command that checks them all.
    static func thrownError(_ message: String) -> String? {
        let prefix = "Fatal error: Error raised at top level: "
        guard message.hasPrefix(prefix) else { return nil }
        let error = String(message.dropFirst(prefix.count))
        let path = error.components(separatedBy: ": ").first ?? ""
        let isData = error.contains(": ") && (path.contains("data") || path.contains("ubyte") || path.contains("cifar") || path.contains("mnist"))
        return isData ? error + " (`lessons data --verify` checks every dataset file)" : error
    }

    /// The innermost frame in the lesson's Markdown (`… at lessons/x.md:10:23`).
    static func lessonFrame(in backtrace: String, lessonPath: String) -> (line: Int, column: Int?)? {
        var fallback: (Int, Int?)?
        for frame in backtrace.split(separator: "\n") {
            guard let at = frame.range(of: " at ", options: .backwards) else { continue }
            let parts = frame[at.upperBound...].split(separator: ":")
            guard parts.count >= 2 else { continue }
            let hasColumn = parts.count >= 3 && Int(parts[parts.count - 1]) != nil && Int(parts[parts.count - 2]) != nil
            let lineIndex = hasColumn ? parts.count - 2 : parts.count - 1
            guard let line = Int(parts[lineIndex]) else { continue }
            let file = parts[..<lineIndex].joined(separator: ":")
            let column = hasColumn ? Int(parts[parts.count - 1]) : nil
            if file == lessonPath { return (line, column) }
            if fallback == nil, file.hasSuffix(".md") { fallback = (line, column) }
        }
        return fallback
    }

    /// "Illegal instruction" from `*** Program crashed: Illegal instruction at 0x… ***`.
    private static func programCrashed(_ backtrace: String) -> String? {
        guard let range = backtrace.range(of: "*** Program crashed: ") else { return nil }
        let rest = backtrace[range.upperBound...]
        let end = rest.range(of: " at 0x")?.lowerBound ?? rest.range(of: " ***")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    static func signalName(_ signal: Int32) -> String {
        if signal == SIGKILL { return "killed (out of memory?)" }
        return strsignal(signal).map { String(cString: $0) } ?? "signal \(signal)"
    }
}
