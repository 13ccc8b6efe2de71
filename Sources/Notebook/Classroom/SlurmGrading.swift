import Foundation

/// Grading a hand-in folder on a Slurm cluster: an `sbatch` job array with one task per shard,
/// each task running `lessons check LESSON --submissions DIR --shard I/N --output PART` on the
/// shared file system (so every copy still runs in its own sandbox on the node), then, when
/// every task has ended, the parts merged into the course's gradebook. Slurm is driven only
/// through its commands (`sbatch`, `squeue`, `scontrol`), which also work on clusters without
/// accounting (`sacct` needs slurmdbd); no scheduler of our own.
public struct SlurmGrading {
    /// How one array task ended, as `scontrol show job` tells it.
    public struct TaskState: Sendable, Equatable {
        public var shard: Int
        /// PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, CANCELLED, OUT_OF_MEMORY, NODE_FAIL…
        public var state: String
        public var reason: String
        public var exitCode: String

        public var finished: Bool { !["PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING"].contains(state) }
        public var succeeded: Bool { state == "COMPLETED" }
    }

    /// The `lessons` executable the tasks run (this one).
    public var executable: URL
    /// The project's lessons folder, the master lesson and the hand-in folder, absolute: the
    /// tasks run on other machines, from the same shared paths.
    public var lessonsDirectory: URL
    public var master: URL
    public var submissions: URL
    public var shards: Int
    /// Where the script, the logs and the parts go: `<output>/grades/slurm/<lesson>-<time>/`.
    public var jobFolder: URL
    /// Arguments every shard's `lessons check` gets besides the shard (`--timeout`, `--memory`, `--data`…).
    public var checkArguments: [String]
    public var partition: String?
    /// Slurm's time limit per task (`--time`), as Slurm writes it (`30:00`, `2:00:00`).
    public var timeLimit: String?
    public var cpusPerTask: Int

    public init(executable: URL, lessonsDirectory: URL, master: URL, submissions: URL, shards: Int, jobFolder: URL,
                checkArguments: [String], partition: String?, timeLimit: String?, cpusPerTask: Int) {
        self.executable = executable
        self.lessonsDirectory = lessonsDirectory
        self.master = master
        self.submissions = submissions
        self.shards = shards
        self.jobFolder = jobFolder
        self.checkArguments = checkArguments
        self.partition = partition
        self.timeLimit = timeLimit
        self.cpusPerTask = cpusPerTask
    }

    /// Shard I's output folder (a partial gradebook and its feedback reports).
    public func part(_ shard: Int) -> URL { jobFolder.appendingPathComponent("part-\(shard)") }
    public func log(_ shard: Int) -> URL { jobFolder.appendingPathComponent("shard-\(shard).log") }
    public var scriptFile: URL { jobFolder.appendingPathComponent("grade.sbatch") }

