import Foundation

/// The capability that lets code send the events that grade a lesson (`begin`, `end`, checks,
/// `done`). The runtime makes exactly one, for the generated program's first line, which keeps
/// it under a name lesson code cannot know; nothing else can make or find one.
public final class LessonSession: @unchecked Sendable {
    fileprivate init() {}
}

/// The program's end of the event channel (RuntimeProtocol.swift). The key, the sequence
/// number and the program's session are private to this file, so that even `@testable import
/// LessonRuntime` in lesson code reaches nothing that sends a sealed event without the session.
enum EventWriter {
    /// True when a runner reads the channels (`LESSONS_RUNNER=1`); a program started by hand
    /// prints readable step headers instead of events.
    static let connected = ProcessInfo.processInfo.environment[RuntimeEnvironment.runner] == "1"

    private static let lock = NSLock()
    nonisolated(unsafe) private static var seal: EventSeal?
    nonisolated(unsafe) private static var seq = 0
    nonisolated(unsafe) private static var session: LessonSession?
    /// True in the forked copy that runs an `expect: error` step: it sends nothing (its parent
    /// reports how it ended), so the parent's sequence stays the only one.
    nonisolated(unsafe) private static var isolated = false

    /// Called once, by the generated program's first line: takes the key from its descriptor
    /// (closing it, so lesson code never sees it), sends `start` and returns the session. A
    /// second call is lesson code misusing the scaffolding: it is reported, and the session it
    /// gets is worthless.
    static func open(steps: Int) -> LessonSession {
        lock.lock()
        defer { lock.unlock() }
        guard session == nil else {
            write(.tampered(reason: "lesson code called LessonProgram.start"))
            return LessonSession()
        }
        let made = LessonSession()
        session = made
        if connected {
            var key = [UInt8](repeating: 0, count: RuntimeChannel.keyLength)
            var got = 0
            while got < key.count {
                let n = key.withUnsafeMutableBytes { read(RuntimeChannel.key, $0.baseAddress! + got, $0.count - got) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                got += n
            }
            close(RuntimeChannel.key)
            guard got == key.count else {
                fputs("lessons runtime: the runner's key did not arrive; stopping\n", stderr)
                exit(3)
            }
            seal = EventSeal(key: key)
            signal(SIGPIPE, SIG_IGN)
        }
        write(.start(steps: steps, pid: getpid()))
        return made
    }

    /// Sends one of the events that need the program's session; from any other session the
    /// runner is told of the misuse instead.
    static func send(_ event: RuntimeEvent, by holder: LessonSession) {
        lock.lock()
        defer { lock.unlock() }
        guard let session, holder === session else {
            write(.tampered(reason: "lesson code used a LessonSession that is not the program's"))
            return
        }
        write(event)
    }

    /// A headline number: lesson code may report these from anywhere inside a step.
    static func sendMetric(name: String, value: String) {
        lock.lock()
        defer { lock.unlock() }
        write(.metric(name: name, value: value))
    }

    /// In the forked copy of an `expect: error` step: send nothing more.
    static func isolate() {
        lock.lock()
        isolated = true
        lock.unlock()
    }

    /// Caller holds the lock. Flushes the lesson's output first, so that everything printed
    /// before the event is in the output pipe before the event is in the event pipe.
    private static func write(_ event: RuntimeEvent) {
        fflush(stdout)
        guard !isolated else { return }
        guard connected else {
            if let text = readable(event) { fputs(text + "\n", stdout); fflush(stdout) }
            return
        }
        guard let seal else { return }
        let line = seal.seal(event, seq: seq)
        seq += 1
        var written = 0
        while written < line.count {
            let n = line.withUnsafeBytes { Foundation.write(RuntimeChannel.events, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            // The runner is gone (or lesson code closed the descriptor): nobody can record this run.
            if n <= 0 { _exit(130) }
            written += n
        }
    }

    /// What a person running the program directly sees for an event.
    private static func readable(_ event: RuntimeEvent) -> String? {
        switch event {
        case .begin(let step): return "── step \(step + 1) ──"
        case .metric(let name, let value): return "metric \(name): \(value)"
        case .check(_, let passed, let message, _): return "check \(passed ? "passed" : "FAILED"): \(message)"
        case .expectedError(_, let outcome): return "(expected error: \(outcome))"
        case .tampered(let reason): return "(tampered: \(reason))"
        case .start, .end, .done: return nil
        }
    }
}
