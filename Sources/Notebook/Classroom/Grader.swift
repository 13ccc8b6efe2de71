import FileSystem
import Foundation
import LessonRuntime

/// One student's result.
public struct SubmissionGrade: Sendable {
    /// How grading the copy went.
    public enum Status: String, Sendable {
        case ok
        case checksFailed = "checks failed"
        case compileError = "does not compile"
        case crashed
        case timedOut = "timed out"
        case malformed
        case missing
        /// The copy's event stream was forged, repeated or out of order, or it misused the
        /// runtime: the steps from there on score 0.
        case tampered
        /// A link or another entry that could stand for someone else's work: not graded.
        case refused
        /// Not a copy (a hidden or stray file): listed so that nothing vanishes silently.
        case skipped
    }

    public var student: String
    /// The copy as messages name it (nil when the student's folder holds none).
    public var path: String?
    public var status: Status
    /// Per check step; all zero for a copy that did not run.
    public var grade: LessonGrade
    /// What went wrong, with Markdown lines (`copies/alice.md:42: Fatal error: …`).
    public var notes: [String]
    /// Seconds spent compiling and running.
    public var duration: Double
    /// The student's feedback report (their copy's page: code, output, figures, errors and
    /// checks in place), when one was asked for and the copy ran.
    public var feedback: URL? = nil
    /// SHA-256 of the copy's bytes, as graded.
    public var digest: String? = nil
}

/// Grades students' copies of a master lesson, each in isolation. What runs is the master's
/// program with only the bodies of its exercise steps taken from the copy: every other step
/// (ordinary helpers and check steps alike) is the master's code, and the points always come
/// from the master. Each copy compiles and runs in its own sandbox (`Sandbox`), from a
/// snapshot of the master and the build (`GradingSnapshot`), with its own work folder, the
/// master's params and a time limit for the whole run.
public final class Grader: @unchecked Sendable {
    public let master: Lesson
    public let build: LessonKitBuild
    /// Seconds each copy's program may run.
    public var timeLimit: Double
    /// The data folder handed to the copies (absolute).
    public var dataDirectory: String?
    /// nil only when the teacher chose `--no-sandbox`.
    public var sandbox: Sandbox?
    /// A warm clang module cache (`GradingSnapshot.moduleCache`), copied for each copy.
    public var moduleCache: URL?
    /// Threads each copy runs on (`RunOptions.threads`): the cores shared among the copies
    /// graded at once. nil: all the cores.
    public var threadsPerCopy: Int?
    public var interruption: Interruption?
    /// Names the vetting already probed against this build, shared by every copy.
    private let knownNames = ExerciseVetting.KnownNames()

    public init(master: Lesson, build: LessonKitBuild, timeLimit: Double, dataDirectory: String?,
                sandbox: Sandbox?, interruption: Interruption? = .shared) {
        self.master = master
        self.build = build
        self.timeLimit = timeLimit
        self.dataDirectory = dataDirectory
        self.sandbox = sandbox
        self.interruption = interruption
    }

    /// The grade of a copy that did not run.
    func zero() -> LessonGrade {
        LessonGrade.grade(master: master, graded: Lesson(path: "", slug: "", title: "", params: [], data: [], blocks: []), run: nil)
    }

