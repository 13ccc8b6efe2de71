import ArgumentParser
import FileSystem
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

    @Option(help: ArgumentHelp("Grade only the I-th of N slices of the hand-in folder (e.g. 2/3) into a partial gradebook in --output (default output/grades/shards/LESSON-I-of-N); fold it in with `lessons grades merge`.", valueName: "i/n"))
    var shard: String?

    @Flag(help: "Grade on a Slurm cluster: one array task per shard (--shards), then merge. The project and the hand-in folder must be on a file system the nodes share.")
    var slurm = false

    @Option(help: ArgumentHelp("Shards (array tasks) for --slurm.", valueName: "n"))
    var shards: Int = 4

    @Option(help: ArgumentHelp("Slurm partition for --slurm.", valueName: "name"))
    var partition: String?

    @Option(name: .customLong("time"), help: ArgumentHelp("Slurm time limit per task for --slurm (30:00, 2:00:00).", valueName: "limit"))
    var slurmTime: String?

    @Option(name: .customLong("cpus-per-task"), help: ArgumentHelp("CPUs per Slurm task; each task grades that many copies at once.", valueName: "n"))
    var cpusPerTask: Int = 2

    @Flag(name: .customLong("dry-run"), help: "With --slurm: print the sbatch script and submit nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Where grades/ goes. Default: output/ next to the lessons folder.", valueName: "dir"))
    var output: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if submissions != nil, lesson == nil { throw ValidationError("--submissions needs the lesson they are copies of") }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
        guard jobs > 0 else { throw ValidationError("--jobs must be at least 1") }
        guard memory > 0 else { throw ValidationError("--memory must be a positive number of GiB") }
        if submissions == nil, noSandbox || shard != nil || slurm { throw ValidationError("--no-sandbox, --shard and --slurm need --submissions") }
        if let shard, Shard(parsing: shard) == nil { throw ValidationError("--shard takes I/N with 1 ≤ I ≤ N, e.g. 2/3") }
        if shard != nil, slurm { throw ValidationError("--slurm runs the shards itself; give --shards N instead of --shard") }
        if dryRun, !slurm { throw ValidationError("--dry-run only applies to --slurm") }
        guard shards >= 1, cpusPerTask >= 1 else { throw ValidationError("--shards and --cpus-per-task must be at least 1") }
    }

    func run() throws {
        let workspace = workspaceOptions.workspace(output: output)
        let catalog = try LessonCatalog(workspace: workspace)
        let build = try LessonKitBuild.locate()
        Interruption.installSignalHandler()
        let dataDirectory = data.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        if let submissions, let lesson, slurm {
            let master = try catalog.select([lesson])[0]
            return try gradeOnSlurm(master, submissions: URL(fileURLWithPath: submissions), workspace: workspace)
        }
        // A shard writes only its own folder, so shards running side by side take no project lock.
        let lock = shard == nil ? try workspaceOptions.lock(workspace) : nil
        defer { withExtendedLifetime(lock) {} }
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
                rows.append([step.step, step.check, "FAIL", "0/\(Formatting.points(step.maxPoints))", step.shortfall.map(String.init(describing:)) ?? "not run"])
            }
            for check in step.checks {
                let at = check.line.map { "\(lesson.path):\($0): " } ?? ""
                rows.append([step.step, step.check, check.passed ? "pass" : "FAIL",
                             "\(Formatting.points(check.points))/\(Formatting.points(check.maxPoints))", at + check.message])
            }
            if let shortfall = step.shortfall, !step.checks.isEmpty { rows.append(["", "", "", "", shortfall.description]) }
        }
        let total = "total: \(Formatting.points(grade.points))/\(Formatting.points(grade.maxPoints)) points"
            + String(format: " (%.1f%%)", grade.percent) + (grade.allPassed ? ", all checks pass" : ", some checks fail")
        if grade.steps.isEmpty { return "\(lesson.slug): no checks" }
        return "\(lesson.slug) checks:\n" + TextTable.render(rows) + total
    }

    /// Grades every copy in `folder`, prints the table, writes the CSV and the HTML page.
    private func grade(_ master: Lesson, submissions folder: URL, workspace: Workspace, build: LessonKitBuild, data: String?) throws {
        let all = try SubmissionFolder.list(folder, lessonFileName: URL(fileURLWithPath: master.path).lastPathComponent)
        if all.isEmpty { throw LessonError(file: displayPath(folder), line: nil, message: "no student copies here (one .md file or one folder per student)") }
        let slice = shard.flatMap(Shard.init(parsing:))
        let found = slice.map { $0.select(all) } ?? all
        var sandbox: Sandbox?
        if !noSandbox {
            if let reason = Sandbox.unavailableReason() {
                throw LessonError(file: displayPath(folder), line: nil,
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
        // A shard's results go to its own folder, a partial gradebook for `lessons grades merge`.
        let output = slice.map { slice in
            self.output.map { URL(fileURLWithPath: $0) }
                ?? workspace.outputDirectory.appendingPathComponent("grades/shards/\(master.slug)-\(slice.index)-of-\(slice.count)")
        } ?? workspace.outputDirectory
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
            rows.append([Self.printable(g.student), Formatting.points(g.grade.points), Formatting.points(g.grade.maxPoints),
                         String(format: "%.1f%%", g.grade.percent), g.status.rawValue, g.notes.first ?? ""])
            for note in g.notes.dropFirst() { rows.append(["", "", "", "", "", note]) }
        }
        let seconds = Date().timeIntervalSince(started)
        if grades.isEmpty { print("shard \(slice?.description ?? ""): no entries of \(all.count) fall in this shard") }
        print("\n\(master.slug): \(grades.count) submission\(grades.count == 1 ? "" : "s") in \(String(format: "%.1f", seconds)) s, "
              + "\(jobs) at a time, \(sandbox == nil ? "WITHOUT a sandbox" : "each in a bubblewrap sandbox")\n" + TextTable.render(rows))
        // The course's gradebook keeps every grading; the lesson's table shows every student graded so far.
        let graded = GradedLesson(master: master)
        let store = try GradeStore(output: output)
        let gradedAt = Date()
        try store.record(lesson: graded, grades: grades, gradedAt: gradedAt, sandboxed: sandbox != nil)
        if let slice {
            try store.recordShard(lesson: master.slug, shard: slice, split: Shard.split(all.map(\.student), into: slice.count), gradedAt: gradedAt)
            print("shard \(slice): \(found.count) of \(all.count) entries; fold it in with `lessons grades merge \(displayPath(output))`")
        }
        let files = try GradeReport.write(lesson: graded, current: try store.current(lesson: master.slug), output: output)
        print("  → \(displayPath(files.csv))\n  → \(displayPath(files.html))")
        if grades.contains(where: { $0.feedback != nil }) {
            let folder = GradeReport.feedbackRoot(master: master, output: output)
            print("  → \(displayPath(folder))/STUDENT/index.html: a feedback report per student")
        }
        for change in snapshot.verify() {
            FileHandle.standardError.write(Data("lessons: warning: \(change)\n".utf8))
        }
    }

    /// `--slurm`: writes the job array, submits it, follows it and merges the parts.
    private func gradeOnSlurm(_ master: Lesson, submissions folder: URL, workspace: Workspace) throws {
        let all = try SubmissionFolder.list(folder, lessonFileName: URL(fileURLWithPath: master.path).lastPathComponent)
        if all.isEmpty { throw LessonError(file: displayPath(folder), line: nil, message: "no student copies here (one .md file or one folder per student)") }
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        var arguments = ["--timeout", String(timeout), "--memory", String(memory)]
        if let data { arguments += ["--data", URL(fileURLWithPath: data).standardizedFileURL.path] }
        if noSandbox { arguments.append("--no-sandbox") }
        let job = SlurmGrading(executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath(),
                               lessonsDirectory: workspace.lessonsDirectory.standardizedFileURL,
                               master: URL(fileURLWithPath: master.path).standardizedFileURL, submissions: folder.standardizedFileURL,
                               shards: min(shards, all.count),
                               jobFolder: workspace.outputDirectory.standardizedFileURL.appendingPathComponent("grades/slurm/\(master.slug)-\(stamp)"),
                               checkArguments: arguments, partition: partition, timeLimit: slurmTime, cpusPerTask: cpusPerTask)
        if dryRun { return print(job.script, terminator: "") }
        let split = Shard.split(all.map(\.student), into: job.shards)
        let id = try job.submit()
        print("submitted job \(id): \(job.shards) shards of \(all.count) entries → \(displayPath(job.scriptFile))")
        let states = try job.wait(job: id) { states in
            let counts = Dictionary(grouping: states) { $0.finished ? ($0.succeeded ? "done" : "failed") : ($0.state == "PENDING" ? "queued" : "running") }
            print("  " + ["queued", "running", "done", "failed"].map { "\($0) \(counts[$0]?.count ?? 0)" }.joined(separator: ", "))
        }
        let parts = states.filter(\.succeeded).map { job.part($0.shard) }
            .filter { FileManager.default.fileExists(atPath: GradeStore.file(output: $0).path) }
        let store = try GradeStore(output: workspace.outputDirectory)
        let report = try store.merge(parts: parts)
        let graded = GradedLesson(master: master)
        let files = try GradeReport.write(lesson: graded, current: try store.current(lesson: master.slug), output: workspace.outputDirectory)
        print("merged \(parts.count) of \(job.shards) shards: \(report.added) gradings added → \(displayPath(files.html))")
        var failed = false
        for state in states where !state.succeeded {
            failed = true
            let students = split[state.shard - 1].joined(separator: ", ")
            FileHandle.standardError.write(Data("""
                lessons: shard \(state.shard)/\(job.shards) (\(students)) \(state.state.lowercased()): reason \(state.reason), exit code \(state.exitCode); log \(displayPath(job.log(state.shard)))
                  re-run it alone: \(CommandLine.arguments[0]) check \(master.path) --submissions \(folder.path) --shard \(state.shard)/\(job.shards) --output \(job.part(state.shard).path), then lessons grades merge \(job.part(state.shard).path)

                """.utf8))
        }
        if failed { throw ExitCode(ExitStatus.failed) }
    }

    /// A student name as the terminal shows it: control characters (which could move the
    /// cursor or rewrite earlier lines) as `\u{…}`.
    static func printable(_ name: String) -> String {
        String(name.unicodeScalars.flatMap { $0.properties.generalCategory == .control ? Array("\\u{\(String($0.value, radix: 16))}".unicodeScalars) : [$0] }.map(Character.init))
    }
}
