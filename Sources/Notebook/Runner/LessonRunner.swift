import FileSystem
import Foundation
import LessonRuntime

/// How to run lessons.
public struct RunOptions: Sendable {
    /// Run even when a cached result exists.
    public var fresh: Bool
    /// The data folder (`--data`); nil means `LESSONS_DATA` or the loaders' default.
    public var dataDirectory: String?

    /// Seconds the lesson's program may run in all before it is killed (nil: no limit; step
    /// `timeout`s apply either way). Used when grading student copies.
    public var timeLimit: Double?
    /// Where the compiler and the program run: nil on this machine as it is, else in this
    /// sandbox (grading student copies).
    public var sandbox: Sandbox?
    /// The name of the program's session (`ProgramGenerator.secretSessionName()` for programs
    /// that hold a student's code).
    public var sessionName: String
    /// The clang module cache of a sandboxed compile (see `Compiler.moduleCache`).
    public var moduleCache: URL?
    public var moduleCacheMountPoint: URL?
    /// True when the run's report is the course's own page of the lesson: its result (stored or
    /// reused) becomes the one `lessons list` and the index show. False for scratch runs
    /// (`--set`, `--data`, a copy outside the lessons folder, `--output`).
    public var recordAsLast: Bool
    /// `--from`: the index of the step the reader re-runs from. The lesson runs again whatever
    /// the cache holds; the earlier steps that are as before are shown collapsed (`RerunFrom`).
    public var from: Int? = nil
    /// Threads the program's kernels and OpenBLAS use, unless this process's environment
    /// chose (`threadSetting`): a graded copy's share of the cores. nil: all the cores.
    public var threads: Int? = nil

    public init(fresh: Bool = false, dataDirectory: String? = nil, timeLimit: Double? = nil, sandbox: Sandbox? = nil,
                sessionName: String = ProgramGenerator.defaultSessionName, recordAsLast: Bool = true) {
        self.recordAsLast = recordAsLast
        self.fresh = fresh
        self.dataDirectory = dataDirectory
        self.timeLimit = timeLimit
        self.sandbox = sandbox
        self.sessionName = sessionName
    }

    /// The variable that gives the program `threads`, or none when `environment` (the
    /// runner's own) sets OMP_NUM_THREADS or LESSONS_THREADS: a teacher's choice stands.
    public func threadSetting(in environment: [String: String]) -> [String: String] {
        guard let threads, environment["OMP_NUM_THREADS"] == nil, environment["LESSONS_THREADS"] == nil else { return [:] }
        return ["OMP_NUM_THREADS": String(threads)]
    }
}

/// A lesson's result, and how it was obtained.
public struct LessonOutcome: Sendable {
    public var run: LessonRun
    /// Where `run.steps[…].figures` resolve.
    public var artifacts: URL
    /// True when swiftc ran (false for a cached binary or a cached result).
    public var compiled: Bool
    /// True when the lesson's program ran (false for a cached result or a compile error).
    public var executed: Bool
}

/// Runs one lesson end to end: results cache, program generation, compilation, execution,
/// storing the result.
public final class LessonRunner {
    public let project: ProjectFolders
    public let build: LessonKitBuild
    /// The engine's datasets, for the cache key's data part.
    public let datasets: KnownDatasets
    /// Signalled by Ctrl-C (tests pass their own).
    public var interruption: Interruption?

    public init(project: ProjectFolders, build: LessonKitBuild, datasets: KnownDatasets, interruption: Interruption? = .shared) {
        self.project = project
        self.build = build
        self.datasets = datasets
        self.interruption = interruption
    }

    func compiler(_ options: RunOptions) -> Compiler {
        var compiler = Compiler(build: build, cacheDirectory: project.binaries)
        compiler.sandbox = options.sandbox
        compiler.moduleCache = options.moduleCache
        compiler.moduleCacheMountPoint = options.moduleCacheMountPoint
        return compiler
    }

    /// The data folder a run reads: `--data`, else `LESSONS_DATA` (nil: the loaders' default).
    private func dataDirectory(_ options: RunOptions) -> String? {
        options.dataDirectory ?? ProcessInfo.processInfo.environment[RuntimeEnvironment.data]
    }

