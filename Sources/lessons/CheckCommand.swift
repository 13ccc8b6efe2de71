import ArgumentParser
import Foundation
import Notebook

/// `lessons check [LESSON] [--submissions DIR]`: run a lesson's graded checks, or grade a
/// folder of student copies into a score table (terminal, CSV and HTML).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the checks of lessons, or grade a folder of student copies.",
        discussion: """
            Without --submissions: runs the lesson (all lessons with checks when none is named; a \
            cached result is reused) and prints every check with its points. Exit status 0 when \
            all pass, 1 otherwise. With --submissions DIR: grades each student's copy (DIR/alice.md, \
            or DIR/bob/<lesson>.md) in isolation with a time limit, prints the score table and \
            writes <output>/grades/<lesson>.csv and .html. Exit status 0 once all are graded.
            """)

    @Argument(help: ArgumentHelp("The lesson: a number (4), a file name or a path. Default: every lesson with checks.", valueName: "lesson"))
    var lesson: String?

    @Option(help: ArgumentHelp("Grade the student copies in this folder (one .md file or one folder per student).", valueName: "dir"))
    var submissions: String?

    @Option(help: ArgumentHelp("Seconds each student copy may run.", valueName: "seconds"))
    var timeout: Double = 600

    @Option(help: ArgumentHelp("Folder holding the datasets (sets LESSONS_DATA).", valueName: "dir"))
    var data: String?

    @Option(help: ArgumentHelp("Where grades/ goes. Default: output/ next to the lessons folder.", valueName: "dir"))
    var output: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if submissions != nil, lesson == nil { throw ValidationError("--submissions needs the lesson they are copies of") }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() throws {
        let workspace = workspaceOptions.workspace(output: output)
        let catalog = try LessonCatalog(workspace: workspace)
        let build = try LessonKitBuild.locate()
        Interruption.installSignalHandler()
        let lock = try workspaceOptions.lock(workspace)
        defer { withExtendedLifetime(lock) {} }
        let dataDirectory = data.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        if let submissions, let lesson {
            let master = try catalog.select([lesson])[0]
            try grade(master, submissions: URL(fileURLWithPath: submissions), workspace: workspace, build: build, data: dataDirectory)
            return
        }
        let lessons = lesson.map { [$0] } ?? []
        let selected = try catalog.select(lessons).filter { !lessons.isEmpty || $0.steps.contains { $0.options.check != nil } }
        if selected.isEmpty { print("no lesson has checks (`//| check: NAME` steps)"); return }
        let runner = LessonRunner(workspace: workspace, build: build)
        var allPassed = true
        for master in selected {
            let params = try master.assigningParams([])
            let outcome = try runner.run(master, params: params, options: RunOptions(dataDirectory: dataDirectory), observer: ProgressDisplay())
            if outcome.run.status == .interrupted { throw ExitCode(ExitStatus.interrupted) }
            let grade = LessonGrade.grade(master: master, graded: master, run: outcome.run)
            print(Self.describe(grade, lesson: master))
            allPassed = allPassed && grade.allPassed
        }
        if !allPassed { throw ExitCode(ExitStatus.failed) }
    }

    /// Every check of a run, then the total.
    static func describe(_ grade: LessonGrade, lesson: Lesson) -> String {
        var rows: [[String]] = [["STEP", "CHECK", "RESULT", "POINTS", "MESSAGE"]]
        for step in grade.steps {
            if step.checks.isEmpty {
                rows.append([step.step, step.check, "FAIL", "0/\(GradeReport.points(step.maxPoints))", step.note ?? "not run"])
            }
            for check in step.checks {
                let at = check.line.map { "\(lesson.path):\($0): " } ?? ""
                rows.append([step.step, step.check, check.passed ? "pass" : "FAIL",
                             "\(GradeReport.points(check.points))/\(GradeReport.points(check.maxPoints))", at + check.message])
            }
            if let note = step.note, !step.checks.isEmpty { rows.append(["", "", "", "", note]) }
        }
        let total = "total: \(GradeReport.points(grade.points))/\(GradeReport.points(grade.maxPoints)) points"
            + String(format: " (%.1f%%)", grade.percent) + (grade.allPassed ? ", all checks pass" : ", some checks fail")
        if grade.steps.isEmpty { return "\(lesson.slug): no checks" }
        return "\(lesson.slug) checks:\n" + table(rows) + total
    }

    /// Grades every copy in `folder`, prints the table, writes the CSV and the HTML page.
    private func grade(_ master: Lesson, submissions folder: URL, workspace: Workspace, build: LessonKitBuild, data: String?) throws {
        let found = try SubmissionFolder.list(folder, lessonFileName: URL(fileURLWithPath: master.path).lastPathComponent)
        if found.isEmpty { throw LessonError(file: Workspace.displayPath(folder), line: nil, message: "no student copies here (one .md file or one folder per student)") }
        // The copies read the master's data folder, wherever each one runs.
        let dataDirectory = data ?? ProcessInfo.processInfo.environment["LESSONS_DATA"].map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            ?? workspace.root.appendingPathComponent("data").path
        let grader = Grader(master: master, build: build, timeLimit: timeout, dataDirectory: dataDirectory)
        var grades: [SubmissionGrade] = []
        for submission in found {
            print("grading \(submission.student)…", terminator: "")
            fflush(stdout)
            let grade: SubmissionGrade
            do {
                grade = try grader.grade(submission, feedback: GradeReport.feedbackFolder(
                    student: submission.student, master: master, output: workspace.outputDirectory))
            } catch is Interrupted {
                print(" interrupted")
                throw ExitCode(ExitStatus.interrupted)
            }
            print(" \(GradeReport.points(grade.grade.points))/\(GradeReport.points(grade.grade.maxPoints)) \(grade.status.rawValue)"
                  + String(format: " (%.1f s)", grade.duration))
            grades.append(grade)
        }
        var rows: [[String]] = [["STUDENT", "POINTS", "MAX", "PERCENT", "STATUS", "NOTES"]]
        for g in grades {
            rows.append([g.student, GradeReport.points(g.grade.points), GradeReport.points(g.grade.maxPoints),
                         String(format: "%.1f%%", g.grade.percent), g.status.rawValue, g.notes.first ?? ""])
            for note in g.notes.dropFirst() { rows.append(["", "", "", "", "", note]) }
        }
        print("\n\(master.slug): \(grades.count) submission\(grades.count == 1 ? "" : "s")\n" + Self.table(rows))
        let files = try GradeReport.write(master: master, grades: grades, output: workspace.outputDirectory)
        print("  → \(Workspace.displayPath(files.csv))\n  → \(Workspace.displayPath(files.html))")
        if grades.contains(where: { $0.feedback != nil }) {
            let folder = GradeReport.feedbackRoot(master: master, output: workspace.outputDirectory)
            print("  → \(Workspace.displayPath(folder))/STUDENT/index.html: a feedback report per student")
        }
    }

    /// Left-aligned columns, two spaces apart, one line each.
    static func table(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }
}
