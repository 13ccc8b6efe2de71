import Foundation

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
    }

    public var student: String
    /// The copy as messages name it (nil when the student's folder holds none).
    public var path: String?
    public var status: Status
    /// Per check step; all zero for a malformed or missing copy.
    public var grade: LessonGrade
    /// What went wrong, with Markdown lines (`copies/alice.md:42: Fatal error: …`).
    public var notes: [String]
    /// Seconds spent compiling and running.
    public var duration: Double
    /// The student's feedback report (their copy's page: code, output, figures, errors and
    /// checks in place), when one was asked for and the copy ran.
    public var feedback: URL? = nil
}

/// Grades students' copies of a master lesson, each in isolation: its own cache and working
/// folder (never the master's cached result), the master's params, a time limit for the whole
/// run. Check steps that are not exercises run as the master has them, so editing a check does
/// not change it; the points always come from the master.
public final class Grader {
    public let master: Lesson
    public let build: LessonKitBuild
    /// Seconds each copy's program may run.
    public var timeLimit: Double
    /// The data folder handed to the copies (absolute).
    public var dataDirectory: String?
    public var interruption: Interruption?

    public init(master: Lesson, build: LessonKitBuild, timeLimit: Double, dataDirectory: String?,
                interruption: Interruption? = .shared) {
        self.master = master
        self.build = build
        self.timeLimit = timeLimit
        self.dataDirectory = dataDirectory
        self.interruption = interruption
    }

    /// Grades one copy; throws only `Interrupted` (Ctrl-C) or when no work folder can be made.
    /// With `feedback`, the copy's run is also rendered there as a small report (an index and
    /// the lesson's page), the nbgrader "feedback" a teacher hands back to the student.
    public func grade(_ submission: Submission, observer: RunObserver? = nil, feedback: URL? = nil) throws -> SubmissionGrade {
        let zero = LessonGrade.grade(master: master, graded: Lesson(path: "", slug: "", title: "", params: [], data: [], blocks: []), run: nil)
        guard let file = submission.file else {
            return SubmissionGrade(student: submission.student, path: nil, status: .missing, grade: zero,
                                   notes: ["no copy of \(URL(fileURLWithPath: master.path).lastPathComponent) in the student's folder"], duration: 0)
        }
        let path = Workspace.displayPath(file)
        let parsed: Lesson
        do {
            parsed = try LessonParser.parse(contentsOf: file, path: path)
        } catch let error as LessonError {
            return SubmissionGrade(student: submission.student, path: path, status: .malformed, grade: zero,
                                   notes: [error.description], duration: 0)
        }
        var (copy, notes) = Self.protectingChecks(parsed, master: master)
        copy.params = master.params

        let started = Date()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-grade-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        var (run, errors, artifacts) = try execute(copy, in: work.appendingPathComponent("full"), observer: observer)

        var status: SubmissionGrade.Status
        if let compileError = run.compileError {
            status = .compileError
            notes.append("does not compile: \(compileError.location): \(compileError.message)")
            // Run the steps before the first one that does not compile: they earn their points.
            if let first = Self.firstFailingStep(errors, in: copy), first > 0 {
                let before = Self.truncated(copy, before: first)
                let (partial, _, partialArtifacts) = try execute(before, in: work.appendingPathComponent("partial"), observer: observer)
                if partial.compileError == nil {
                    for result in partial.steps { run.steps[result.index] = result }
                    artifacts = partialArtifacts
                    run.steps[first].status = .failed
                    run.steps[first].error = compileError
                }
            }
        } else if let failed = run.steps.first(where: { $0.status == .timedOut }) {
            status = .timedOut
            notes.append(failed.error.map { "\($0.location): \($0.message)" } ?? "timed out")
        } else if let failed = run.steps.first(where: { $0.status == .failed && !($0.error?.message.hasPrefix("check failed:") ?? false) }) {
            status = .crashed
            notes.append(failed.error.map { "\($0.location): \($0.message)" } ?? "step \(failed.name) failed")
        } else {
            status = .ok
        }
        let grade = LessonGrade.grade(master: master, graded: copy, run: run)
        if status == .ok, !grade.allPassed { status = .checksFailed }
        for step in grade.steps where step.note == "check step missing from the copy" {
            notes.append("check step `\(step.check)` is missing from the copy")
        }
        var result = SubmissionGrade(student: submission.student, path: path, status: status, grade: grade,
                                     notes: notes, duration: Date().timeIntervalSince(started))
        if let feedback {
            try Report.writeLessonPage(lesson: copy, run: run, artifacts: artifacts, previous: nil, next: nil, output: feedback)
            try Report.writeIndex(entries: [(copy, run)], output: feedback)
            result.feedback = feedback.appendingPathComponent(copy.slug).appendingPathComponent("index.html")
        }
        return result
    }

