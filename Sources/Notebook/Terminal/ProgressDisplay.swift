import Foundation

/// The live view of `lessons run`: one block per lesson, step k of n with its name and elapsed
/// time, the step's own output lines as they come, and errors at their Markdown lines. On a
/// terminal the running step is a status line redrawn in place; elsewhere every line is plain.
public final class ProgressDisplay: RunObserver {
    private let out: TerminalOutput
    private let errors: TerminalOutput
    private var pending = ""
    private var statusShown = false
    private var live = ""
    private var current: (step: Step, total: Int)?
    private var lastDraw = Date.distantPast
    private static let spinner = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
    private var spin = 0
    private var lastElapsed = 0.0
    private var blankLines = 0
    /// The cache-miss reason, shown under the lesson's heading.
    private var pendingReason: String?

    public init(output: TerminalOutput = .standardOutput, errors: TerminalOutput = .standardError) {
        out = output
        self.errors = errors
    }

    public func lessonCached(_ lesson: Lesson, run: LessonRun) {
        let when = Formatting.date(run.startedAt)
        out.write("\(lesson.slug): \(run.status.rawValue) (cached result of \(when), \(Formatting.duration(run.duration)))\n")
        if run.status != .ok {
            // Say again what failed, and how to try anyway.
            if let error = run.compileError ?? run.steps.first(where: { $0.status == .failed && $0.error != nil })?.error {
                errors.write("  \(error.location): \(error.message)\n")
                if let note = error.noteLine { errors.write("  \(note)\n") }
            }
            out.write("  nothing changed since that run; --fresh runs it again\n")
        }
        for metric in run.metrics { out.write("  \(metric.name): \(metric.value)\n") }
        for message in InlineValues.problems(in: lesson, run: run) { errors.write("  \(message)\n") }
    }

    /// Says why the lesson runs instead of reusing a result, before it compiles.
    public func cacheMissed(_ lesson: Lesson, reason: String) {
        pendingReason = reason
    }

    public func compiling(_ lesson: Lesson) {
        out.write("▶ \(lesson.slug) · \(lesson.title) · \(lesson.steps.count) step\(lesson.steps.count == 1 ? "" : "s")\n")
        if let reason = pendingReason { out.write("  \(reason)\n"); pendingReason = nil }
        if out.isTerminal { out.write("  compiling…"); statusShown = true }
    }

    public func compiled(_ lesson: Lesson, seconds: Double, compiled: Bool) {
        clearStatus()
        out.write(compiled ? "  compiled in \(Formatting.duration(seconds))\n" : "  program from cache\n")
    }

    public func compileFailed(_ lesson: Lesson, errors diagnostics: [Diagnostic]) {
        clearStatus()
        for d in diagnostics {
            errors.write("\(d.location): error: \(d.message)\n")
            if let note = d.noteLine { errors.write("\(note)\n") }
        }
    }

    public func stepStarted(_ step: Step, of total: Int) {
        current = (step, total)
        lastElapsed = 0
        blankLines = 0
        pending = ""
        live = ""
        if out.isTerminal { drawStatus(elapsed: 0) } else { out.write("  [\(step.index + 1)/\(total)] \(step.name)\n") }
    }

    public func stepOutput(_ step: Step, _ data: Data) {
        pending += String(decoding: data, as: UTF8.self)
        var lines: [String] = []
        while let end = pending.unicodeScalars.firstIndex(where: { $0 == "\n" || $0 == "\r" }) {
            let line = String(pending.unicodeScalars[..<end])
            let terminator = pending.unicodeScalars[end]
            pending = String(pending.unicodeScalars[pending.unicodeScalars.index(after: end)...])
            if terminator == "\r" {
                // A progress update in place: shown live on a terminal, kept as a line elsewhere.
                if out.isTerminal { live = line } else if !line.isEmpty { lines.append(line) }
            } else if line.trimmingCharacters(" \t").isEmpty {
                // Held back: shown only if more output follows (the runtime's crash notice
                // comes wrapped in blank lines).
                blankLines += 1
            } else if !CrashReport.isBacktraceNotice(line) {
                lines += Array(repeating: "", count: blankLines) + [line]
                blankLines = 0
                live = ""
            }
        }
        guard !lines.isEmpty else { if out.isTerminal { drawStatus(elapsed: nil) }; return }
        clearStatus()
        out.write(lines.map { "    │ \($0)\n" }.joined())
        if out.isTerminal { drawStatus(elapsed: nil) }
    }

