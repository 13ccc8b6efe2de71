import FileSystem
import Foundation

/// The score table of a lesson from the grade store: every student ever graded for it, each with
/// their current (newest) grade and its date, whichever run graded them. Same files as a single
/// run's report, `<output>/grades/<slug>.csv` and `.html`, written atomically.
///
/// Out: the checks' messages (not stored; each student's feedback report has them), older
/// gradings (`lessons grades --history STUDENT`).
extension GradeReport {
    /// Writes both files from the store's current rows of `lesson`; returns their URLs.
    @discardableResult
    public static func write(lesson: GradedLesson, current: [StoredGrade], output: URL, date: Date = Date()) throws -> (csv: URL, html: URL) {
        let folder = output.appendingPathComponent("grades")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Report.writeStylesheet(output: output)
        let csv = folder.appendingPathComponent("\(lesson.slug).csv")
        let html = folder.appendingPathComponent("\(lesson.slug).html")
        try AtomicFile.write(Data(self.csv(lesson: lesson, current: current).utf8), to: csv)
        try AtomicFile.write(Data(page(lesson: lesson, current: current, date: date).utf8), to: html)
        return (csv, html)
    }

    /// One row per student: student, graded_at (ISO 8601 UTC), points, max_points, percent,
    /// status, one column per check of `lesson` (empty when the student's grading predates the
    /// check), notes. RFC 4180 quoting, formula cells neutralised (see `CSV`).
    public static func csv(lesson: GradedLesson, current: [StoredGrade]) -> String {
        var rows = [["student", "graded_at", "points", "max_points", "percent", "status"] + lesson.checks.map(\.name) + ["notes"]]
        for g in current {
            rows.append([g.student, Timestamp.string(g.gradedAt), Formatting.points(g.points), Formatting.points(g.maxPoints),
                         String(format: "%.1f", g.percent), g.status.rawValue]
                        + checkCells(lesson, g) + [g.notes.joined(separator: "; ")])
        }
        return CSV.document(rows)
    }

    /// The points of each check of `lesson` in `grade`, matched by name ("" when absent).
    private static func checkCells(_ lesson: GradedLesson, _ grade: StoredGrade) -> [String] {
        lesson.checks.map { check in grade.checks.first { $0.name == check.name }.map { Formatting.points($0.points) } ?? "" }
    }

    /// The page: a link back to the course index, the table, then each student's notes, feedback
    /// report and the fingerprint of the copy graded.
    static func page(lesson: GradedLesson, current: [StoredGrade], date: Date) -> String {
        let e = HTML.escape
        var body = "<main id=\"content\" class=\"grades\">\n\(courseIndexLink)\n<h1>Grades: \(e(lesson.title))</h1>\n"
        body += "<p>\(e(lesson.slug)) · \(current.count) student\(current.count == 1 ? "" : "s") · each student's newest grading"
        body += " · updated \(Formatting.timeElement(date))</p>\n"
        let unsandboxed = current.filter { !$0.sandboxed }.count
        if unsandboxed > 0 {
            body += "<p class=\"grade-warning\"><strong>\(unsandboxed) of these gradings ran without the sandbox</strong> (<code>--no-sandbox</code>): "
                + "those copies ran as the teacher and could read and change the teacher's files, so their grades cannot be trusted.</p>\n"
        }
        body += "<div class=\"table-scroll\" role=\"region\" aria-label=\"Scores\" tabindex=\"0\">\n<table class=\"grade-table\">\n<thead><tr><th scope=\"col\">Student</th><th scope=\"col\">Graded</th><th scope=\"col\">Points</th>"
        body += "<th scope=\"col\">Max</th><th scope=\"col\">%</th><th scope=\"col\">Status</th>"
        for check in lesson.checks {
            body += "<th scope=\"col\">\(e(check.name))<br><small>\(e(Formatting.points(check.maxPoints))) pt</small></th>"
        }
        body += "</tr></thead>\n<tbody>\n"
        for g in current {
            let kind: BadgeKind = g.status == .known(.ok) ? .ok : (g.status == .known(.timedOut) ? .timedOut : .failed)
            body += "<tr><th scope=\"row\"><a href=\"#\("student-" + StudentFolderName.of(g.student))\">\(e(g.student))</a></th>"
            body += "<td>\(Formatting.timeElement(g.gradedAt))</td>"
            body += "<td>\(e(Formatting.points(g.points)))</td><td>\(e(Formatting.points(g.maxPoints)))</td><td>\(String(format: "%.1f", g.percent))</td>"
            body += "<td>\(Formatting.badge(kind, g.status.rawValue))</td>"
            for cell in checkCells(lesson, g) { body += "<td>\(e(cell))</td>" }
            body += "</tr>\n"
        }
        body += "</tbody>\n</table>\n</div>\n"
        for g in current {
            body += "<section id=\"\("student-" + StudentFolderName.of(g.student))\">\n<h2>\(e(g.student)) — \(e(Formatting.points(g.points)))/\(e(Formatting.points(g.maxPoints)))</h2>\n"
            body += "<p>graded \(Formatting.timeElement(g.gradedAt))\(g.sandboxed ? " in the sandbox" : "")"
            // A feedback path outside grades/ is absolute: no link from a page others may open.
            if let href = g.feedback, !href.hasPrefix("/") {
                body += " · <a class=\"feedback\" href=\"\(e(href))\">feedback report</a> (the copy's code, output and checks)"
            }
            if let sha = g.submissionSHA256 { body += " · copy SHA-256 <code>\(e(String(sha.prefix(12))))…</code>" }
            body += "</p>\n"
            if !g.notes.isEmpty {
                body += "<ul class=\"grade-notes\">\n" + g.notes.map { "<li><code>\(e($0))</code></li>\n" }.joined() + "</ul>\n"
            }
            body += "</section>\n"
        }
        body += "</main>"
        return PageShell.document(title: "Grades: \(lesson.title)", root: "../", bodyClass: "grades-page", body: body, extraHead: style)
    }
}
