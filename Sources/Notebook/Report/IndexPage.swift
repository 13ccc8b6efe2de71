import Foundation

/// The HTML of `output/index.html`: every lesson in order with its status, time, data and results.
struct IndexPage {
    var entries: [(lesson: Lesson, run: LessonRun?)]
    /// Slugs whose page exists, so the index links only to pages that are there.
    var pagesPresent: Set<String>

    func html() -> String {
        let runs = entries.compactMap(\.run)
        let ok = runs.filter { $0.status == .ok }.count
        let failed = runs.filter { $0.status == .failed || $0.status == .interrupted }.count
        let notRun = entries.count - runs.count + runs.filter { $0.status == .notRun }.count
        var summary = ["\(entries.count) lesson\(entries.count == 1 ? "" : "s")", "\(ok) ok"]
        if failed > 0 { summary.append("\(failed) failed") }
        if notRun > 0 { summary.append("\(notRun) not run") }

        var rows = ""
        for (position, entry) in entries.enumerated() {
            rows += row(entry.lesson, entry.run, position: position)
        }
        let body = """
        <main id="content" class="index">
        <header class="index-header">
        <p class="eyebrow">Deep learning, one runnable lesson at a time</p>
        <h1>Lessons</h1>
        <p class="index-summary">\(summary.joined(separator: " · "))</p>
        </header>
        <table class="lessons-table">
        <caption class="visually-hidden">Lessons in order, with the status of their last run</caption>
        <thead><tr><th scope="col">#</th><th scope="col">Lesson</th><th scope="col">Status</th><th scope="col">Time</th><th scope="col">Data</th><th scope="col">Results</th><th scope="col">Last run</th></tr></thead>
        <tbody>
        \(rows)</tbody>
        </table>
        </main>
        """
        return PageShell.document(title: "Lessons", root: "", bodyClass: "index-page", body: body)
    }

    private func row(_ lesson: Lesson, _ run: LessonRun?, position: Int) -> String {
        let number = LessonPage.number(lesson.slug) ?? String(format: "%02d", position + 1)
        let title = pagesPresent.contains(lesson.slug)
            ? "<a href=\"\(HTML.escape(HTML.urlPath(lesson.slug)))/index.html\">\(HTML.escape(lesson.title))</a>"
            : HTML.escape(lesson.title)
        guard let run else {
            return """
            <tr class="row-notrun" id="\(HTML.escape(HTML.slugify(lesson.slug)))"><td class="num">\(HTML.escape(number))</td><th scope="row" class="title">\(title)</th>\
            <td data-label="Status">\(Formatting.badge(.notRun))</td><td data-label="Time" class="muted">–</td>\
            <td data-label="Data" class="muted">\(lesson.data.map(HTML.escape).joined(separator: ", "))</td><td data-label="Results" class="muted">–</td><td data-label="Last run" class="muted">never</td></tr>

            """
        }
        var status = Formatting.badge(BadgeKind(run.status))
        if run.fromCache { status += " " + Formatting.badge(.cached) }
        let data = run.dataSources.map { s in
            s.isSynthetic
                ? "<span class=\"data-synthetic\"><span aria-hidden=\"true\">⚠</span> \(HTML.escape(s.description))</span>"
                : HTML.escape(s.description)
        }.joined(separator: "<br>")
        let metrics = run.metrics.isEmpty ? "–" : "<ul class=\"metrics\">" + run.metrics.map {
            "<li><span class=\"metric-name\">\(HTML.escape($0.name))</span> <span class=\"metric-value\">\(HTML.escape($0.value))</span></li>"
        }.joined() + "</ul>"
        return """
        <tr class="row-\(BadgeKind(run.status).rawValue)" id="\(HTML.escape(HTML.slugify(lesson.slug)))"><td class="num">\(HTML.escape(number))</td><th scope="row" class="title">\(title)</th>\
        <td data-label="Status"><div class="badges">\(status)</div></td><td data-label="Time" class="time">\(Formatting.duration(run.duration))</td>\
        <td data-label="Data"><div>\(data.isEmpty ? "–" : data)</div></td><td data-label="Results">\(metrics)</td><td data-label="Last run">\(Formatting.timeElement(run.startedAt))</td></tr>

        """
    }
}
