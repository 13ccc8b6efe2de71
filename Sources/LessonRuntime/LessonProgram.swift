import Foundation

/// The glue a generated lesson program calls around its steps. Lesson code does not call this
/// directly; it uses `metric`, `check` and `dataSource`.
public enum LessonProgram {
    nonisolated(unsafe) private static var stepStart = Date()
    nonisolated(unsafe) static var currentStep = 0

    /// Called once before the first step: line-buffers stdout (a pipe is block-buffered, and a
    /// crash would lose what the lesson printed) and announces the number of steps.
    public static func start(steps: Int) {
        setvbuf(stdout, nil, _IOLBF, 0)
        setvbuf(stderr, nil, _IONBF, 0)
        if EventWriter.connected { exitWithRunner() }
        var event = RuntimeEvent("start")
        event.steps = steps
        event.pid = getpid()
        EventWriter.send(event)
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

    /// Marks the start of step `index` (0-based): in step mode waits for the runner's go-ahead,
    /// points `LESSONS_FIGURES` at the step's figure folder and starts its clock.
    public static func begin(step index: Int) {
        StepControl.waitForGoAhead(step: index)
        currentStep = index
        if let artifacts = ProcessInfo.processInfo.environment[RuntimeEnvironment.artifacts] {
            let folder = URL(fileURLWithPath: artifacts).appendingPathComponent("step-\(index + 1)")
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            setenv(RuntimeEnvironment.figures, folder.path, 1)
        }
        var event = RuntimeEvent("begin")
        event.step = index
        EventWriter.send(event)
        stepStart = Date()
    }

    /// Marks the end of step `index`, flushing its output and reporting its duration.
    public static func end(step index: Int) {
        fflush(stdout)
        var event = RuntimeEvent("end")
        event.step = index
        event.seconds = Date().timeIntervalSince(stepStart)
        EventWriter.send(event)
    }

    /// Called after the last step.
    public static func finish() {
        EventWriter.send(RuntimeEvent("done"))
    }
}
