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

/// One step on a lesson page: name, status, time, code, output, figures, error, checks.
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

    func html() -> String {
        let id = Self.anchor(step)
        var out = "<section class=\"step step-\(BadgeKind(status).rawValue)\" id=\"\(id)\" aria-labelledby=\"\(id)-title\">\n"
        out += header(id)
        // `--from`: a step that ran again only to rebuild state, as before, is folded away.
        let folded = result?.rerunAsBefore == true
        if folded {
            out += "<details class=\"rerun-as-before\"><summary>Ran again to rebuild state; output as before (code unchanged since the cached run)</summary>\n"
        }
        if step.options.echo { out += code() }
        if let compileError { out += errorBox(compileError, kind: "Compile error") }
        // Whatever the step left behind is shown, even when it did not finish.
        if let result {
            out += CapturedOutput.html(result.output)
            out += figuresHTML(result)
            // A step that does not compile holds the compiler's message as its error too: shown once.
            if let error = result.error, error != compileError {
                let title: String
                switch result.status {
                case .failedAsExpected: title = "Failed as expected"
                case .timedOut: title = "Timed out"
                default: title = "Error"
                }
                out += errorBox(error, kind: title, expected: result.status == .failedAsExpected)
            } else if result.status == .timedOut {
                out += "<div class=\"error-box\"><p class=\"error-title\"><span aria-hidden=\"true\">⏱</span> Timed out</p></div>"
            }
            out += checksHTML(result.checks)
        }
        if folded { out += "</details>\n" }
        if status == .notRun {
            out += "<p class=\"not-run-note\">This step did not run.</p>"
        }
        out += "</section>\n"
        return out
    }

    private func header(_ id: String) -> String {
        var tags: [String] = []
        if step.options.exercise { tags.append("exercise") }
        if let check = step.options.check {
            let pts = step.options.points.map { " · \($0) point\($0 == 1 ? "" : "s")" } ?? ""
            tags.append("check: \(check)\(pts)")
        }
        if step.options.expectError { tags.append("expects an error") }
        if !step.options.echo { tags.append("code hidden") }
        let tagHTML = tags.map { "<span class=\"tag\">\(HTML.escape($0))</span>" }.joined(separator: " ")
        let name = step.options.id.map { " <code class=\"step-name\">\(HTML.escape($0))</code>" } ?? ""
        let time = result.flatMap { $0.status == .notRun ? nil : "<span class=\"step-time\" title=\"Duration\">\(Formatting.duration($0.duration))</span>" } ?? ""
        let range = step.lines
        return """
        <header class="step-head">
        <h3 class="step-title" id="\(id)-title"><a class="step-link" href="#\(id)">Step \(step.index + 1)</a>\(name)</h3>
        <p class="step-meta">\(Formatting.badge(BadgeKind(status), statusLabel)) \(time) <span class="step-source">\(HTML.escape(lesson.path)):\(range.lowerBound)</span> \(tagHTML)</p>
        </header>

        """
    }

    private func code() -> String {
        var marked = Set<Int>()
        if let line = compileError?.line { marked.insert(line) }
        if let line = result?.error?.line, step.lines.contains(line) { marked.insert(line) }
        let body = SwiftHighlighter.html(step.code, firstLine: step.line, markedLines: marked)
        return "<pre class=\"code\" aria-label=\"Swift code, lines \(step.lines.lowerBound) to \(step.lines.upperBound)\"><code class=\"language-swift\">\(body)</code></pre>\n"
    }

    private func errorBox(_ d: Diagnostic, kind: String, expected: Bool = false) -> String {
        let cls = expected ? "error-box expected" : "error-box"
        let icon = expected ? "✓" : "✗"
        var out = "<div class=\"\(cls)\">"
        out += "<p class=\"error-title\"><span aria-hidden=\"true\">\(icon)</span> \(HTML.escape(kind)) at <code>\(HTML.escape(d.location))</code></p>"
        out += "<p class=\"error-message\">\(HTML.escape(CapturedOutput.stripANSI(d.message)))</p>"
        if let note = d.note { out += "<p class=\"error-message error-note\">note: \(HTML.escape(note))</p>" }
        if let detail = d.detail, !detail.isEmpty, detail != d.message {
            out += "<details class=\"error-detail\"><summary>Full message</summary><pre>\(HTML.escape(CapturedOutput.lines(detail).joined(separator: "\n")))</pre></details>"
        }
        out += "</div>\n"
        return out
    }

    private func figuresHTML(_ result: StepResult) -> String {
        guard !result.figures.isEmpty else { return "" }
        var out = "<div class=\"figures\">\n"
        let who = step.options.id.map { "step “\($0)”" } ?? "step \(step.index + 1)"
        for (k, path) in result.figures.enumerated() {
            let caption = "Figure \(k + 1) of \(who)"
            switch figures[path] ?? .missing {
            case .present(let w, let h):
                // Figures are drawn at 2x: show them at half their pixel size so they are sharp.
                let size = (w != nil && h != nil) ? " width=\"\(w! / 2)\" height=\"\(h! / 2)\"" : ""
                let file = (path as NSString).lastPathComponent
                out += "<figure class=\"figure\"><img src=\"\(HTML.escape(HTML.urlPath(path)))\" alt=\"\(HTML.escape(caption))\"\(size) loading=\"lazy\"><figcaption>\(HTML.escape(caption)) <span class=\"figure-file\">\(HTML.escape(file))</span></figcaption></figure>\n"
            case .missing:
                out += "<p class=\"figure-missing\"><span aria-hidden=\"true\">⚠</span> \(HTML.escape(caption)) (<code>\(HTML.escape(path))</code>) was not found among the run’s files.</p>\n"
            case .invalid:
                out += "<p class=\"figure-missing\"><span aria-hidden=\"true\">⚠</span> \(HTML.escape(caption)) has a path outside the lesson’s folder (<code>\(HTML.escape(path))</code>) and was not included.</p>\n"
            }
        }
        return out + "</div>\n"
    }

    private func checksHTML(_ checks: [CheckResult]) -> String {
        guard !checks.isEmpty else { return "" }
        var out = "<ul class=\"checks\" aria-label=\"Checks\">\n"
        for c in checks {
            let badge = Formatting.badge(c.passed ? .ok : .failed, c.passed ? "pass" : "fail")
            let message = c.message.isEmpty ? "" : " <span class=\"check-message\">\(HTML.escape(c.message))</span>"
            out += "<li class=\"check check-\(c.passed ? "pass" : "fail")\">\(badge) <span class=\"check-name\">\(HTML.escape(c.check))</span>\(message) <span class=\"points\">\(Formatting.points(c.points)) / \(Formatting.points(c.maxPoints)) pts</span></li>\n"
        }
        return out + "</ul>\n"
    }

    /// `2`, `1.5`: points without a pointless `.0`.
}
