import Foundation
import LessonRuntime

/// Runs a compiled lesson program: reads its merged output and events, hands them to the
/// recorder and the observer, enforces step timeouts, and stops it on Ctrl-C.
struct Executor {
    /// What a run produced.
    struct Result {
        var steps: [StepResult]
        var metrics: [Metric]
        var dataSources: [String]
        var stop: RunRecorder.Stop?
        var termination: Subprocess.Termination
    }

    var program: URL
    var lesson: Lesson
    /// The run's work folder: `artifacts/` (figures, step-k/), `backtraces/`, `data-sources.txt`.
    var workFolder: URL
    var workingDirectory: URL
    /// Variables added to the program's environment (e.g. `LESSONS_DATA`).
    var environment: [String: String] = [:]
    var expectedCompileErrors: [Int: Diagnostic] = [:]
    /// Seconds the whole program may run before its process group is killed (nil: no limit).
    var timeLimit: Double?

    var artifacts: URL { workFolder.appendingPathComponent("artifacts") }
    var backtraces: URL { workFolder.appendingPathComponent("backtraces") }
    var dataSourcesFile: URL { workFolder.appendingPathComponent("data-sources.txt") }

    /// Seconds a program gets to stop after Ctrl-C before it is killed.
    static let interruptGrace = 2.0

    func run(observer: RunObserver?, controller: StepController? = nil, interruption: Interruption?) throws -> Result {
        let fm = FileManager.default
        for folder in [artifacts, backtraces] { try fm.createDirectory(at: folder, withIntermediateDirectories: true) }

        var env = ProcessInfo.processInfo.environment
        env["LESSONS_FIGURES"] = nil
        env[RuntimeEnvironment.runner] = "1"
        env[RuntimeEnvironment.artifacts] = artifacts.path
        env[RuntimeEnvironment.dataSources] = dataSourcesFile.path
        env["SWIFT_BACKTRACE"] = CrashReport.backtraceSetting(directory: backtraces)
        if controller != nil { env[RuntimeEnvironment.controlFD] = String(Subprocess.controlDescriptor) }
        env.merge(environment) { $1 }

        let child = try Subprocess.spawn(program.path, arguments: [], environment: env,
                                         workingDirectory: workingDirectory, controlPipe: controller != nil)
        let recorder = RunRecorder(lesson: lesson, expectedCompileErrors: expectedCompileErrors, backtraces: backtraces)
        let steps = lesson.steps
        var splitter = EventStreamSplitter()
        var reader = PipeReader(fd: child.output, interruption: interruption)
        var stop: RunRecorder.Stop?
        var killAt: Date?
        let startedAt = Date()

        func handle(_ pieces: [EventStreamSplitter.Piece]) {
            for piece in pieces {
                switch piece {
                case .output(let data):
                    if let k = recorder.record(output: data), recorder.current == k { observer?.stepOutput(steps[k], data) }
                case .event(let event):
                    let before = recorder.current
                    recorder.record(event)
                    switch event.e {
                    case "begin":
                        if let k = recorder.current { observer?.stepStarted(steps[k], of: steps.count) }
                    case "end":
                        if let k = before { observer?.stepFinished(steps[k], recorder.results[k]) }
                    case "ready":
                        guard let k = event.step, steps.indices.contains(k), let controller else { break }
                        if controller.shouldRun(steps[k]) {
                            child.sendControl("run")
                        } else {
                            stop = .quit
                            child.sendControl("quit")
                        }
                    default: break
                    }
                }
            }
        }

        loop: while true {
            switch reader.next(timeout: 0.2) {
            case .data(let chunk): handle(splitter.feed(chunk))
            case .timeout: break
            case .end: break loop
            case .interrupted:
                if stop == nil { stop = .interrupted }
                child.signalGroup(SIGINT)
                killAt = Date().addingTimeInterval(Self.interruptGrace)
                reader = PipeReader(fd: child.output, interruption: nil)
            }
            if let k = recorder.current {
                let elapsed = recorder.elapsed(k)
                if stop == nil, let limit = steps[k].options.timeout, elapsed > limit {
                    stop = .timedOut(seconds: limit)
                    child.signalGroup(SIGKILL)
                }
                observer?.tick(steps[k], elapsed: elapsed)
            }
            if stop == nil, let timeLimit, Date().timeIntervalSince(startedAt) > timeLimit {
                stop = .lessonTimedOut(seconds: timeLimit)
                child.signalGroup(SIGKILL)
            }
            if let deadline = killAt, Date() > deadline {
                child.signalGroup(SIGKILL)
                killAt = nil
            }
        }
        handle(splitter.finish())
        let termination = child.wait()
        let failing = recorder.current
        recorder.close(termination: termination, pid: child.pid, stop: stop)
        if let k = failing { observer?.stepFinished(steps[k], recorder.results[k]) }

        var results = recorder.results
        for k in results.indices { results[k].figures = figures(ofStep: k) }
        return Result(steps: results, metrics: recorder.metrics, dataSources: dataSources(),
                      stop: stop, termination: termination)
    }

    /// The step's PNGs, as paths relative to the artifacts folder, in the order they were made
    /// (`figure-2.png` before `figure-10.png`).
    private func figures(ofStep index: Int) -> [String] {
        let folder = "step-\(index + 1)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: artifacts.appendingPathComponent(folder).path)) ?? []
        return names.filter { $0.lowercased().hasSuffix(".png") }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
            .map { "\(folder)/\($0)" }
    }

    /// The data-source lines the program recorded, without repeats.
    private func dataSources() -> [String] {
        guard let text = try? String(contentsOf: dataSourcesFile, encoding: .utf8) else { return [] }
        var seen = Set<String>()
        return text.split(separator: "\n").map { $0.trimmingCharacters(" \t") }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