    /// Runs `lesson` with `params`, or re-uses its cached result.
    public func run(_ lesson: Lesson, params: [ParamAssignment], options: RunOptions = RunOptions(),
                    observer: RunObserver? = nil) throws -> LessonOutcome {
        let cache = project.results
        let dataDirectory = dataDirectory(options)
        let dataFingerprint = datasets.fingerprint(of: lesson, dataDirectory: dataDirectory)
        let flags = compiler(options).extraFlags
        let key = CacheKey.result(lesson: lesson, params: params, buildFingerprint: build.fingerprint,
                                  dataFingerprint: dataFingerprint, compilerFlags: flags)
        let parts = CacheKey.parts(lesson: lesson, params: params, buildFingerprint: build.fingerprint,
                                   dataFingerprint: dataFingerprint, compilerFlags: flags)
        let cacheable = lesson.steps.allSatisfy(\.options.cache)

        // A stored result is reused only while the files its run read from the data folder are as they were.
        let found = !options.fresh && options.from == nil && cacheable ? cache.lookup(slug: lesson.slug, key: key) : nil
        let editedData = DataFiles.changed(found?.meta.dataFiles)
        if let entry = found, editedData.isEmpty {
            // The page will show this result: `list` and the index must say its status.
            if options.recordAsLast { try cache.markLast(slug: lesson.slug, entry) }
            var run = LineRemapper.remap(entry.run, oldStepLines: entry.meta.stepLines, lesson: lesson)
            run.title = lesson.title
            run.fromCache = true
            observer?.lessonCached(lesson, run: run)
            observer?.lessonFinished(lesson, run: run)
            return LessonOutcome(run: run, artifacts: entry.artifacts, compiled: false, executed: false)
        }

        let rerun = options.from.map { RerunFrom(start: $0, lesson: lesson, previous: cache.lookup(slug: lesson.slug, key: key) ?? cache.last(slug: lesson.slug)) }
        let observer: RunObserver? = rerun.map { RerunFromObserver(observer, $0) } ?? observer
        observer?.cacheMissed(lesson, reason: options.from.map { Self.fromReason($0, lesson) }
                              ?? (editedData.isEmpty ? nil : Self.editedDataReason(editedData))
                              ?? Self.missReason(fresh: options.fresh, cacheable: cacheable,
                                                 previous: cache.last(slug: lesson.slug)?.meta.parts, parts: parts))
        let work = try cache.makeWorkFolder(slug: lesson.slug)
        let attempt: Attempt
        do {
            attempt = try compileAndExecute(lesson, params: params, options: options, work: work, dataDirectory: dataDirectory,
                                            observer: observer, controller: nil)
        } catch {
            try? FileManager.default.removeItem(at: work)
            throw error
        }
        var run = attempt.run
        var reusable = cacheable && attempt.finished
        // A failure is reused only when it lies in the lesson's code: a compile error or a failed
        // step at a Markdown line. One without a place (a full disk while linking, a missing
        // linker, a program that died outside its steps) may come from the machine: try again.
        let placed = run.compileError?.line != nil || run.steps.contains { $0.status == .failed && $0.error?.line != nil }
        if run.status != .ok && !placed { reusable = false }
        let entry: ResultCache.Entry
        do {
            try FileManager.default.createDirectory(at: work.appendingPathComponent("artifacts"), withIntermediateDirectories: true)
            entry = try cache.store(run, meta: .init(key: key, stepLines: lesson.steps.map(\.line), reusable: reusable, parts: parts,
                                                     stepCodes: lesson.steps.map(RerunFrom.fingerprint),
                                                     dataFiles: DataFiles.read(work.appendingPathComponent(DataFiles.fileName),
                                                                               inside: DataFiles.folder(dataDirectory, root: project.root))),
                                    work: work, recordAsLast: options.recordAsLast)
        } catch {
            // A full disk, say: leave nothing half-stored behind.
            try? FileManager.default.removeItem(at: work)
            throw error
        }
        // The stored result stays plain; this run's report says which steps only rebuilt state.
        if let rerun { run.steps = rerun.mark(run.steps) }
        observer?.lessonFinished(lesson, run: run)
        return LessonOutcome(run: run, artifacts: entry.artifacts, compiled: attempt.compiled, executed: attempt.executed)
    }

