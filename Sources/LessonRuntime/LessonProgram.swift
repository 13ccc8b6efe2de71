import Foundation

/// The glue a generated lesson program calls around its steps. Lesson code does not call this:
/// every call but `start` needs the program's `LessonSession`, which only the generated
/// scaffolding holds.
public enum LessonProgram {
    nonisolated(unsafe) private static var stepStart = Date()

    /// The generated program's first line: line-buffers stdout (a pipe is block-buffered, and a
    /// crash would lose what the lesson printed), takes the channel's key and announces the
    /// number of steps. Returns the session; a second call returns a worthless one and tells
    /// the runner.
    public static func start(steps: Int) -> LessonSession {
        setvbuf(stdout, nil, _IOLBF, 0)
        setvbuf(stderr, nil, _IONBF, 0)
        if EventWriter.connected { exitWithRunner() }
        return EventWriter.open(steps: steps)
    }

    /// Ends the program when the runner that started it goes away (killed, or ended by Ctrl-C
    /// while the program was inside a long step), instead of running on as an orphan.
    private static func exitWithRunner() {
        let runner = getppid()
        Thread.detachNewThread {
            while true {
                sleep(1)
                if getppid() != runner { _exit(130) }
            }
        }
    }

    /// Marks the start of step `index` (0-based): tells the runner and waits for its go-ahead
    /// (`quit` in step mode ends the program), points `LESSONS_FIGURES` at the step's figure
    /// folder and starts its clock.
    public static func begin(step index: Int, _ session: LessonSession) {
        EventWriter.send(.begin(step: index), by: session)
        StepControl.waitForGoAhead()
        if let artifacts = ProcessInfo.processInfo.environment[RuntimeEnvironment.artifacts] {
            let folder = URL(fileURLWithPath: artifacts).appendingPathComponent("step-\(index + 1)")
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            setenv(RuntimeEnvironment.figures, folder.path, 1)
        }
        stepStart = Date()
    }

    /// The `check` of check step `index`: the generated code binds it to a local named `check`
    /// for the step's code, so neither a top-level `check` of the lesson's nor a call from
    /// anywhere else can stand in for it.
    public static func checks(step index: Int, _ session: LessonSession) -> CheckRecorder {
        return CheckRecorder(step: index, session: session)
    }

    /// Marks the end of step `index`, flushing its output and reporting its duration.
    public static func end(step index: Int, _ session: LessonSession) {
        fflush(stdout)
        EventWriter.send(.end(step: index, seconds: Date().timeIntervalSince(stepStart)), by: session)
    }

    /// Called after the last step.
    public static func finish(_ session: LessonSession) {
        EventWriter.send(.done, by: session)
    }
}