    public func tick(_ step: Step, elapsed: Double) {
        lastElapsed = elapsed
        guard out.isTerminal, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        drawStatus(elapsed: elapsed)
    }

    public func stepFinished(_ step: Step, _ result: StepResult) {
        clearStatus()
        if !pending.isEmpty { out.write("    │ \(pending)\n"); pending = "" }
        let total = current?.total ?? step.index + 1
        let mark: String
        switch result.status {
        case .ok: mark = "✓"
        case .failedAsExpected: mark = "✓"
        case .notRun: mark = "·"
        default: mark = "✗"
        }
        let detail = result.status == .ok ? "" : " \(result.status.rawValue)"
        let again = result.rerunAsBefore == true ? " · ran again to rebuild state; output as before (not shown)" : ""
        out.write("  \(mark) [\(step.index + 1)/\(total)] \(step.name)\(detail) · \(Formatting.duration(result.duration))\(again)\n")
        for check in result.checks {
            out.write("      \(check.passed ? "✓" : "✗") check: \(check.message)\n")
        }
        if let error = result.error {
            let line = "\(error.location): \(result.status == .failedAsExpected ? "expected error" : "error"): \(error.message)\n"
            if result.status == .failedAsExpected { out.write("    " + line) } else { errors.write(line) }
        }
        current = nil
    }

    public func lessonFinished(_ lesson: Lesson, run: LessonRun) {
        clearStatus()
        guard !run.fromCache else { return }
        let failed = run.steps.first { $0.status == .failed || $0.status == .timedOut }
        var summary = "\(lesson.slug): \(run.status.rawValue)"
        if run.compileError != nil { summary += " (does not compile)" }
        if let failed { summary += " at step \(failed.index + 1) of \(run.steps.count) (\(failed.name))" }
        let points = run.steps.flatMap(\.checks)
        if !points.isEmpty {
            let earned = points.map(\.points).reduce(0, +), possible = points.map(\.maxPoints).reduce(0, +)
            summary += ", checks \(points.filter(\.passed).count)/\(points.count) passed"
            if possible > 0 { summary += " (\(Formatting.points(earned))/\(Formatting.points(possible)) points)" }
        }
        out.write(summary + " in \(Formatting.duration(run.duration))\n")
        for metric in run.metrics { out.write("  \(metric.name): \(metric.value)\n") }
        for message in InlineValues.problems(in: lesson, run: run) { errors.write("  \(message)\n") }
    }

    // MARK: - Status line

    private func drawStatus(elapsed: Double?) {
        guard let (step, total) = current else { return }
        if let elapsed { lastElapsed = elapsed }
        let seconds = lastElapsed
        spin = (spin + 1) % Self.spinner.count
        var text = "  \(Self.spinner[spin]) [\(step.index + 1)/\(total)] \(step.name) · \(Formatting.duration(seconds))"
        if !live.isEmpty { text += "  \(live)" }
        out.write("\r\u{1B}[K" + String(text.prefix(Self.terminalWidth - 1)))
        statusShown = true
        lastDraw = Date()
    }

    private func clearStatus() {
        guard statusShown else { return }
        out.write("\r\u{1B}[K")
        statusShown = false
    }

    static let terminalWidth: Int = {
        var size = winsize()
        return ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 20 ? Int(size.ws_col) : 100
    }()

}