    /// Why a run did not reuse a result whose inputs are the same: data files it read changed.
    static func editedDataReason(_ paths: [String]) -> String {
        let names = paths.prefix(3).map { displayPath(URL(fileURLWithPath: $0)) }.joined(separator: ", ")
        return "not cached: data changed since the last result (\(names)\(paths.count > 3 ? ", …" : ""))"
    }

    /// Why a `--from` run runs, in words for the terminal.
    static func fromReason(_ start: Int, _ lesson: Lesson) -> String {
        guard start > 0 else { return "--from step 1: running the lesson again" }
        return "--from step \(start + 1): running the lesson again; steps 1–\(start) run first to rebuild its state "
            + "(those unchanged since the cached run, with the same output, are shown collapsed)"
    }

    /// Runs `lesson` in step mode: `controller` is asked before each step. Nothing is cached;
    /// figures are kept in `stepWork/artifacts` (step-k/figure-n.png) for the reader to open.
    public func stepThrough(_ lesson: Lesson, params: [ParamAssignment], options: RunOptions = RunOptions(),
                            observer: RunObserver?, controller: StepController,
                            stepWork: URL = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-step-\(UUID().uuidString)")) throws -> LessonRun {
        try compileAndExecute(lesson, params: params, options: options, work: stepWork,
                              dataDirectory: dataDirectory(options), observer: observer, controller: controller).run
    }

    /// What compiling and running a lesson's program gave.
    private struct Attempt {
        var run: LessonRun
        /// True when swiftc ran.
        var compiled = false
        /// True when a program ran (the whole lesson's, or the steps' before a compile error).
        var executed = false
        /// False when the program was stopped (Ctrl-C, a quit, a broken protocol) or a step timed out.
        var finished = true

        /// Takes the steps an executed program reported (all of the lesson's, or those before a
        /// compile error) and what it said about the run.
        mutating func record(_ result: Executor.Result) {
            for step in result.steps { run.steps[step.index] = step }
            run.tampering = result.tampering
            run.metrics = result.metrics
            run.dataSources = result.dataSources
            if result.stop != nil || result.steps.contains(where: { $0.status == .timedOut }) { finished = false }
        }
    }

    /// The one way a lesson's program is built and run, for `run` and `stepThrough` alike:
    /// generate, compile, run. When a step does not compile, the steps before it still run
    /// (`PartialLesson`) and that step shows the error; every compile error is kept in the run.
    /// Ctrl-C ends it as an interrupted run, with the steps that finished.
    private func compileAndExecute(_ lesson: Lesson, params: [ParamAssignment], options: RunOptions, work: URL, dataDirectory: String?,
                                   observer: RunObserver?, controller: StepController?) throws -> Attempt {
        let startedAt = Date()
        var attempt = Attempt(run: .notRun(lesson, params: params, engineVersion: build.engineVersion, startedAt: startedAt))
        do {
            observer?.compiling(lesson)
            let prepared = try prepare(lesson, params: params, options: options)
            switch prepared.outcome {
            case .program(let program):
                attempt.compiled = program.compiled
                observer?.compiled(lesson, seconds: program.seconds, compiled: program.compiled)
                attempt.executed = true
                let result = try execute(program, lesson, work: work, options: options, dataDirectory: dataDirectory,
                                         expected: prepared.expectedErrors, observer: observer, controller: controller)
                attempt.record(result)
                attempt.run.status = Self.status(result.steps, stop: result.stop)
            case .errors(let errors, _):
                attempt.compiled = true
                observer?.compileFailed(lesson, errors: errors)
                attempt.run.compileErrors = errors
                guard let first = PartialLesson.firstFailingStep(errors, in: lesson) else { break }
                var stop: RunRecorder.Stop?
                if first > 0 {
                    let before = PartialLesson.truncated(lesson, before: first)
                    let partial = try prepare(before, params: params, options: options)
                    if case .program(let program) = partial.outcome {
                        attempt.executed = true
                        let result = try execute(program, before, work: work, options: options, dataDirectory: dataDirectory,
                                                 expected: partial.expectedErrors, observer: observer, controller: controller)
                        attempt.record(result)
                        stop = result.stop
                    }
                }
                attempt.run.steps[first].status = .failed
                attempt.run.steps[first].error = PartialLesson.error(errors, inStep: first, of: lesson)
                // Stepping through, the reader is shown that step when its turn comes.
                if controller != nil, stop == nil { observer?.stepFinished(lesson.steps[first], attempt.run.steps[first]) }
                attempt.run.status = stop == .interrupted ? .interrupted : stop == .quit ? .notRun : .failed
            }
        } catch is Interrupted {
            attempt.run.status = .interrupted
            attempt.finished = false
        }
        attempt.run.duration = Date().timeIntervalSince(startedAt)
        return attempt
    }

