import Foundation

/// The HTML of one lesson's page: header, problems at the top, contents, prose and steps, pager.
struct LessonPage {
    var lesson: Lesson
    /// nil when the lesson has never been run (the page then shows its prose and code only).
    var run: LessonRun?
    var previous: Lesson?
    var next: Lesson?
    var figures: [String: FigureFile] = [:]
    /// Where the page finds an image the prose refers to by a relative URL (nil: not available).
    var proseImage: (String) -> String? = { _ in nil }

    /// Marks a page written for a lesson that has not run, so `writeIndex` may refresh it.
    static let notRunMarker = "<meta name=\"lessons-run\" content=\"none\">"

    /// Ids the page uses itself, kept away from prose heading ids.
    private static let reservedIDs: Set<String> = ["content", "contents", "top", "problems", "checks", "lesson-header"]

    func html() -> String {
        var usedIDs = Self.reservedIDs.union(lesson.steps.map(StepSection.anchor))
        var body = ""
        var toc: [String] = []

        let compileStep = run?.compileError?.line.flatMap { line in
            lesson.steps.first { $0.lines.contains(line) }
        }
        for (k, block) in lesson.blocks.enumerated() {
            switch block {
            case .prose(let markdown, let line):
                var headings: [ProseHeading] = []
                let html = InlineValues.render(markdown, startLine: line, lesson: lesson, run: run) { text in
                    let rendered = Markdown.render(text, usedIDs: &usedIDs, title: k == 0 ? lesson.title : nil,
                                                   localImage: proseImage)
                    headings = rendered.headings
                    return rendered.html
                }
                body += "<div class=\"prose\">\n\(html)</div>\n"
                for h in headings where h.level <= 3 {
                    toc.append("<li class=\"toc-h\(h.level)\"><a href=\"#\(h.id)\">\(HTML.escape(h.text))</a></li>")
                }
            case .step(let step):
                let section = StepSection(
                    lesson: lesson, step: step, result: run?.steps.first { $0.index == step.index },
                    compileError: compileStep == step ? run?.compileError : nil, figures: figures)
                body += section.html()
                let name = step.options.id.map { " <code>\(HTML.escape($0))</code>" } ?? ""
                let kind = BadgeKind(section.status)
                toc.append("<li class=\"toc-step toc-\(kind.rawValue)\"><a href=\"#\(StepSection.anchor(step))\">Step \(step.index + 1)\(name)</a> <span class=\"toc-status\" title=\"\(kind.label)\"><span aria-hidden=\"true\">\(kind.icon)</span><span class=\"visually-hidden\">\(kind.label)</span></span></li>")
            }
        }

        let tocHTML = toc.isEmpty ? "" : """
        <nav class="toc" id="contents" aria-label="Contents">
        <h2 class="toc-title">Contents</h2>
        <ol>
        \(toc.joined(separator: "\n"))
        </ol>
        </nav>

        """
        // Header, contents, body in this order: on a phone the contents follow the title; on a
        // wide screen the grid moves them into a sticky sidebar.
        let page = """
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="../index.html">All lessons</a> <span aria-hidden="true">/</span> <span>\(HTML.escape(lesson.slug))</span></nav>
        <main id="content" class="lesson-layout">
        \(header())\(tocHTML)<div class="lesson">
        \(problems())\(checksSummary())<article class="lesson-body">
        \(body)</article>
        \(pager())</div>
        </main>
        """
        return PageShell.document(title: "\(lesson.title) · lessons", root: "../", bodyClass: "lesson-page", body: page,
                                  extraHead: run == nil ? "\n" + Self.notRunMarker : "")
    }

    /// "04" from "04-resnet-cifar10", or nil.
    static func number(_ slug: String) -> String? {
        let digits = slug.prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }

