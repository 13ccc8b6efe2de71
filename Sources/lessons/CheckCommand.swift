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

    @OptionGroup var data: DataOptions

    @Option(help: ArgumentHelp("Copies graded at once, each in its own sandbox on its share of the cores (unless OMP_NUM_THREADS or LESSONS_THREADS is set). Default: the number of cores.", valueName: "n"))
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

    @OptionGroup var gradebook: GradebookOptions

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
        // A shard writes only its own folder, so shards running side by side take no project
        // lock; nor does a Slurm grading, which waits for its tasks (those shards) to finish.
        let session = try gradebook.projectOptions.session(output: gradebook.output, locked: shard == nil && !slurm)
        defer { session.close() }
        guard let submissions, let lesson else { return try checkLessons(session) }
        let master = try session.catalog.select([lesson])[0]
        let folder = URL(fileURLWithPath: submissions)
        if slurm { return try gradeOnSlurm(master, submissions: folder, project: session.project) }
        try grade(master, submissions: folder, session: session)
    }

    /// What the flags ask of a grading.
    private var settings: HandInGrading.Settings {
        var settings = HandInGrading.Settings()
        settings.timeLimit = timeout
        settings.jobs = jobs
        settings.memoryGiB = memory
        settings.sandboxed = !noSandbox
        settings.shard = shard.flatMap(Shard.init(parsing:))
        settings.output = gradebook.output.map { URL(fileURLWithPath: $0) }
        settings.dataDirectory = data.directory
        return settings
    }

    /// Runs the lessons' checks (each lesson with checks, or the one named) and prints them.
    private func checkLessons(_ session: RunSession) throws {
        let selected = try LessonChecks.select(lesson.map { [$0] } ?? [], in: session.catalog)
        if selected.isEmpty { print("no lesson has checks (`//| check: NAME` steps)"); return }
        let runner = session.runner()
        var allPassed = true
        for master in selected {
            let grade: LessonGrade
            do {
                grade = try LessonChecks.grade(master, runner: runner, dataDirectory: data.directory, observer: ProgressDisplay())
            } catch is Interrupted {
                throw ExitCode(ExitStatus.interrupted)
            }
            if grade.steps.isEmpty {
                print("\(master.slug): no checks")
            } else {
                print("\(master.slug) checks:\n" + TextTable.render(ScoreTable.checks(grade, lesson: master)) + ScoreTable.total(grade))
            }
            allPassed = allPassed && grade.allPassed
        }
        if !allPassed { throw ExitCode(ExitStatus.failed) }
    }

    /// Grades every copy in `folder`, prints the table and where the gradebook's pages went.
    private func grade(_ master: Lesson, submissions folder: URL, session: RunSession) throws {
        let grading = try HandInGrading(master: master, submissions: folder, project: session.project, build: session.build, settings: settings)
        let slice = settings.shard
        if noSandbox {
            FileHandle.standardError.write(Data("lessons: grading WITHOUT a sandbox: the copies run as you, and can read and change your files\n".utf8))
        }
        let display = GradingDisplay(jobs: min(jobs, grading.selected.count))
        let outcome: HandInGrading.Outcome
        do {
            outcome = try grading.run(progress: display)
        } catch is Interrupted {
            display.finish()
            print("interrupted")
            throw ExitCode(ExitStatus.interrupted)
        }
        display.finish()
        if outcome.grades.isEmpty { print("shard \(slice?.description ?? ""): no entries of \(grading.entries.count) fall in this shard") }
        let count = outcome.grades.count
        print("\n\(master.slug): \(count) submission\(count == 1 ? "" : "s") in \(String(format: "%.1f", outcome.seconds)) s, "
              + "\(jobs) at a time, \(outcome.sandboxed ? "each in a bubblewrap sandbox" : "WITHOUT a sandbox")\n" + TextTable.render(outcome.rows))
        if let slice {
            print("shard \(slice): \(grading.selected.count) of \(grading.entries.count) entries; fold it in with `lessons grades merge \(displayPath(outcome.output))`")
        }
        print("  → \(displayPath(outcome.csv))\n  → \(displayPath(outcome.html))")
        if let feedback = outcome.feedback {
            print("  → \(displayPath(feedback))/STUDENT/index.html: a feedback report per student")
        }
        for change in outcome.changedDuringGrading {
            FileHandle.standardError.write(Data("lessons: warning: \(change)\n".utf8))
        }
    }

    /// `--slurm`: writes the job array, submits it, follows it and merges the parts.
    private func gradeOnSlurm(_ master: Lesson, submissions folder: URL, project: ProjectFolders) throws {
        let entries = try HandInGrading.entries(of: folder, master: master)
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let job = SlurmGrading(executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath(),
                               lessonsDirectory: project.lessonsDirectory.standardizedFileURL,
                               master: URL(fileURLWithPath: master.path).standardizedFileURL, submissions: folder.standardizedFileURL,
                               shards: min(shards, entries.count),
                               jobFolder: project.outputDirectory.standardizedFileURL.appendingPathComponent("grades/slurm/\(master.slug)-\(stamp)"),
                               checkArguments: settings.checkArguments, partition: partition, timeLimit: slurmTime, cpusPerTask: cpusPerTask)
        if dryRun { return print(job.script, terminator: "") }
        let split = Shard.split(entries.map(\.student), into: job.shards)
        let id = try job.submit()
        print("submitted job \(id): \(job.shards) shards of \(entries.count) entries → \(displayPath(job.scriptFile))")
        let states = try job.wait(job: id) { states in print("  " + SlurmGrading.tally(states)) }
        let merged = try job.merge(states, master: master, into: project.outputDirectory)
        print("merged \(merged.parts) of \(job.shards) shards: \(merged.added) gradings added → \(displayPath(merged.page))")
        let failed = states.filter { !$0.succeeded }
        for state in failed {
            let students = split[state.shard - 1].joined(separator: ", ")
            FileHandle.standardError.write(Data("""
                lessons: shard \(state.shard)/\(job.shards) (\(students)) \(state.state.lowercased()): reason \(state.reason), exit code \(state.exitCode); log \(displayPath(job.log(state.shard)))
                  re-run it alone: \(CommandLine.arguments[0]) check \(master.path) --submissions \(folder.path) --shard \(state.shard)/\(job.shards) --output \(job.part(state.shard).path), then lessons grades merge \(job.part(state.shard).path)

                """.utf8))
        }
        if !failed.isEmpty { throw ExitCode(ExitStatus.failed) }
    }
}
