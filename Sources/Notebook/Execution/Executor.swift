import FileSystem
import Foundation
import LessonRuntime

/// Runs a compiled lesson program: reads its output and its sealed events, hands them to the
/// recorder and the observer, answers each step's `begin`, enforces time limits, and stops it
/// on Ctrl-C or when its event stream is not genuine.
struct Executor {
    /// What a run produced.
    struct Result {
        var steps: [StepResult]
        var metrics: [HeadlineValue]
        var dataSources: [DataSourceRecord]
        var stop: RunRecorder.Stop?
        var termination: Subprocess.Termination
        /// Where and why the event stream stopped being trustworthy.
        var tampering: Diagnostic?
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
    /// Where the program runs: nil on this machine as it is, else inside the sandbox.
    var sandbox: Sandbox?

    var artifacts: URL { workFolder.appendingPathComponent("artifacts") }
    var backtraces: URL { workFolder.appendingPathComponent("backtraces") }
    var dataSourcesFile: URL { workFolder.appendingPathComponent("data-sources.txt") }

    /// Seconds a program gets to stop after Ctrl-C before it is killed.
    static let interruptGrace = 2.0
    /// Seconds the output may stay open after the program ended (a child it left behind holds
    /// the pipe) before the runner stops its group and stops listening.
    static let orphanGrace = 1.0

    func run(observer: RunObserver?, controller: StepController? = nil, interruption: Interruption?) throws -> Result {
        let fm = FileManager.default
        for folder in [artifacts, backtraces] { try fm.createDirectory(at: folder, withIntermediateDirectories: true) }

        // In the sandbox only what the program needs: the runtime's variables and OpenBLAS's
        // settings (among them the core `lessons` chose for this CPU, Engine's BLASCore).
        var env = sandbox == nil ? ProcessInfo.processInfo.environment : Sandbox.passThrough(ProcessInfo.processInfo.environment)
        env[RuntimeEnvironment.figures] = nil
        env[RuntimeEnvironment.runner] = "1"
        env[RuntimeEnvironment.artifacts] = artifacts.path
        env[RuntimeEnvironment.dataSources] = dataSourcesFile.path
        env["SWIFT_BACKTRACE"] = CrashReport.backtraceSetting(directory: backtraces)
        env.merge(environment) { $1 }

        var command = Sandbox.Command(executable: program.path, arguments: [], environment: env, workingDirectory: workingDirectory)
        if let sandbox {
            try sandbox.handOver([workFolder, artifacts, backtraces, workingDirectory])
            let data = environment[RuntimeEnvironment.data].map { [URL(fileURLWithPath: $0)] } ?? []
            command = sandbox.wrap(command, writable: [workFolder, workingDirectory], readable: [program.deletingLastPathComponent()] + data)
        }
        var key = [UInt8](repeating: 0, count: RuntimeChannel.keyLength)
        var generator = SystemRandomNumberGenerator()
        for i in key.indices { key[i] = generator.next() }
        let child = try Subprocess.spawn(command.executable, arguments: command.arguments, environment: command.environment,
                                         workingDirectory: command.workingDirectory, channelKey: key)
        let recorder = RunRecorder(lesson: lesson, expectedCompileErrors: expectedCompileErrors, backtraces: backtraces)
        let steps = lesson.steps
        var channel = EventChannelReader(key: key)
        let events = child.events!
        var reader = PipeReader(fds: [child.output, events], interruption: interruption)
        var stop: RunRecorder.Stop?
        var killAt: Date?
        var exitedAt: Date?
        let startedAt = Date()

        func take(output data: Data) {
            guard !data.isEmpty else { return }
            if let k = recorder.record(output: data), recorder.current == k { observer?.stepOutput(steps[k], data) }
        }
        func handle(_ items: [EventChannelReader.Item]) {
            for item in items {
                // Everything printed before the event is already in the output pipe: take it first.
                take(output: reader.drain(child.output))
                let before = recorder.current
                switch item {
                case .violation(let reason):
                    recorder.tamper(reason)
                case .event(let event):
                    if case .begin(let k) = event, recorder.expectsBegin(k), let controller, !controller.shouldRun(steps[k]) {
                        stop = .quit
                        child.sendControl("quit")
                        continue
                    }
                    recorder.record(event)
                    switch event {
                    case .begin:
                        if let k = recorder.current, recorder.tampering == nil {
                            observer?.stepStarted(steps[k], of: steps.count)
                            child.sendControl("run")
                        }
                    case .end:
                        if let k = before, recorder.current == nil { observer?.stepFinished(steps[k], recorder.results[k]) }
                    default: break
                    }
                }
                if recorder.tampering != nil, stop == nil {
                    // A run whose events cannot be trusted is over: nothing it sends from here counts.
                    stop = .tampered
                    child.signalGroup(SIGKILL)
                }
            }
        }

        loop: while true {
            switch reader.next(timeout: 0.2) {
            case .data(let fd, let chunk):
                if fd == events { handle(channel.feed(chunk)) } else { take(output: chunk) }
            case .end(let fd):
                if fd == events { handle(channel.finish()) }
            case .timeout: break
            case .interrupted:
                if stop == nil { stop = .interrupted }
                child.signalGroup(SIGINT)
                killAt = Date().addingTimeInterval(Self.interruptGrace)
                reader = PipeReader(fds: reader.open, interruption: nil)
            }
            if reader.open.isEmpty { break loop }
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
                killAt = Date().addingTimeInterval(Self.orphanGrace)
            }
            if let deadline = killAt, Date() > deadline {
                child.signalGroup(SIGKILL)
                killAt = nil
            }
            // The program is gone but something it started still holds a pipe: stop listening.
            if exitedAt == nil, child.poll() != nil { exitedAt = Date() }
            if let exitedAt, Date().timeIntervalSince(exitedAt) > Self.orphanGrace {
                child.signalGroup(SIGKILL)
                take(output: reader.drain(child.output))
                break loop
            }
        }
        var termination = child.wait()
        // bubblewrap ends with 128 + the signal that ended the program.
        if sandbox != nil, case .exited(let code) = termination, code > 128, code < 128 + 65 { termination = .signaled(code - 128) }
        Self.replaceLinks([artifacts, backtraces])
        let failing = recorder.current
        recorder.close(termination: termination, pid: child.pid, stop: stop)
        if let k = failing { observer?.stepFinished(steps[k], recorder.results[k]) }

