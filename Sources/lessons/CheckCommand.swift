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
            or DIR/bob/<lesson>.md): the master's program with the copy's exercise bodies, compiled \
            and run in a bubblewrap sandbox with a time limit, --jobs at a time; prints the score \
            table and writes <output>/grades/<lesson>.csv and .html. Exit status 0 once all are graded.
            """)

    @Argument(help: ArgumentHelp("The lesson: a number (4), a file name or a path. Default: every lesson with checks.", valueName: "lesson"))
    var lesson: String?

    @Option(help: ArgumentHelp("Grade the student copies in this folder (one .md file or one folder per student).", valueName: "dir"))
    var submissions: String?

    @Option(help: ArgumentHelp("Seconds each student copy may run.", valueName: "seconds"))
    var timeout: Double = 600

    @Option(help: ArgumentHelp("Folder holding the datasets (sets LESSONS_DATA).", valueName: "dir"))
    var data: String?

    @Option(help: ArgumentHelp("Copies graded at once, each in its own sandbox. Default: the number of cores.", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Memory each copy's processes may map, in GiB (RLIMIT_AS).", valueName: "gib"))
    var memory: Double = 8

    @Flag(help: "Grade without the sandbox (when bubblewrap cannot run here). Copies can then read and change anything you can; the grade page says so.")
    var noSandbox = false

    @Option(help: ArgumentHelp("Where grades/ goes. Default: output/ next to the lessons folder.", valueName: "dir"))
    var output: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if submissions != nil, lesson == nil { throw ValidationError("--submissions needs the lesson they are copies of") }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
        guard jobs > 0 else { throw ValidationError("--jobs must be at least 1") }
        guard memory > 0 else { throw ValidationError("--memory must be a positive number of GiB") }
        if submissions == nil, noSandbox { throw ValidationError("--no-sandbox only applies to --submissions") }
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
        var sandbox: Sandbox?
        if !noSandbox {
            if let reason = Sandbox.unavailableReason() {
                throw LessonError(file: Workspace.displayPath(folder), line: nil,
                                  message: "cannot grade safely: \(reason). Fix that, or pass --no-sandbox to grade without one (copies can then read and change your files)")
            }
        }
        // The copies read the master's data folder, wherever each one runs.
        let dataDirectory = data ?? ProcessInfo.processInfo.environment["LESSONS_DATA"].map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            ?? workspace.root.appendingPathComponent("data").path
        let snapshot = try GradingSnapshot(masterFile: URL(fileURLWithPath: master.path), masterPath: master.path, build: build)
        if !noSandbox {
            var limits = Sandbox.Limits()
            limits.memoryBytes = UInt64(memory * Double(1 << 30))
            sandbox = Sandbox(readOnly: [snapshot.folder], limits: limits)
        } else {
            FileHandle.standardError.write(Data("lessons: grading WITHOUT a sandbox: the copies run as you, and can read and change your files\n".utf8))
        }
        if sandbox != nil { try snapshot.warmModuleCache(sandbox: sandbox) }
        let grader = Grader(master: snapshot.master, build: snapshot.build, timeLimit: timeout, dataDirectory: dataDirectory, sandbox: sandbox)
        grader.moduleCache = snapshot.moduleCache
        let output = workspace.outputDirectory
        let lessonMaster = snapshot.master
        let display = GradingDisplay(jobs: min(jobs, found.count))
        let started = Date()
        let grades: [SubmissionGrade]
        do {
            grades = try ClassGrading(grader: grader, jobs: jobs).gradeAll(found, feedback: { submission in
                submission.file == nil || submission.problem != nil ? nil
                    : GradeReport.feedbackFolder(student: submission.student, master: lessonMaster, output: output)
            }, progress: display)
        } catch is Interrupted {
            display.finish()
            print("interrupted")
            throw ExitCode(ExitStatus.interrupted)
        }
        display.finish()
        var rows: [[String]] = [["STUDENT", "POINTS", "MAX", "PERCENT", "STATUS", "NOTES"]]
        for g in grades {
            rows.append([Self.printable(g.student), GradeReport.points(g.grade.points), GradeReport.points(g.grade.maxPoints),
                         String(format: "%.1f%%", g.grade.percent), g.status.rawValue, g.notes.first ?? ""])
            for note in g.notes.dropFirst() { rows.append(["", "", "", "", "", note]) }
        }
        let seconds = Date().timeIntervalSince(started)
        print("\n\(master.slug): \(grades.count) submission\(grades.count == 1 ? "" : "s") in \(String(format: "%.1f", seconds)) s, "
              + "\(jobs) at a time, \(sandbox == nil ? "WITHOUT a sandbox" : "each in a bubblewrap sandbox")\n" + Self.table(rows))
        // The course's gradebook keeps every grading; the lesson's table shows every student graded so far.
        let graded = GradedLesson(master: master)
        let store = try GradeStore(output: output)
        try store.record(lesson: graded, grades: grades, gradedAt: Date(), sandboxed: sandbox != nil)
        let files = try GradeReport.write(lesson: graded, current: try store.current(lesson: master.slug), output: output)
        print("  → \(Workspace.displayPath(files.csv))\n  → \(Workspace.displayPath(files.html))")
        if grades.contains(where: { $0.feedback != nil }) {
            let folder = GradeReport.feedbackRoot(master: master, output: output)
            print("  → \(Workspace.displayPath(folder))/STUDENT/index.html: a feedback report per student")
        }
        for change in snapshot.verify() {
            FileHandle.standardError.write(Data("lessons: warning: \(change)\n".utf8))
        }
    }

    /// A student name as the terminal shows it: control characters (which could move the
    /// cursor or rewrite earlier lines) as `\u{…}`.
    static func printable(_ name: String) -> String {
        String(name.unicodeScalars.flatMap { $0.properties.generalCategory == .control ? Array("\\u{\(String($0.value, radix: 16))}".unicodeScalars) : [$0] }.map(Character.init))
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
