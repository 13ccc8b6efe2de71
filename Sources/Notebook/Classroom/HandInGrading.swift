import FileSystem
import Foundation

/// `lessons check LESSON --submissions DIR`, end to end: lists the hand-in folder (or one shard
/// of it), snapshots the master and the build, grades every copy in its own sandbox, `jobs` at
/// a time, and keeps the result in the gradebook with its CSV, HTML page and feedback reports.
/// The command line only gathers the settings and prints the `Outcome`.
public struct HandInGrading {
    /// What the teacher chose.
    public struct Settings: Sendable {
        /// Seconds each copy may run.
        public var timeLimit: Double = 600
        /// Copies graded at once.
        public var jobs = 1
        /// Memory each copy's processes may map, in GiB.
        public var memoryGiB: Double = 8
        /// False only for `--no-sandbox`: the copies then run as the teacher.
        public var sandboxed = true
        /// Grade only this slice of the folder, into a partial gradebook.
        public var shard: Shard?
        /// Where `grades/` goes (a shard's default: its own folder under `grades/shards/`).
        public var output: URL?
        /// `--data`: the data folder (nil: `ProjectFolders.dataFolder`'s default).
        public var dataDirectory: String?

        public init() {}

        /// The options of `lessons check` that make a Slurm task grade as these settings say
        /// (the task's shard and output are its own).
        public var checkArguments: [String] {
            var arguments = ["--timeout", String(timeLimit), "--memory", String(memoryGiB)]
            if let dataDirectory { arguments += ["--data", dataDirectory] }
            if !sandboxed { arguments.append("--no-sandbox") }
            return arguments
        }
    }

    /// What a grading did, for the terminal.
    public struct Outcome {
        /// Every copy's grade, in the folder's order.
        public var grades: [SubmissionGrade]
        /// Seconds the copies took, all together.
        public var seconds: Double
        public var sandboxed: Bool
        /// The folder `grades/` was written in.
        public var output: URL
        public var csv: URL
        public var html: URL
        /// The folder of the students' feedback reports, when any was written.
        public var feedback: URL?
        /// Files of the master or the build that changed while grading (the grades may mix them).
        public var changedDuringGrading: [String]
    }

    public let master: Lesson
    public let submissions: URL
    public let project: ProjectFolders
    public let build: LessonKitBuild
    public let settings: Settings
    /// The hand-in folder's entries, and those this grading grades (a shard's slice, else all).
    public let entries: [Submission]
    public let selected: [Submission]

    /// Lists the hand-in folder; a folder with no copies is an error.
    public init(master: Lesson, submissions: URL, project: ProjectFolders, build: LessonKitBuild, settings: Settings) throws {
        self.master = master
        self.submissions = submissions
        self.project = project
        self.build = build
        self.settings = settings
        let entries = try Self.entries(of: submissions, master: master)
        self.entries = entries
        selected = settings.shard.map { $0.select(entries) } ?? entries
    }

    /// The hand-in folder's entries: one .md file or one folder per student.
    public static func entries(of folder: URL, master: Lesson) throws -> [Submission] {
        let all = try SubmissionFolder.list(folder, lessonFileName: URL(fileURLWithPath: master.path).lastPathComponent)
        if all.isEmpty {
            throw LessonError(file: displayPath(folder), line: nil, message: "no student copies here (one .md file or one folder per student)")
        }
        return all
    }

    /// The folder `grades/` goes in: `--output`, else the course's output folder, and for a shard
    /// its own partial gradebook under `grades/shards/` (folded in by `lessons grades merge`).
    public var output: URL {
        guard let shard = settings.shard else { return settings.output ?? project.outputDirectory }
        return settings.output ?? project.outputDirectory.appendingPathComponent("grades/shards/\(master.slug)-\(shard.index)-of-\(shard.count)")
    }

    /// Grades the copies. Throws `Interrupted` on Ctrl-C, and a `LessonError` when the sandbox
    /// cannot run (and `--no-sandbox` was not given) or the folder holds no copies.
    public func run(progress: GradingProgress?) throws -> Outcome {
        if settings.sandboxed, let reason = Sandbox.unavailableReason() {
            throw LessonError(file: displayPath(submissions), line: nil,
                              message: "cannot grade safely: \(reason). Fix that, or pass --no-sandbox to grade without one (copies can then read and change your files)")
        }
        let snapshot = try GradingSnapshot(masterFile: URL(fileURLWithPath: master.path), masterPath: master.path, build: build)
        var sandbox: Sandbox?
        if settings.sandboxed {
            var limits = Sandbox.Limits()
            limits.memoryBytes = UInt64(settings.memoryGiB * Double(1 << 30))
            sandbox = Sandbox(readOnly: [snapshot.folder], limits: limits)
            try snapshot.warmModuleCache(sandbox: sandbox)
        }
        // The copies read the master's data folder, wherever each one runs.
        let grader = Grader(master: snapshot.master, build: snapshot.build, timeLimit: settings.timeLimit,
                            dataDirectory: project.dataFolder(settings.dataDirectory).path, sandbox: sandbox)
        grader.moduleCache = snapshot.moduleCache
        // The copies graded at once share the cores: this machine's, or under Slurm the CPUs
        // allotted to this task (a node's other tasks use the rest).
        let cores = ProcessInfo.processInfo.environment["SLURM_CPUS_PER_TASK"].flatMap { Int($0) }
            ?? ProcessInfo.processInfo.activeProcessorCount
        grader.threadsPerCopy = max(1, cores / ClassGrading.copiesAtOnce(jobs: settings.jobs, copies: selected.count))
        let output = self.output
        let lessonMaster = snapshot.master
        let started = Date()
        let grades = try ClassGrading(grader: grader, jobs: settings.jobs).gradeAll(selected, feedback: { submission in
            submission.file == nil || submission.problem != nil ? nil
                : GradeReport.feedbackFolder(student: submission.student, master: lessonMaster, output: output)
        }, progress: progress)
        let seconds = Date().timeIntervalSince(started)

        // The course's gradebook keeps every grading; the lesson's table shows every student graded so far.
        let graded = GradedLesson(master: master)
        let store = try GradeStore(output: output)
        let gradedAt = Date()
        try store.record(lesson: graded, grades: grades, gradedAt: gradedAt, sandboxed: sandbox != nil)
        if let shard = settings.shard {
            try store.recordShard(lesson: master.slug, shard: shard, split: Shard.split(entries.map(\.student), into: shard.count), gradedAt: gradedAt)
        }
        let files = try GradeReport.write(lesson: graded, current: try store.current(lesson: master.slug), output: output)
        return Outcome(grades: grades, seconds: seconds, sandboxed: sandbox != nil, output: output,
                       csv: files.csv, html: files.html,
                       feedback: grades.contains { $0.feedback != nil } ? GradeReport.feedbackRoot(master: master, output: output) : nil,
                       changedDuringGrading: snapshot.verify())
    }
}

extension HandInGrading.Outcome {
    /// The score table: one row per copy (further notes on rows of their own), with a header.
    public var rows: [[String]] {
        var rows: [[String]] = [["STUDENT", "POINTS", "MAX", "PERCENT", "STATUS", "NOTES"]]
        for g in grades {
            rows.append([ScoreTable.printable(g.student), Formatting.points(g.grade.points), Formatting.points(g.grade.maxPoints),
                         String(format: "%.1f%%", g.grade.percent), g.status.rawValue, g.notes.first ?? ""])
            for note in g.notes.dropFirst() { rows.append(["", "", "", "", "", note]) }
        }
        return rows
    }
}