    /// The job array script.
    public var script: String {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var lines = [
            "#!/bin/bash",
            "# Grades \(master.lastPathComponent) for the copies in \(submissions.path), one shard per array task.",
            "# Written by `lessons check --slurm`; adapt the #SBATCH lines to your cluster if needed.",
            "#SBATCH --job-name=lessons-grade-\(master.deletingPathExtension().lastPathComponent)",
            "#SBATCH --array=1-\(shards)",
            "#SBATCH --ntasks=1",
            "#SBATCH --cpus-per-task=\(cpusPerTask)",
            "#SBATCH --output=\(jobFolder.path)/shard-%a.log",
        ]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let timeLimit { lines.append("#SBATCH --time=\(timeLimit)") }
        let command = [executable.path, "check", master.path, "--lessons-dir", lessonsDirectory.path,
                       "--submissions", submissions.path] + checkArguments + ["--jobs", String(cpusPerTask)]
        lines += [
            "set -euo pipefail",
            "cd \(quoted(lessonsDirectory.deletingLastPathComponent().path))",
            "exec " + command.map(quoted).joined(separator: " ")
                + " --shard \"${SLURM_ARRAY_TASK_ID}/\(shards)\" --output \(quoted(jobFolder.path))/part-\"${SLURM_ARRAY_TASK_ID}\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the script and submits it; returns the job id.
    public func submit() throws -> String {
        try FileManager.default.createDirectory(at: jobFolder, withIntermediateDirectories: true)
        try Data(script.utf8).write(to: scriptFile)
        let (status, output) = try Self.run("sbatch", ["--parsable", scriptFile.path])
        let id = output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
        guard status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw LessonError(file: scriptFile.path, line: nil, message: "sbatch did not accept the job: \(output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return id
    }

    /// Polls until every task has ended, calling `progress` with the states whenever they change.
    public func wait(job id: String, poll: Double = 2, interruption: Interruption? = .shared,
                     progress: ([TaskState]) -> Void) throws -> [TaskState] {
        var last: [TaskState] = []
        while true {
            if interruption?.isRequested == true { throw Interrupted() }
            let states = try self.states(job: id)
            if states != last { progress(states); last = states }
            if states.count == shards, states.allSatisfy(\.finished) { return states }
            Thread.sleep(forTimeInterval: poll)
        }
    }

    /// Every task's state, shard 1 first (from `scontrol show job`; a task Slurm no longer
    /// knows is judged by whether its part was written).
    func states(job id: String) throws -> [TaskState] {
        let (status, output) = try Self.run("scontrol", ["show", "job", id, "--oneliner"])
        var byShard: [Int: TaskState] = [:]
        if status == 0 {
            for line in output.split(separator: "\n") {
                let fields = Self.fields(String(line))
                guard let tasks = fields["ArrayTaskId"] else { continue }
                for shard in Self.taskIndices(tasks) {
                    byShard[shard] = TaskState(shard: shard, state: fields["JobState"] ?? "UNKNOWN",
                                               reason: fields["Reason"] ?? "None", exitCode: fields["ExitCode"] ?? "")
                }
            }
        }
        return (1...shards).map { shard in
            byShard[shard] ?? TaskState(shard: shard, state: FileManager.default.fileExists(atPath: GradeStore.file(output: part(shard)).path) ? "COMPLETED" : "UNKNOWN",
                                        reason: "no longer known to Slurm", exitCode: "")
        }
    }

    /// `Key=Value` fields of one `scontrol --oneliner` line.
    static func fields(_ line: String) -> [String: String] {
        var fields: [String: String] = [:]
        for token in line.split(separator: " ") {
            guard let equals = token.firstIndex(of: "=") else { continue }
            fields[String(token[..<equals])] = String(token[token.index(after: equals)...])
        }
        return fields
    }

    /// `3`, `1-3`, `2,4-5` or `1-8%2` → the task indices.
    static func taskIndices(_ text: String) -> [Int] {
        let list = text.split(separator: "%").first ?? ""
        return list.split(separator: ",").flatMap { part -> [Int] in
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 2, bounds[0] <= bounds[1] { return Array(bounds[0]...bounds[1]) }
            return bounds.count == 1 ? bounds : []
        }
    }

    /// Runs a Slurm command; (exit status, stdout and stderr).
    static func run(_ tool: String, _ arguments: [String]) throws -> (Int32, String) {
        let child: Subprocess
        do {
            child = try Subprocess.spawn("/usr/bin/env", arguments: [tool] + arguments, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw LessonError(file: tool, line: nil, message: "cannot run \(tool): \(error) (is Slurm installed here?)")
        }
        let (output, termination, _) = try child.collectOutput(interruption: nil)
        guard case .exited(let status) = termination else { return (-1, String(decoding: output, as: UTF8.self)) }
        return (status, String(decoding: output, as: UTF8.self))
    }
}

extension SlurmGrading {
    /// A line of how many tasks are queued, running, done and failed.
    public static func tally(_ states: [TaskState]) -> String {
        let counts = Dictionary(grouping: states) { $0.finished ? ($0.succeeded ? "done" : "failed") : ($0.state == "PENDING" ? "queued" : "running") }
        return ["queued", "running", "done", "failed"].map { "\($0) \(counts[$0]?.count ?? 0)" }.joined(separator: ", ")
    }

    /// Folds the parts of the tasks that succeeded into the gradebook in `output` and writes the
    /// lesson's grade page; returns how many parts were merged, the gradings added and the page.
    public func merge(_ states: [TaskState], master: Lesson, into output: URL) throws -> (parts: Int, added: Int, page: URL) {
        let parts = states.filter(\.succeeded).map { part($0.shard) }
            .filter { FileManager.default.fileExists(atPath: GradeStore.file(output: $0).path) }
        let store = try GradeStore(output: output)
        let report = try store.merge(parts: parts)
        let files = try GradeReport.write(lesson: GradedLesson(master: master), current: try store.current(lesson: master.slug), output: output)
        return (parts.count, report.added, files.html)
    }
}
