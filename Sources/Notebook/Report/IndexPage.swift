import Foundation

/// The HTML of `output/index.html` (`index.mustache`): every lesson in order with its status,
/// time, data and results.
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

        let view = View(summary: summary.joined(separator: " · "),
                        rows: entries.enumerated().map { row($1.lesson, $1.run, position: $0) })
        return PageShell(title: "Lessons", root: "", bodyClass: "index-page").document(ReportTemplate.index.render(view))
    }

    private func row(_ lesson: Lesson, _ run: LessonRun?, position: Int) -> Row {
        Row(kind: run.map { BadgeKind($0.status).rawValue } ?? BadgeKind.notRun.rawValue,
            anchor: HTML.slugify(lesson.slug),
            number: LessonPage.number(lesson.slug) ?? String(format: "%02d", position + 1),
            title: lesson.title,
            pageHref: pagesPresent.contains(lesson.slug) ? HTML.urlPath(lesson.slug) : nil,
            lastRun: run.map { run in
                LastRun(badges: [Badge(BadgeKind(run.status))] + (run.fromCache ? [Badge(.cached)] : []),
                        duration: Formatting.duration(run.duration),
                        sources: run.dataSources.map(DataSourceLine.init),
                        metrics: run.metrics,
                        startedAt: Timestamp(run.startedAt))
            },
            notRunBadge: Badge(.notRun),
            declaredData: lesson.data)
    }

    private struct View {
        var summary: String
        var rows: [Row]
    }

    private struct Row {
        var kind: String
        var anchor: String
        var number: String
        var title: String
        /// The lesson's folder, when its page exists.
        var pageHref: String?
        var lastRun: LastRun?
        var notRunBadge: Badge
        /// The datasets the lesson names (shown while it has not run).
        var declaredData: [String]
    }

    private struct LastRun {
        var badges: [Badge]
        var duration: String
        var sources: [DataSourceLine]
        var metrics: [HeadlineValue]
        var startedAt: Timestamp
    }
}