    /// Runs a compiled program of `lesson` (the whole lesson or the steps before a compile error).
    private func execute(_ program: Compiler.Program, _ lesson: Lesson, work: URL, options: RunOptions, dataDirectory: String?,
                         expected: [Int: Diagnostic], observer: RunObserver?, controller: StepController?) throws -> Executor.Result {
        var environment: [String: String] = [:]
        if let dataDirectory { environment[RuntimeEnvironment.data] = dataDirectory }
        environment[RuntimeEnvironment.dataFiles] = work.appendingPathComponent(DataFiles.fileName).path
        environment.merge(options.threadSetting(in: ProcessInfo.processInfo.environment)) { $1 }
        let executor = Executor(program: program.executable, lesson: lesson, workFolder: work,
                                workingDirectory: project.root, environment: environment,
                                expectedCompileErrors: expected, timeLimit: options.timeLimit, sandbox: options.sandbox)
        return try executor.run(observer: observer, controller: controller, interruption: interruption)
    }

    /// Why a run found no reusable result, in words for the terminal.
    static func missReason(fresh: Bool, cacheable: Bool, previous: [String: String]?, parts: [String: String]) -> String {
        if fresh { return "--fresh: running without the cache" }
        if !cacheable { return "a step has `cache: false`: it always runs" }
        guard let previous else { return "no earlier result of this lesson" }
        if let changed = CacheKey.changed(from: previous, to: parts) {
            return "not cached: \(changed.joined(separator: ", ")) changed since the last result"
        }
        return "not cached: the last result with these inputs did not finish (interrupted or timed out)"
    }

    /// Generates and compiles the program. When every compile error lies in `expect: error`
    /// steps, those steps failed as they should: they are left out and the rest compiled again.
    private func prepare(_ lesson: Lesson, params: [ParamAssignment], options: RunOptions) throws
        -> (outcome: Compiler.Outcome, expectedErrors: [Int: Diagnostic]) {
        let compiler = self.compiler(options)
        let first = try compiler.compile(ProgramGenerator.generate(lesson, params: params, sessionName: options.sessionName), slug: lesson.slug,
                                         lessonPath: lesson.path, interruption: interruption)
        guard case .errors(let errors, _) = first, let expected = Self.expectedFailures(errors, in: lesson) else {
            return (first, [:])
        }
        let second = try compiler.compile(ProgramGenerator.generate(lesson, params: params, stubbed: Set(expected.keys), sessionName: options.sessionName),
                                          slug: lesson.slug, lessonPath: lesson.path, interruption: interruption)
        return (second, expected)
    }

    /// The first error of each step, when all errors are inside `expect: error` steps.
    static func expectedFailures(_ errors: [Diagnostic], in lesson: Lesson) -> [Int: Diagnostic]? {
        var found: [Int: Diagnostic] = [:]
        for error in errors {
            guard error.file == lesson.path, let line = error.line,
                  let step = lesson.steps.first(where: { $0.options.expectError && $0.lines.contains(line) }) else { return nil }
            if found[step.index] == nil { found[step.index] = error }
        }
        return found.isEmpty ? nil : found
    }

    static func status(_ steps: [StepResult], stop: RunRecorder.Stop?) -> RunStatus {
        if stop == .interrupted { return .interrupted }
        if stop == .tampered { return .failed }
        if steps.contains(where: { $0.status == .failed || $0.status == .timedOut }) { return .failed }
        if stop == .quit { return .notRun }
        if steps.contains(where: { $0.status == .notRun }) { return .failed }
        return .ok
    }
}
