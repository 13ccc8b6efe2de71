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
            rows.append([g.student, StoredTimestamp.string(g.gradedAt), Formatting.points(g.points), Formatting.points(g.maxPoints),
                         String(format: "%.1f", g.percent), g.status.rawValue]
                        + checkCells(lesson, g) + [g.notes.joined(separator: "; ")])
        }
        return CSV.document(rows)
    }

    /// The points of each check of `lesson` in `grade`, matched by name ("" when absent).
    private static func checkCells(_ lesson: GradedLesson, _ grade: StoredGrade) -> [String] {
        lesson.checks.map { check in grade.checks.first { $0.name == check.name }.map { Formatting.points($0.points) } ?? "" }
    }

    /// The page (`grades.mustache`): a link back to the course index, the table, then each
    /// student's notes, feedback report and the fingerprint of the copy graded.
    static func page(lesson: GradedLesson, current: [StoredGrade], date: Date) -> String {
        let unsandboxed = current.filter { !$0.sandboxed }.count
        let view = GradesView(
            title: lesson.title, slug: lesson.slug,
            students: "\(current.count) student\(current.count == 1 ? "" : "s")", updated: Timestamp(date),
            unsandboxed: unsandboxed > 0 ? unsandboxed : nil,
            checks: lesson.checks.map { GradesView.Check(name: $0.name, maxPoints: Formatting.points($0.maxPoints)) },
            grades: current.map { g in
                GradesView.Row(
                    anchor: "student-" + StudentFolderName.of(g.student), student: g.student, gradedAt: Timestamp(g.gradedAt),
                    points: Formatting.points(g.points), maxPoints: Formatting.points(g.maxPoints), percent: String(format: "%.1f", g.percent),
                    badge: Badge(g.status == .known(.ok) ? .ok : (g.status == .known(.timedOut) ? .timedOut : .failed), g.status.rawValue),
                    cells: checkCells(lesson, g), sandboxed: g.sandboxed,
                    // A feedback path outside grades/ is absolute: no link from a page others may open.
                    feedback: g.feedback.flatMap { $0.hasPrefix("/") ? nil : $0 },
                    fingerprint: g.submissionSHA256.map { String($0.prefix(12)) }, notes: g.notes)
            })
        return PageShell(title: "Grades: \(lesson.title)", root: "../", bodyClass: "grades-page", head: .gradeTableStyle)
            .document(ReportTemplate.grades.render(view))
    }
}

/// The grade page's view: stored properties named as in grades.mustache.
private struct GradesView {
    var title: String
    var slug: String
    /// "4 students".
    var students: String
    var updated: Timestamp
    /// How many gradings ran without the sandbox (nil: none).
    var unsandboxed: Int?
    var checks: [Check]
    var grades: [Row]

    struct Check {
        var name: String
        var maxPoints: String
    }

    struct Row {
        var anchor: String
        var student: String
        var gradedAt: Timestamp
        var points: String
        var maxPoints: String
        var percent: String
        var badge: Badge
        var cells: [String]
        var sandboxed: Bool
        var feedback: String?
        /// The first 12 hex digits of the copy's SHA-256.
        var fingerprint: String?
        var notes: [String]
    }
}
