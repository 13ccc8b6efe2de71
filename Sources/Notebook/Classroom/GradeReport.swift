import Foundation

/// The score table of a graded lesson, as CSV and as an HTML page:
/// `<output>/grades/<slug>.csv` and `<output>/grades/<slug>.html`, both written atomically.
public enum GradeReport {
    /// Writes both files; returns their URLs (CSV, HTML).
    @discardableResult
    public static func write(master: Lesson, grades: [SubmissionGrade], output: URL, date: Date = Date()) throws -> (csv: URL, html: URL) {
        let folder = output.appendingPathComponent("grades")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Report.writeStylesheet(output: output)
        let csv = folder.appendingPathComponent("\(master.slug).csv")
        let html = folder.appendingPathComponent("\(master.slug).html")
        try AtomicWrite.file(Data(self.csv(master: master, grades: grades).utf8), to: csv)
        try AtomicWrite.file(Data(page(master: master, grades: grades, date: date, output: output).utf8), to: html)
        return (csv, html)
    }

    /// The folder of a lesson's feedback reports: `<output>/grades/<lesson>/`.
    public static func feedbackRoot(master: Lesson, output: URL) -> URL {
        output.appendingPathComponent("grades").appendingPathComponent(master.slug)
    }

    /// Where a student's feedback report goes: `<output>/grades/<lesson>/<student>/`.
    public static func feedbackFolder(student: String, master: Lesson, output: URL) -> URL {
        feedbackRoot(master: master, output: output).appendingPathComponent(StudentFolderName.of(student))
    }

    /// `page` relative to the grades folder, for a link from the score page (nil if elsewhere).
    static func link(_ page: URL?, output: URL) -> String? {
        guard let page else { return nil }
        let base = output.appendingPathComponent("grades").standardizedFileURL.path + "/"
        let path = page.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : nil
    }

    /// "3", "1.5", "0.67": points without needless decimals.
    public static func points(_ value: Double) -> String {
        if value == value.rounded() { return String(Int(value)) }
        return String(format: "%.2f", value).replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
    }

    /// One row per student: student, points, max, percent, status, one column per check step
    /// (points earned), notes. RFC 4180 quoting, formula cells neutralised (see `CSV`).
    public static func csv(master: Lesson, grades: [SubmissionGrade]) -> String {
        let checks = master.steps.compactMap(\.options.check)
        var rows = [["student", "points", "max_points", "percent", "status"] + checks + ["notes"]]
        for g in grades {
            rows.append([g.student, points(g.grade.points), points(g.grade.maxPoints), String(format: "%.1f", g.grade.percent),
                         g.status.rawValue] + g.grade.steps.map { points($0.points) } + [g.notes.joined(separator: "; ")])
        }
        return CSV.document(rows)
    }

    /// The HTML page: the score table, then each student's checks with messages and notes.
    static func page(master: Lesson, grades: [SubmissionGrade], date: Date, output: URL) -> String {
        let e = HTML.escape
        let checkSteps = master.steps.filter { $0.options.check != nil }
        var body = "<main id=\"content\" class=\"grades\">\n\(courseIndexLink)\n<h1>Grades: \(e(master.title))</h1>\n"
        body += "<p>\(e(master.path)) · \(grades.count) submission\(grades.count == 1 ? "" : "s") · graded \(Formatting.timeElement(date))</p>\n"
        body += "<div class=\"table-scroll\" role=\"region\" aria-label=\"Scores\" tabindex=\"0\">\n<table class=\"grade-table\">\n<thead><tr><th scope=\"col\">Student</th><th scope=\"col\">Points</th><th scope=\"col\">Max</th><th scope=\"col\">%</th><th scope=\"col\">Status</th>"
        for step in checkSteps {
            body += "<th scope=\"col\">\(e(step.options.check ?? step.name))<br><small>\(step.options.points ?? 1) pt</small></th>"
        }
        body += "</tr></thead>\n<tbody>\n"
        for g in grades {
            let kind: BadgeKind = g.status == .ok ? .ok : (g.status == .timedOut ? .timedOut : .failed)
            body += "<tr><th scope=\"row\"><a href=\"#\("student-" + StudentFolderName.of(g.student))\">\(e(g.student))</a></th>"
            body += "<td>\(e(points(g.grade.points)))</td><td>\(e(points(g.grade.maxPoints)))</td><td>\(String(format: "%.1f", g.grade.percent))</td>"
            body += "<td>\(Formatting.badge(kind, g.status.rawValue))</td>"
            for step in g.grade.steps { body += "<td>\(e(points(step.points)))</td>" }
            body += "</tr>\n"
        }
        body += "</tbody>\n</table>\n</div>\n"
        for g in grades {
            body += "<section id=\"\("student-" + StudentFolderName.of(g.student))\">\n<h2>\(e(g.student)) — \(e(points(g.grade.points)))/\(e(points(g.grade.maxPoints)))</h2>\n"
            if let path = g.path {
                body += "<p><code>\(e(path))</code>"
                if let href = link(g.feedback, output: output) {
                    body += " · <a class=\"feedback\" href=\"\(e(href))\">feedback report</a> (the copy's code, output and checks)"
                }
                body += "</p>\n"
            }
            if !g.notes.isEmpty {
                body += "<ul class=\"grade-notes\">\n" + g.notes.map { "<li><code>\(e($0))</code></li>\n" }.joined() + "</ul>\n"
            }
            body += "<ul class=\"grade-checks\">\n"
            for step in g.grade.steps {
                body += "<li><strong>\(e(step.check))</strong> (\(e(step.step))): \(e(points(step.points)))/\(e(points(step.maxPoints)))"
                if let note = step.note { body += " — \(e(note))" }
                if !step.checks.isEmpty {
                    body += "<ul>\n" + step.checks.map {
                        "<li>\(Formatting.badge($0.passed ? .ok : .failed, $0.passed ? "pass" : "fail")) \(e($0.message))</li>\n"
                    }.joined() + "</ul>"
                }
                body += "</li>\n"
            }
            body += "</ul>\n</section>\n"
        }
        body += "</main>"
        return PageShell.document(title: "Grades: \(master.title)", root: "../", bodyClass: "grades-page", body: body, extraHead: style)
    }

    /// The way back from a grade page (in `<output>/grades/`) to the course's index.
    static let courseIndexLink = "<nav class=\"grades-nav\"><a href=\"../index.html\">← Course index</a></nav>"

    /// The grade pages' table style.
    static let style = """

        <style>
        .table-scroll { max-width: 100%; overflow-x: auto; margin: 1em 0; }
        .grade-table { border-collapse: collapse; }
        .grade-table th, .grade-table td { border: 1px solid #d1d9e0; padding: 0.3em 0.6em; text-align: right; }
        .grade-table th[scope=row], .grade-table thead th { text-align: left; }
        main.grades { max-width: 60rem; margin: 0 auto; padding: 1rem; font-family: system-ui, sans-serif; }
        </style>
        """
}