    /// Grades one copy in parallel slot `slot`; throws only `Interrupted` (Ctrl-C) or when no
    /// work folder can be made. With `feedback`, the copy's run is also rendered there as a
    /// small report (an index and the lesson's page), the nbgrader "feedback" a teacher hands
    /// back to the student.
    public func grade(_ submission: Submission, slot: Int = 0, observer: RunObserver? = nil, feedback: URL? = nil) throws -> SubmissionGrade {
        var row = SubmissionGrade(student: submission.student, path: submission.file.map(displayPath), status: .missing,
                                  grade: zero(), notes: [], duration: 0)
        switch submission.problem {
        case .refused(let why)?: row.status = .refused; row.notes = ["refused: \(why)"]; return row
        case .skipped(let why)?: row.status = .skipped; row.notes = ["skipped: \(why)"]; return row
        case nil: break
        }
        guard let file = submission.file else {
            row.notes = ["no copy of \(URL(fileURLWithPath: master.path).lastPathComponent) in the student's folder"]
            return row
        }
        let path = displayPath(file)
        let parsed: Lesson
        do {
            let data = try SubmissionFolder.read(file)
            row.digest = GradingSnapshot.digest(data)
            guard let text = String(data: data, encoding: .utf8) else {
                throw LessonError(file: path, line: nil, message: "the copy is not UTF-8 text")
            }
            parsed = try LessonParser.parse(text: text, path: path)
        } catch let error as LessonError {
            row.status = .malformed
            row.notes = [error.description]
            return row
        } catch {
            row.status = .refused
            row.notes = ["refused: \(error.localizedDescription)"]
            return row
        }
        var (copy, notes) = Self.assemble(master: master, copy: parsed)

        let started = Date()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-grade-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        _ = try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        _ = chmod(work.path, 0o755)
        let sandbox = self.sandbox?.forSlot(slot)
        // The copy's own clang module cache, started from the warm one.
        let moduleCache = work.appendingPathComponent("module-cache")
        if let warm = self.moduleCache, sandbox != nil {
            try Self.copyKeepingTimes(warm, to: moduleCache)
        } else {
            try FileManager.default.createDirectory(at: moduleCache, withIntermediateDirectories: true)
        }

        // Exercise bodies that could change what the master's code means are refused before building.
        var compiler = Compiler(build: build, cacheDirectory: work.appendingPathComponent("vetting"))
        compiler.sandbox = sandbox
        compiler.moduleCache = moduleCache
        compiler.moduleCacheMountPoint = self.moduleCache
        let refusals = try ExerciseVetting(compiler: compiler, interruption: interruption, known: knownNames)
            .problems(in: copy, folder: work.appendingPathComponent("vetting"))
        var run: LessonRun
        var artifacts: URL
        if refusals.isEmpty {
            // A copy that does not compile still runs the steps before the first one that does
            // not (the runner does that): they earn their points.
            (run, artifacts) = try execute(copy, in: work.appendingPathComponent("full"), sandbox: sandbox, moduleCache: moduleCache, observer: observer)
        } else {
            // A refused exercise counts as a compile error: the steps before it still run.
            run = .notRun(copy, params: [], engineVersion: build.engineVersion, startedAt: started)
            run.compileErrors = refusals
            artifacts = work
            if let first = PartialLesson.firstFailingStep(refusals, in: copy) {
                if first > 0 {
                    let before = PartialLesson.truncated(copy, before: first)
                    let (partial, partialArtifacts) = try execute(before, in: work.appendingPathComponent("partial"), sandbox: sandbox,
                                                                  moduleCache: moduleCache, observer: observer)
                    if partial.compileErrors.isEmpty {
                        for result in partial.steps { run.steps[result.index] = result }
                        run.tampering = partial.tampering
                        artifacts = partialArtifacts
                    }
                }
                run.steps[first].status = .failed
                run.steps[first].error = PartialLesson.error(refusals, inStep: first, of: copy)
            }
        }

        let status: SubmissionGrade.Status
        if let compileError = run.compileError {
            notes.append("does not compile: \(compileError.location): \(compileError.message)")
        }
        if let tampering = run.tampering {
            status = .tampered
            notes.append("\(tampering.location): \(tampering.message)")
        } else if run.compileError != nil {
            status = .compileError
        } else if let failed = run.steps.first(where: { $0.status == .timedOut }) {
            status = .timedOut
            notes.append(failed.error.map { "\($0.location): \($0.message)" } ?? "timed out")
        } else if let failed = run.steps.first(where: { ($0.status == .failed && !($0.error?.isFailedCheck ?? false)) || $0.status == .notRun }) {
            status = .crashed
            notes.append(failed.error.map { "\($0.location): \($0.message)" } ?? "step \(failed.name) did not run: the program ended before it")
        } else {
            status = .ok
        }
        let grade = LessonGrade.grade(master: master, graded: copy, run: run)
        row.path = path
        row.status = status == .ok && !grade.allPassed ? .checksFailed : status
        row.grade = grade
        row.notes = notes
        row.duration = Date().timeIntervalSince(started)
        if let feedback {
            try Report.writeLessonPage(lesson: copy, run: run, artifacts: artifacts, previous: nil, next: nil, output: feedback)
            try Report.writeIndex(entries: [(copy, run)], output: feedback)
            row.feedback = feedback.appendingPathComponent(copy.slug).appendingPathComponent("index.html")
        }
        return row
    }