    private func header() -> String {
        var facts: [(label: String, html: String, wide: Bool)] = []
        var status = Formatting.badge(.notRun)
        if let run {
            status = Formatting.badge(BadgeKind(run.status))
            if run.fromCache { status += " " + Formatting.badge(.cached, "from cache") }
            facts.append(("Ran", Formatting.timeElement(run.startedAt), false))
            facts.append(("Total time", Formatting.duration(run.duration), false))
            facts.append(("Engine", "<code>\(HTML.escape(run.engineVersion))</code>", false))
        }
        facts.append(("Data", dataHTML(), run == nil))
        if let metrics = run?.metrics, !metrics.isEmpty {
            let items = metrics.map { "<li><span class=\"metric-name\">\(HTML.escape($0.name))</span> <span class=\"metric-value\">\(HTML.escape($0.value))</span></li>" }
            facts.append(("Results", "<ul class=\"metrics\">\(items.joined())</ul>", true))
        }
        if let params = paramsHTML() { facts.append(("Parameters", params, true)) }

        let number = Self.number(lesson.slug).map { "<span>Lesson \($0)</span> · " } ?? ""
        var out = """
        <header class="lesson-header" id="lesson-header">
        <p class="eyebrow">\(number)<code class="source-path">\(HTML.escape(lesson.path))</code></p>
        <h1>\(HTML.escape(lesson.title))</h1>
        <p class="lesson-status">\(status)</p>

        """
        let synthetic = run?.dataSources.filter(\.isSynthetic).map(\.description) ?? []
        if !synthetic.isEmpty {
            out += "<div class=\"callout callout-warning\" role=\"note\"><p><strong><span aria-hidden=\"true\">⚠</span> Synthetic data.</strong> \(synthetic.map(HTML.escape).joined(separator: " ")). The numbers on this page do not describe the real dataset.</p></div>\n"
        }
        out += "<dl class=\"facts\">\n"
        for f in facts { out += "<div\(f.wide ? " class=\"wide\"" : "")><dt>\(f.label)</dt><dd>\(f.html)</dd></div>\n" }
        out += "</dl>\n</header>\n"
        return out
    }

