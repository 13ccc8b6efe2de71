import ArgumentParser
import FileSystem
import Foundation
import Notebook

/// `lessons grades [LESSON] [--history STUDENT] [--csv FILE]`: the gradebook `lessons check
/// --submissions` keeps, course-wide, per lesson or per student. Reads only: never grades,
/// never writes the store.
struct GradesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grades",
        abstract: "The gradebook: show it (the default), or merge the partial gradebooks of sharded gradings.",
        subcommands: [GradesShowCommand.self, GradesMergeCommand.self],
        defaultSubcommand: GradesShowCommand.self)
}

/// `lessons grades [show] [LESSON] [--history STUDENT] [--csv FILE]`.
struct GradesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the gradebook: the course, one lesson, or one student's history.",
        discussion: """
            Every grading `lessons check LESSON --submissions DIR` does is kept in \
            <output>/grades/gradebook.sqlite3; a student's current grade is their newest. Without \
            arguments: one row per student, one column per lesson, then total and max. With LESSON: \
            that lesson's current grades. With --history STUDENT: every grading of that student, \
            newest first. --csv FILE (- for standard output) exports the table shown; the course \
            and lesson tables as the gradebook CSV Canvas and Moodle import. `lessons grades merge \
            PART…` folds in the partial gradebooks of `lessons check --shard` runs.
            """)

    @Argument(help: ArgumentHelp("The lesson: a number (4), a file name, a path or a slug in the gradebook.", valueName: "lesson"))
    var lesson: String?

    @Option(help: ArgumentHelp("Every grading of this student (the name of their hand-in file or folder), newest first.", valueName: "student"))
    var history: String?

    @Option(help: ArgumentHelp("Export the table shown as CSV to this file (- for standard output).", valueName: "file"))
    var csv: String?

    @OptionGroup var gradebook: GradebookOptions

    func run() throws {
        let project = gradebook.project()
        // A read-only command: no gradebook yet means nothing to show, not a file to create.
        guard FileManager.default.fileExists(atPath: GradeStore.file(output: project.outputDirectory).path) else {
            return print(Self.empty)
        }
        let store = try GradeStore(output: project.outputDirectory)
        let graded = try store.lessons()
        if graded.isEmpty { return print(Self.empty) }
        let slug = try lesson.map { try Self.resolve($0, graded: graded.map(\.slug), project: project) }

        let shown: (title: String, rows: [[String]], csv: String)
        if let student = history {
            let gradings = try store.history(student: student).filter { slug == nil || $0.lessonSlug == slug }
            if gradings.isEmpty {
                throw LessonError(file: displayPath(store.file), line: nil,
                                  message: "no grading of \(student)\(slug.map { " for \($0)" } ?? "")")
            }
            shown = ("\(student): \(gradings.count) grading\(gradings.count == 1 ? "" : "s"), newest first", Self.historyRows(gradings),
                     CSV.document(Self.historyRows(gradings, iso: true)))
        } else if let slug {
            let current = try store.current(lesson: slug)
            let title = graded.first { $0.slug == slug }?.title ?? slug
            shown = ("\(slug) (\(title)): \(current.count) student\(current.count == 1 ? "" : "s")", Self.lessonRows(current),
                     try CourseGrades(store: store, lesson: slug).canvasCSV)
        } else {
            let course = try CourseGrades(store: store)
            shown = ("course: \(course.rows.count) student\(course.rows.count == 1 ? "" : "s"), \(course.lessons.count) lesson\(course.lessons.count == 1 ? "" : "s")",
                     course.table, course.canvasCSV)
        }
        if csv == "-" { return print(shown.csv, terminator: "") }
        print(shown.title + "\n" + TextTable.render(shown.rows), terminator: "")
        if let csv {
            let url = URL(fileURLWithPath: csv)
            try Data(shown.csv.utf8).write(to: url, options: .atomic)
            print("  → \(displayPath(url))")
        }
    }

    static let empty = "no grades yet: run lessons check LESSON --submissions DIR"

    /// The slug `name` designates: a slug in the gradebook as is, else whatever the lessons
    /// folder resolves it to (number, file name, path).
    static func resolve(_ name: String, graded: [String], project: ProjectFolders) throws -> String {
        if graded.contains(name) { return name }
        let slug: String
        do {
            slug = try LessonCatalog(project: project).select([name])[0].slug
        } catch let error as LessonError {
            throw LessonError(file: name, line: nil, message: "no such lesson in the gradebook or the lessons folder (\(error.message))")
        }
        guard graded.contains(slug) else {
            throw LessonError(file: slug, line: nil, message: "no grades yet: run lessons check \(name) --submissions DIR")
        }
        return slug
    }

    /// A lesson's current grades: student, date, points, max, percent, status, first note.
    static func lessonRows(_ current: [StoredGrade]) -> [[String]] {
        var rows = [["STUDENT", "GRADED", "POINTS", "MAX", "PERCENT", "STATUS", "NOTES"]]
        for g in current {
            rows.append([g.student, Formatting.date(g.gradedAt), Formatting.points(g.points), Formatting.points(g.maxPoints),
                         String(format: "%.1f%%", g.percent), g.status.rawValue, g.notes.first ?? ""])
        }
        return rows
    }

    /// A student's gradings: date, lesson, points, max, status, sandboxed, copy fingerprint.
    static func historyRows(_ gradings: [StoredGrade], iso: Bool = false) -> [[String]] {
        var rows = [["GRADED", "LESSON", "POINTS", "MAX", "STATUS", "SANDBOXED", "SHA-256"]]
        if iso { rows[0] = rows[0].map { $0.lowercased().replacingOccurrences(of: "-", with: "") } }
        for g in gradings {
            rows.append([iso ? ISO8601DateFormatter().string(from: g.gradedAt) : Formatting.date(g.gradedAt), g.lessonSlug,
                         Formatting.points(g.points), Formatting.points(g.maxPoints), g.status.rawValue,
                         g.sandboxed ? "yes" : "no", iso ? (g.submissionSHA256 ?? "") : String((g.submissionSHA256 ?? "-").prefix(12))])
        }
        return rows
    }

}
