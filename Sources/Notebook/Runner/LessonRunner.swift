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

    public init(fresh: Bool = false, dataDirectory: String? = nil, timeLimit: Double? = nil, sandbox: Sandbox? = nil,
                sessionName: String = ProgramGenerator.defaultSessionName) {
        self.fresh = fresh
        self.dataDirectory = dataDirectory
        self.timeLimit = timeLimit
        self.sandbox = sandbox
        self.sessionName = sessionName
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
    public let workspace: Workspace
    public let build: LessonKitBuild
    /// Signalled by Ctrl-C (tests pass their own).
    public var interruption: Interruption?

    public init(workspace: Workspace, build: LessonKitBuild, interruption: Interruption? = .shared) {
        self.workspace = workspace
        self.build = build
        self.interruption = interruption
    }

    func compiler(_ options: RunOptions) -> Compiler {
        var compiler = Compiler(build: build, cacheDirectory: workspace.binaries)
        compiler.sandbox = options.sandbox
        compiler.moduleCache = options.moduleCache
        compiler.moduleCacheMountPoint = options.moduleCacheMountPoint
        return compiler
    }

    /// Runs `lesson` with `params`, or re-uses its cached result.
    public func run(_ lesson: Lesson, params: [ParamAssignment], options: RunOptions = RunOptions(),
                    observer: RunObserver? = nil) throws -> LessonOutcome {
        let cache = workspace.results
        let dataDirectory = options.dataDirectory ?? ProcessInfo.processInfo.environment[RuntimeEnvironment.data]
        let key = CacheKey.result(lesson: lesson, params: params, buildFingerprint: build.fingerprint,
                                  dataFingerprint: DataFingerprint.of(lesson: lesson, dataDirectory: dataDirectory),
                                  compilerFlags: compiler(options).extraFlags)
        let cacheable = lesson.steps.allSatisfy(\.options.cache)

        if !options.fresh, cacheable, let entry = cache.lookup(slug: lesson.slug, key: key) {
            var run = LineRemapper.remap(entry.run, oldStepLines: entry.meta.stepLines, lesson: lesson)
            run.title = lesson.title
            run.fromCache = true
            observer?.lessonCached(lesson, run: run)
            observer?.lessonFinished(lesson, run: run)
            return LessonOutcome(run: run, artifacts: entry.artifacts, compiled: false, executed: false)
        }

        let startedAt = Date()
        let work = try cache.makeWorkFolder(slug: lesson.slug)
        var run = LessonRun(slug: lesson.slug, title: lesson.title, status: .failed, startedAt: startedAt, duration: 0,
                            params: params.map(\.runParam), dataSources: [], engineVersion: build.engineVersion,
                            metrics: [], compileError: nil, steps: Self.notRun(lesson), fromCache: false)
        var compiled = false, executed = false, reusable = cacheable
        do {
            observer?.compiling(lesson)
            let prepared = try prepare(lesson, params: params, options: options)
            switch prepared.outcome {
            case .errors(let errors, _):
                compiled = true
                observer?.compileFailed(lesson, errors: errors)
                run.compileError = errors.first
            case .program(let program):
                compiled = program.compiled
                observer?.compiled(lesson, seconds: program.seconds, compiled: program.compiled)
                var environment: [String: String] = [:]
                if let dataDirectory { environment[RuntimeEnvironment.data] = dataDirectory }
                let executor = Executor(program: program.executable, lesson: lesson, workFolder: work,
                                        workingDirectory: workspace.root, environment: environment,
                                        expectedCompileErrors: prepared.expectedErrors, timeLimit: options.timeLimit,
                                        sandbox: options.sandbox)
                executed = true
                let result = try executor.run(observer: observer, interruption: interruption)
                run.steps = result.steps
                run.tampering = result.tampering
                run.metrics = result.metrics
                run.dataSources = result.dataSources
                run.status = Self.status(result.steps, stop: result.stop)
                if result.stop != nil || result.steps.contains(where: { $0.status == .timedOut }) { reusable = false }
            }
        } catch is Interrupted {
            run.status = .interrupted
            reusable = false
        } catch {
            try? FileManager.default.removeItem(at: work)
            throw error
        }
        run.duration = Date().timeIntervalSince(startedAt)
        // A failure is reused only when it lies in the lesson's code: a compile error or a failed
        // step at a Markdown line. One without a place (a full disk while linking, a missing
        // linker, a program that died outside its steps) may come from the machine: try again.
        let placed = run.compileError?.line != nil || run.steps.contains { $0.status == .failed && $0.error?.line != nil }
        if run.status != .ok && !placed { reusable = false }
        let entry: ResultCache.Entry
        do {
            try FileManager.default.createDirectory(at: work.appendingPathComponent("artifacts"), withIntermediateDirectories: true)
            entry = try cache.store(run, meta: .init(key: key, stepLines: lesson.steps.map(\.line), reusable: reusable), work: work)
        } catch {
            // A full disk, say: leave nothing half-stored behind.
            try? FileManager.default.removeItem(at: work)
            throw error
        }
        observer?.lessonFinished(lesson, run: run)
        return LessonOutcome(run: run, artifacts: entry.artifacts, compiled: compiled, executed: executed)
    }

    /// Runs `lesson` in step mode: `controller` is asked before each step. Nothing is cached.
    public func stepThrough(_ lesson: Lesson, params: [ParamAssignment], options: RunOptions = RunOptions(),
                            observer: RunObserver?, controller: StepController) throws -> LessonRun {
        let startedAt = Date()
        var run = LessonRun(slug: lesson.slug, title: lesson.title, status: .failed, startedAt: startedAt, duration: 0,
                            params: params.map(\.runParam), dataSources: [], engineVersion: build.engineVersion,
                            metrics: [], compileError: nil, steps: Self.notRun(lesson), fromCache: false)
        observer?.compiling(lesson)
        let prepared = try prepare(lesson, params: params, options: options)
        switch prepared.outcome {
        case .errors(let errors, _):
            observer?.compileFailed(lesson, errors: errors)
            run.compileError = errors.first
        case .program(let program):
            observer?.compiled(lesson, seconds: program.seconds, compiled: program.compiled)
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-step-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: work) }
            var environment: [String: String] = [:]
            if let dataDirectory = options.dataDirectory { environment[RuntimeEnvironment.data] = dataDirectory }
            let executor = Executor(program: program.executable, lesson: lesson, workFolder: work,
                                    workingDirectory: workspace.root, environment: environment,
                                    expectedCompileErrors: prepared.expectedErrors)
            let result = try executor.run(observer: observer, controller: controller, interruption: interruption)
            run.steps = result.steps
            run.metrics = result.metrics
            run.status = Self.status(result.steps, stop: result.stop)
        }
        run.duration = Date().timeIntervalSince(startedAt)
        return run
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

    static func notRun(_ lesson: Lesson) -> [StepResult] {
        lesson.steps.map { StepResult(index: $0.index, name: $0.name, status: .notRun, output: "", figures: [], duration: 0, error: nil, checks: []) }
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

extension Step {
    /// The Markdown lines of the step's code.
    var lines: ClosedRange<Int> {
        let count = max(1, code.split(separator: "\n", omittingEmptySubsequences: false).count)
        return line...(line + count - 1)
    }
}