    /// Compiles and runs `lesson` fresh in `folder` (its own cache; the program's working
    /// directory); returns the run, every compile error, and the folder of its figures.
    private func execute(_ lesson: Lesson, in folder: URL, observer: RunObserver?) throws -> (LessonRun, [Diagnostic], URL) {
        var workspace = Workspace(lessonsDirectory: folder.appendingPathComponent("lessons"),
                                  cacheDirectory: folder.appendingPathComponent("cache"), environment: [:])
        workspace.root = folder.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: workspace.root, withIntermediateDirectories: true)
        let runner = LessonRunner(workspace: workspace, build: build, interruption: interruption)
        let errors = CompileErrors(forwardingTo: observer)
        let params = try lesson.assigningParams([])
        let outcome = try runner.run(lesson, params: params,
                                     options: RunOptions(fresh: true, dataDirectory: dataDirectory, timeLimit: timeLimit),
                                     observer: errors)
        if outcome.run.status == .interrupted { throw Interrupted() }
        return (outcome.run, errors.errors, outcome.artifacts)
    }

    /// The copy with its non-exercise check steps replaced by the master's (code and options), and
    /// the options of its exercise check steps by the master's; notes for the ones that differed.
    static func protectingChecks(_ copy: Lesson, master: Lesson) -> (Lesson, [String]) {
        let matches = LessonGrade.matchCheckSteps(master: master, copy: copy)
        let masterSteps = master.steps
        var replaced = copy
        var notes: [String] = []
        for (masterIndex, copyIndex) in matches.sorted(by: { $0.key < $1.key }) {
            let reference = masterSteps[masterIndex]
            guard let blockIndex = replaced.blocks.firstIndex(where: {
                if case .step(let s) = $0 { return s.index == copyIndex } else { return false }
            }), case .step(var step) = replaced.blocks[blockIndex] else { continue }
            let codeProtected = !reference.options.exercise
            if step.options != reference.options || (codeProtected && step.code != reference.code) {
                notes.append("\(copy.path):\(step.line): check step `\(reference.options.check ?? reference.name)` differs from the master copy; graded with the master's")
            }
            step.options = reference.options
            if codeProtected { step.code = reference.code }
            replaced.blocks[blockIndex] = .step(step)
        }
        return (replaced, notes)
    }

    /// The index of the first step holding a compile error, if the errors lie in steps.
    static func firstFailingStep(_ errors: [Diagnostic], in lesson: Lesson) -> Int? {
        errors.compactMap { error -> Int? in
            guard error.file == lesson.path, let line = error.line else { return nil }
            return lesson.steps.first { $0.lines.contains(line) }?.index
        }.min()
    }

    /// The lesson up to (not including) step `index`.
    static func truncated(_ lesson: Lesson, before index: Int) -> Lesson {
        var copy = lesson
        if let cut = lesson.blocks.firstIndex(where: { if case .step(let s) = $0 { return s.index == index } else { return false } }) {
            copy.blocks = Array(lesson.blocks[..<cut])
        }
        return copy
    }
}

/// Keeps the compile errors a run reports, passing every event on.
private final class CompileErrors: RunObserver {
    var errors: [Diagnostic] = []
    let next: RunObserver?

    init(forwardingTo next: RunObserver?) { self.next = next }

    func lessonCached(_ lesson: Lesson, run: LessonRun) { next?.lessonCached(lesson, run: run) }
    func compiling(_ lesson: Lesson) { next?.compiling(lesson) }
    func compiled(_ lesson: Lesson, seconds: Double, compiled: Bool) { next?.compiled(lesson, seconds: seconds, compiled: compiled) }
    func compileFailed(_ lesson: Lesson, errors: [Diagnostic]) {
        self.errors = errors
        next?.compileFailed(lesson, errors: errors)
    }
    func stepStarted(_ step: Step, of total: Int) { next?.stepStarted(step, of: total) }
    func stepOutput(_ step: Step, _ data: Data) { next?.stepOutput(step, data) }
    func stepFinished(_ step: Step, _ result: StepResult) { next?.stepFinished(step, result) }
    func tick(_ step: Step, elapsed: Double) { next?.tick(step, elapsed: elapsed) }
    func lessonFinished(_ lesson: Lesson, run: LessonRun) { next?.lessonFinished(lesson, run: run) }
}