    /// Compiles and runs `lesson` fresh in `folder` (its own cache; the program's working
    /// directory), in the sandbox; returns the run and the folder of its figures.
    private func execute(_ lesson: Lesson, in folder: URL, sandbox: Sandbox?, moduleCache: URL, observer: RunObserver?) throws -> (LessonRun, URL) {
        var project = ProjectFolders(lessonsDirectory: folder.appendingPathComponent("lessons"),
                                  cacheDirectory: folder.appendingPathComponent("cache"), environment: [:])
        project.root = folder.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: project.root, withIntermediateDirectories: true)
        try sandbox?.handOver([project.root])
        // A copy always runs fresh, into a cache of its own: no dataset fingerprint is needed.
        let runner = LessonRunner(project: project, build: build, datasets: .unknown, interruption: interruption)
        let params = try lesson.assigningParams([])
        var options = RunOptions(fresh: true, dataDirectory: dataDirectory, timeLimit: timeLimit, sandbox: sandbox,
                                 sessionName: ProgramGenerator.secretSessionName())
        options.moduleCache = moduleCache
        options.moduleCacheMountPoint = self.moduleCache
        options.threads = threadsPerCopy
        let outcome = try runner.run(lesson, params: params, options: options, observer: observer)
        if outcome.run.status == .interrupted { throw Interrupted() }
        return (outcome.run, outcome.artifacts)
    }

    /// Copies a folder with its files' modification times: clang checks the modules a module
    /// imports by size and time, and would rebuild a whole cache copied with new times.
    static func copyKeepingTimes(_ source: URL, to target: URL) throws {
        let copy = try Subprocess.spawn("/bin/cp", arguments: ["-a", source.path, target.path], environment: [:])
        guard try copy.collectOutput(interruption: nil).termination == .exited(0) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
        }
    }

    /// The program a copy is graded with: the master lesson, with the body of each exercise step
    /// taken from the copy's matching exercise step (same `id`, else the same position among
    /// exercise steps) at the copy's lines, and the master's code for every other step at the
    /// copy's lines where the copy has that step. Notes say what of the copy was not used.
    static func assemble(master: Lesson, copy: Lesson) -> (Lesson, [String]) {
        var graded = master
        graded.path = copy.path
        var notes: [String] = []
        let copyExercises = copy.steps.filter(\.options.exercise)
        let copyOthers = copy.steps.filter { !$0.options.exercise }
        var exerciseOrdinal = 0, otherOrdinal = 0
        for (blockIndex, block) in master.blocks.enumerated() {
            guard case .step(var step) = block else { continue }
            if step.options.exercise {
                let match = step.options.id.flatMap { id in copyExercises.first { $0.options.id == id } }
                    ?? (copyExercises.indices.contains(exerciseOrdinal) ? copyExercises[exerciseOrdinal] : nil)
                exerciseOrdinal += 1
                if let match {
                    step.code = match.code
                    step.line = match.line
                } else {
                    step.code = ""
                    notes.append("exercise `\(step.name)` is missing from the copy")
                }
            } else {
                let match = step.options.id.flatMap { id in copyOthers.first { $0.options.id == id } }
                    ?? (copyOthers.indices.contains(otherOrdinal) ? copyOthers[otherOrdinal] : nil)
                otherOrdinal += 1
                if let match {
                    if match.code != step.code || match.options != step.options {
                        let what = step.options.check.map { "check step `\($0)`" } ?? "step `\(step.name)`"
                        notes.append("\(copy.path):\(match.line): \(what) differs from the master copy; graded with the master's")
                    }
                    step.line = match.line
                }
            }
            graded.blocks[blockIndex] = .step(step)
        }
        return (graded, notes)
    }
}
