import FileSystem
import Foundation

/// `lessons step`: the lesson in the terminal, one step at a time. Before each step it shows
/// the prose leading to it and its code, then waits for Enter (run it), `c` (run this and every
/// later step without asking) or `q` (stop); the step's output appears as it runs. Steps before
/// `from` run first without asking, one line each, so a reader can start in the middle (the
/// steps share state, so the earlier ones must run). Works the same with piped input (each line
/// is one answer; end of input stops).
public final class StepThrough: StepController, RunObserver {
    private let lesson: Lesson
    private let out: TerminalOutput
    private let readAnswer: () -> String?
    /// The first step to stop at (0: the first).
    private let from: Int
    /// Blocks already shown.
    private var shown = 0
    /// Output after the last line break.
    private var pending = ""
    /// The user answered `c`: run the rest without asking.
    private var continuing = false
    /// The lesson did not compile: the failing step is reported as such.
    private var compileErrors = false
    /// The index of the last step whose code was shown (or passed over quietly).
    private var reached = -1
    /// Where the run writes figures (`step-k/figure-n.png` resolve there); nil: not shown.
    private let figures: URL?
    /// The protocol for drawing figures in the terminal, if it has one.
    private let inlineImages: InlineImage?
    /// Prose rendering: styled on a terminal, plain elsewhere.
    private let markdown: TerminalMarkdown

    /// - Parameters:
    ///   - from: the index of the first step to show and ask about; earlier ones run quietly.
    ///   - readAnswer: the user's next line (nil at end of input); `readLine()` by default.
    ///   - figures: the run's figure folder (`stepWork/artifacts`): each figure's path is
    ///     printed as it is saved, and drawn inline where the terminal can.
    public init(lesson: Lesson, output: TerminalOutput = .standardOutput, from: Int = 0, figures: URL? = nil,
                inlineImages: InlineImage? = nil, readAnswer: @escaping () -> String? = { readLine() }) {
        self.lesson = lesson
        out = output
        self.from = from
        self.figures = figures
        self.inlineImages = output.isTerminal ? inlineImages : nil
        markdown = TerminalMarkdown(styled: output.isTerminal)
        self.readAnswer = readAnswer
    }

    /// The step a `--from` argument names: its number (1-based), id or name; nil if none.
    public static func stepIndex(_ argument: String, in lesson: Lesson) -> Int? {
        if let number = Int(argument) { return lesson.steps.indices.contains(number - 1) ? number - 1 : nil }
        return lesson.steps.first { $0.name == argument }?.index
    }

    /// The step `--from ARGUMENT` names, or an error listing the steps (`purpose`: what the
    /// step is for, "run from" or "start from").
    public static func fromStep(_ argument: String, in lesson: Lesson, purpose: String) throws -> Int {
        guard let index = stepIndex(argument, in: lesson) else {
            let names = lesson.steps.map { "\($0.index + 1) \($0.name)" }.joined(separator: ", ")
            throw LessonError(file: lesson.path, line: nil, message: "no step `\(argument)` to \(purpose); the steps are: \(names)")
        }
        return index
    }

    /// Steps before `from` run without being shown.
    private func isQuiet(_ step: Step) -> Bool { step.index < from }

    public func compiling(_ lesson: Lesson) {
        out.write("\(lesson.title)\n\(String(repeating: "=", count: min(lesson.title.count, 72)))\n")
        out.write("(compiling \(lesson.path)…)\n")
    }

    public func compileFailed(_ lesson: Lesson, errors: [Diagnostic]) {
        // An error inside a step is shown at that step, after the steps before it ran.
        guard let first = PartialLesson.firstFailingStep(errors, in: lesson) else {
            for d in errors {
                out.write("\(d.location): error: \(d.message)\n")
                if let note = d.noteLine { out.write("\(note)\n") }
            }
            return
        }
        compileErrors = true
        out.write("(step \(first + 1) does not compile: the steps before it run, then it shows the error)\n")
    }

    public func shouldRun(_ step: Step) -> Bool {
        let total = lesson.steps.count
        if isQuiet(step) {
            showBlocks(through: step, quietly: true)
            out.write("  running step \(step.index + 1)/\(total) · \(step.name)…")
            return true
        }
        showBlocks(through: step)
        if continuing {
            out.write("── step \(step.index + 1)/\(total) · \(step.name) ──\n")
            return true
        }
        out.write("── step \(step.index + 1)/\(total) · \(step.name) ── Enter: run · c: run the rest · q: quit › ")
        guard let answer = readAnswer() else {
            out.write("\n(stopping)\n")
            return false
        }
        if !out.isTerminal { out.write("\n") }
        switch answer.trimmingCharacters(" \t").lowercased() {
        case "q": return false
        case "c": continuing = true; return true
        default: return true
        }
    }