        var results = recorder.results
        for k in results.indices { results[k].figures = figures(ofStep: k) }
        return Result(steps: results, metrics: recorder.metrics, dataSources: dataSources(),
                      stop: stop, termination: termination, tampering: recorder.tampering)
    }

    /// The step's PNGs, as paths relative to the artifacts folder, in the order they were made
    /// (`figure-2.png` before `figure-10.png`). Only plain files: a link made by the program
    /// could point anywhere.
    private func figures(ofStep index: Int) -> [String] {
        let folder = "step-\(index + 1)"
        let url = artifacts.appendingPathComponent(folder)
        guard FileKind.isPlainFolder(url) else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.lowercased().hasSuffix(".png") && FileKind.isPlainFile(url.appendingPathComponent($0), maxBytes: Self.maxFigureBytes) }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
            .prefix(Self.maxFiguresPerStep)
            .map { "\(folder)/\($0)" }
    }

    /// Figures kept per step, and the largest one: a program (a student's copy, say) must not
    /// make the runner copy gigabytes into a report.
    static let maxFiguresPerStep = 100
    static let maxFigureBytes = 32 << 20

    /// The program may have replaced its own folders with links to anywhere the runner can read;
    /// what is not a real folder any more is replaced by an empty one before the runner reads it.
    static func replaceLinks(_ folders: [URL]) {
        for folder in folders where !FileKind.isPlainFolder(folder) {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }

    /// The data sources the program recorded, without repeats (at most 20).
    private func dataSources() -> [DataSourceRecord] {
        guard FileKind.isPlainFile(dataSourcesFile), let text = try? String(contentsOf: dataSourcesFile, encoding: .utf8) else { return [] }
        var seen = Set<String>()
        return text.split(separator: "\n").map { $0.trimmingCharacters(" \t") }.filter { !$0.isEmpty }
            .map(DataSourceRecord.init(line:)).filter { seen.insert($0.description).inserted }.prefix(20).map { $0 }
    }
}