    private func dataHTML() -> String {
        guard let run else {
            return lesson.data.isEmpty ? "none" : lesson.data.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", ")
        }
        guard !run.dataSources.isEmpty else { return "none" }
        let items = run.dataSources.map { s in
            s.isSynthetic
                ? "<li class=\"data-synthetic\"><span aria-hidden=\"true\">⚠</span> \(HTML.escape(s.description))</li>"
                : "<li>\(HTML.escape(s.description))</li>"
        }
        return "<ul class=\"data-sources\">\(items.joined())</ul>"
    }

    /// The parameters as `name value` pairs; those set with `--set` marked, with their default.
    private func paramsHTML() -> String? {
        let rows: [(name: String, value: String, overridden: Bool, original: String?)]
        if let run {
            rows = run.params.map { p in
                (p.name, p.value, p.overridden, lesson.params.first { $0.name == p.name }?.value.description)
            }
        } else {
            rows = lesson.params.map { ($0.name, $0.value.description, false, nil) }
        }
        guard !rows.isEmpty else { return nil }
        var out = "<ul class=\"params\">"
        for r in rows {
            var item = "<code class=\"param-name\">\(HTML.escape(r.name))</code> <code class=\"param-value\">\(HTML.escape(r.value))</code>"
            if r.overridden {
                let d = r.original.map { ", default <code>\(HTML.escape($0))</code>" } ?? ""
                item += " <span class=\"tag tag-set\">set with --set\(d)</span>"
            }
            out += "<li\(r.overridden ? " class=\"overridden\"" : "")>\(item)</li>"
        }
        return out + "</ul>"
    }

    /// What went wrong, at the top of the page, linking to the step it belongs to.
    private func problems() -> String {
        guard let run else {
            let cmd = "lessons run \(Self.number(lesson.slug).map { String(Int($0) ?? 0) } ?? lesson.slug)"
            return "<div class=\"callout callout-info\" id=\"problems\"><p><strong>Not run yet.</strong> This page shows the lesson’s text and code; run <code>\(HTML.escape(cmd))</code> to see its output.</p></div>\n"
        }
        var items: [String] = []
        if let e = run.compileError {
            let step = e.line.flatMap { line in lesson.steps.first { $0.lines.contains(line) } }
            let link = step.map { " in <a href=\"#\(StepSection.anchor($0))\">step \($0.index + 1)</a>" } ?? ""
            var item = "<p class=\"error-title\"><span aria-hidden=\"true\">✗</span> The lesson did not compile\(link): <code>\(HTML.escape(e.location))</code></p><p class=\"error-message\">\(HTML.escape(CapturedOutput.stripANSI(e.message)))</p>"
            if let detail = e.detail, !detail.isEmpty {
                item += "<details class=\"error-detail\" open><summary>Compiler output</summary><pre>\(HTML.escape(CapturedOutput.lines(detail).joined(separator: "\n")))</pre></details>"
            }
            // The steps before a compile error run (see PartialLesson): say how many did.
            let ran = run.steps.filter { $0.status != .notRun && $0.error != e }.count
            let after = run.steps.filter { $0.status == .notRun }.count
            if ran == 0 { item += "<p>No step ran.</p>" } else {
                item += "<p>The \(ran) step\(ran == 1 ? "" : "s") before it ran\(after > 0 ? "; the \(after) after it did not" : "").</p>"
            }
            items.append(item)
        }
        // A step holding the compile error is told above already.
        for r in run.steps where (r.status == .failed || r.status == .timedOut) && (run.compileError == nil || r.error != run.compileError) {
            let step = lesson.steps.first { $0.index == r.index }
            let anchor = step.map(StepSection.anchor) ?? "contents"
            let what = r.status == .timedOut ? "timed out" : "failed"
            var item = "<p class=\"error-title\"><span aria-hidden=\"true\">✗</span> <a href=\"#\(anchor)\">Step \(r.index + 1)</a> <code>\(HTML.escape(r.name))</code> \(what)"
            if let e = r.error { item += " at <code>\(HTML.escape(e.location))</code></p><p class=\"error-message\">\(HTML.escape(CapturedOutput.stripANSI(e.message)))</p>" } else { item += "</p>" }
            let later = run.steps.filter { $0.index > r.index && $0.status == .notRun }.count
            if later > 0 { item += "<p>The \(later) step\(later == 1 ? "" : "s") after it did not run.</p>" }
            items.append(item)
        }
        for message in InlineValues.problems(in: lesson, run: run) {
            items.append("<p class=\"error-title\"><span aria-hidden=\"true\">✗</span> \(HTML.escape(message))</p>")
        }
        if run.status == .interrupted {
            items.append("<p class=\"error-title\"><span aria-hidden=\"true\">■</span> The run was interrupted; steps marked “not run” did not finish.</p>")
        }
        guard !items.isEmpty else { return "" }
        return "<section class=\"callout callout-error\" id=\"problems\" aria-label=\"Problems\">\n\(items.joined(separator: "\n"))\n</section>\n"
    }

    private func checksSummary() -> String {
        let checks = run?.steps.flatMap(\.checks) ?? []
        guard !checks.isEmpty else { return "" }
        let got = checks.reduce(0) { $0 + $1.points }, max = checks.reduce(0) { $0 + $1.maxPoints }
        let passed = checks.filter(\.passed).count
        let kind: BadgeKind = passed == checks.count ? .ok : .failed
        return "<p class=\"checks-summary\" id=\"checks\">\(Formatting.badge(kind, "\(passed) of \(checks.count) checks passed")) <span class=\"points\">\(Formatting.points(got)) / \(Formatting.points(max)) points</span></p>\n"
    }

    private func pager() -> String {
        func link(_ l: Lesson?, rel: String, label: String) -> String {
            guard let l else { return "<span class=\"pager-\(rel) pager-empty\"></span>" }
            return "<a class=\"pager-\(rel)\" rel=\"\(rel)\" href=\"../\(HTML.escape(HTML.urlPath(l.slug)))/index.html\"><span class=\"pager-label\">\(label)</span> <span class=\"pager-title\">\(HTML.escape(l.title))</span></a>"
        }
        return """
        <nav class="pager" aria-label="Previous and next lesson">
        \(link(previous, rel: "prev", label: "← Previous"))
        <a class="pager-index" href="../index.html">All lessons</a>
        \(link(next, rel: "next", label: "Next →"))
        </nav>

        """
    }
}
