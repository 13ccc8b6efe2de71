import Foundation

/// What a figure file turned out to be when the report copied it.
enum FigureFile: Equatable {
    /// Copied; a PNG of this many pixels (nil size when not a PNG we could read).
    case present(width: Int?, height: Int?)
    /// Named by the step but not found among the run's artifacts.
    case missing
    /// A path that would leave the lesson's folder (`../x.png`, `/etc/x`): not copied.
    case invalid
}

/// One step on a lesson page (`step.mustache`): name, status, time, code, output, figures, error, checks.
struct StepSection {
    var lesson: Lesson
    var step: Step
    var result: StepResult?
    /// The compile error, when it points into this step.
    var compileError: Diagnostic?
    var figures: [String: FigureFile]

    /// The step's anchor on the page.
    static func anchor(_ step: Step) -> String { "step-\(step.index + 1)" }

    var status: StepStatus { compileError != nil ? .failed : (result?.status ?? .notRun) }

    /// The badge's words: a compile error is not a run-time failure.
    var statusLabel: String? { compileError != nil ? "compile error" : nil }

    /// The section's view for `step.mustache` (a partial of the lesson page).
    func view() -> View {
        var tags: [String] = []
        if step.options.exercise { tags.append("exercise") }
        if let check = step.options.check {
            let pts = step.options.points.map { " · \($0) point\($0 == 1 ? "" : "s")" } ?? ""
            tags.append("check: \(check)\(pts)")
        }
        if step.options.expectError { tags.append("expects an error") }
        if !step.options.echo { tags.append("code hidden") }
        let range = step.lines
        return View(
            kind: BadgeKind(status).rawValue, anchor: Self.anchor(step), number: step.index + 1,
            stepName: step.options.id, badge: Badge(BadgeKind(status), statusLabel),
            duration: result.flatMap { $0.status == .notRun ? nil : Formatting.duration($0.duration) },
            source: "\(lesson.path):\(range.lowerBound)", tags: tags,
            // `--from`: a step that ran again only to rebuild state, as before, is folded away.
            rerunAsBefore: result?.rerunAsBefore == true,
            code: step.options.echo ? code(range) : nil,
            compileError: compileError.map { ErrorBox($0, title: "Compile error") },
            result: result.map(resultView), notRun: status == .notRun)
    }

    private func code(_ range: ClosedRange<Int>) -> Code {
        var marked = Set<Int>()
        if let line = compileError?.line { marked.insert(line) }
        if let line = result?.error?.line, range.contains(line) { marked.insert(line) }
        return Code(firstLine: range.lowerBound, lastLine: range.upperBound,
                    highlightedHTML: HTMLFragment(SwiftHighlighter.html(step.code, firstLine: step.line, markedLines: marked)))
    }

    private func resultView(_ result: StepResult) -> ResultView {
        // A step that does not compile holds the compiler's message as its error too: shown once.
        var runError: ErrorBox?
        if let error = result.error, error != compileError {
            switch result.status {
            case .failedAsExpected: runError = ErrorBox(error, title: "Failed as expected", expected: true)
            case .timedOut: runError = ErrorBox(error, title: "Timed out")
            default: runError = ErrorBox(error, title: "Error")
            }
        }
        return ResultView(
            outputHTML: HTMLFragment(CapturedOutput.html(result.output)),
            figures: figureItems(result), runError: runError,
            timedOutWithoutError: runError == nil && result.status == .timedOut,
            checks: result.checks.map { c in
                CheckItem(outcome: c.passed ? "pass" : "fail", badge: Badge(c.passed ? .ok : .failed, c.passed ? "pass" : "fail"),
                          name: c.check, message: c.message.isEmpty ? nil : c.message,
                          points: Formatting.points(c.points), maxPoints: Formatting.points(c.maxPoints))
            })
    }

    private func figureItems(_ result: StepResult) -> [FigureItem] {
        let who = step.options.id.map { "step “\($0)”" } ?? "step \(step.index + 1)"
        return result.figures.enumerated().map { k, path in
            var item = FigureItem(caption: "Figure \(k + 1) of \(who)", path: path)
            switch figures[path] ?? .missing {
            case .present(let w, let h):
                // Figures are drawn at 2x: show them at half their pixel size so they are sharp.
                item.present = PresentFigure(
                    src: HTML.urlPath(path), file: (path as NSString).lastPathComponent,
                    size: w.flatMap { w in h.map { h in FigureSize(width: w / 2, height: h / 2) } })
            case .missing: item.missing = true
            case .invalid: item.invalid = true
            }
            return item
        }
    }

    // The section's view: stored properties named as in step.mustache and error-box.mustache.

    struct View {
        var kind: String
        var anchor: String
        var number: Int
        var stepName: String?
        var badge: Badge
        var duration: String?
        /// `lessons/04-x.md:87`.
        var source: String
        var tags: [String]
        var rerunAsBefore: Bool
        var code: Code?
        var compileError: ErrorBox?
        var result: ResultView?
        var notRun: Bool
    }

    struct Code {
        var firstLine: Int
        var lastLine: Int
        var highlightedHTML: HTMLFragment
    }

    struct ResultView {
        var outputHTML: HTMLFragment
        var figures: [FigureItem]
        var runError: ErrorBox?
        var timedOutWithoutError: Bool
        var checks: [CheckItem]
    }

    struct FigureItem {
        var caption: String
        var path: String
        var present: PresentFigure?
        var missing = false
        var invalid = false
    }

    struct PresentFigure {
        var src: String
        var file: String
        var size: FigureSize?
    }

    struct FigureSize {
        var width: Int
        var height: Int
    }

    struct CheckItem {
        /// "pass" or "fail".
        var outcome: String
        var badge: Badge
        var name: String
        var message: String?
        var points: String
        var maxPoints: String
    }

    /// An error under the step (`error-box.mustache`).
    struct ErrorBox {
        var boxClass: String
        var icon: String
        var title: String
        var location: String
        var message: String
        var note: String?
        /// The whole message, when it says more than `message`.
        var fullMessage: String?

        init(_ d: Diagnostic, title: String, expected: Bool = false) {
            boxClass = expected ? "error-box expected" : "error-box"
            icon = expected ? "✓" : "✗"
            self.title = title
            location = d.location
            message = CapturedOutput.stripANSI(d.message)
            note = d.note
            fullMessage = d.detail.flatMap { $0.isEmpty || $0 == d.message ? nil : CapturedOutput.lines($0).joined(separator: "\n") }
        }
    }

}