    public func stepOutput(_ step: Step, _ data: Data) {
        if isQuiet(step) { return }
        // Whole lines (or in-place updates ending in \r) go out as they come; the runtime's
        // crash notices are left out.
        pending += String(decoding: data, as: UTF8.self)
        while let end = pending.unicodeScalars.firstIndex(where: { $0 == "\n" || $0 == "\r" }) {
            let next = pending.unicodeScalars.index(after: end)
            let line = String(pending.unicodeScalars[..<end])
            let terminator = String(pending.unicodeScalars[end..<next])
            pending = String(pending.unicodeScalars[next...])
            if !CrashReport.isBacktraceNotice(line) { out.write(line + terminator) }
        }
    }

    public func stepFinished(_ step: Step, _ result: StepResult) {
        if isQuiet(step) && result.status == .ok {
            out.write(" ok · \(Formatting.duration(result.duration))\n")
            showFigures(result)
            return
        }
        // A step that did not compile never ran: show its prose and code before its error.
        if step.index > reached { showBlocks(through: step) }
        if isQuiet(step) { out.write("\n") }
        if !pending.isEmpty, !CrashReport.isBacktraceNotice(pending) { out.write(pending + "\n") }
        pending = ""
        let uncompiled = result.status == .failed && compileErrors
        var line = uncompiled ? "── does not compile" : "── \(result.status.rawValue) · \(Formatting.duration(result.duration))"
        if let error = result.error {
            line += "\n\(error.location): \(result.status == .failedAsExpected ? "expected error" : "error"): \(error.message)"
            if let note = error.noteLine { line += "\n\(note)" }
        }
        for check in result.checks { line += "\n  \(check.passed ? "✓" : "✗") check: \(check.message)" }
        out.write(line + "\n")
        showFigures(result)
        out.write("\n")
    }

    /// Prints each figure's path (kept after the session), and draws it where the terminal can.
    private func showFigures(_ result: StepResult) {
        guard let figures else { return }
        // The run lists figures only when it ends; in step mode they are read as each step ends.
        let folder = figures.appendingPathComponent("step-\(result.index + 1)")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.lowercased().hasSuffix(".png") && FileKind.isPlainFile(folder.appendingPathComponent($0)) }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        for name in names {
            let url = folder.appendingPathComponent(name)
            out.write("  figure: \(displayPath(url))\n")
            if let inlineImages, let png = try? Data(contentsOf: url) {
                out.write(inlineImages.sequence(png: png, name: url.lastPathComponent))
            }
        }
    }

    /// Shows what is left after the last step that ran (the closing prose) and a summary.
    public func finish(_ run: LessonRun) {
        if run.status == .ok { showBlocks(through: nil) }
        // A step that did not compile did not run.
        let uncompiled = run.compileError?.line.flatMap { lesson.step(containingLine: $0)?.index }
        let done = run.steps.filter { $0.status != .notRun && $0.index != uncompiled }.count
        let status = run.status == .notRun ? "stopped" : run.status.rawValue
        for metric in run.metrics { out.write("  \(metric.name): \(metric.value)\n") }
        out.write("\(lesson.slug): \(done) of \(run.steps.count) steps run, \(status)\n")
    }

    /// Prints the prose blocks up to `step` and the step's code with its Markdown line numbers
    /// (or, `quietly`, only passes over them).
    private func showBlocks(through step: Step?, quietly: Bool = false) {
        while shown < lesson.blocks.count {
            let block = lesson.blocks[shown]
            shown += 1
            switch block {
            case .prose(let markdown, _):
                if !quietly { out.write("\n" + self.markdown.render(markdown) + "\n\n") }
            case .step(let s) where quietly:
                reached = s.index
                if s.index == step?.index { return }
            case .step(let s):
                reached = s.index
                let width = String(s.line + max(0, s.code.scalarLines.count - 1)).count
                let numbered = s.code.scalarLines.enumerated().map { offset, text in
                    let number = String(s.line + offset)
                    return String(repeating: " ", count: width - number.count) + number + " │ " + text
                }
                out.write(numbered.joined(separator: "\n") + "\n")
                if s.index == step?.index { return }
            }
        }
    }
}
