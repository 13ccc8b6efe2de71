import Foundation
import LessonRuntime

/// Builds a lesson's step results from what its program sends: output bytes and events.
final class RunRecorder {
    /// Why the runner stopped the program early.
    enum Stop: Equatable {
        case interrupted
        case timedOut(seconds: Double)
        /// The whole lesson ran past its time limit (`RunOptions.timeLimit`, e.g. when grading).
        case lessonTimedOut(seconds: Double)
        /// Step mode: the user pressed q.
        case quit
        /// The event stream stopped being genuine (`tampering` says where and why).
        case tampered
    }

    let lesson: Lesson
    let steps: [Step]
    private(set) var results: [StepResult]
    private(set) var metrics: [HeadlineValue] = []
    /// The step that has begun and not ended.
    private(set) var current: Int?
    /// True once the program said it finished its last step.
    private(set) var finished = false
    /// The first event that broke the protocol (a forged, repeated, out-of-order or malformed
    /// event), at the step where it happened; nothing after it is recorded.
    private(set) var tampering: Diagnostic?
    private var started = false
    /// The program's pid as it saw itself (names its crash backtrace inside a sandbox).
    private var programPid: Int32?
    /// The step whose `begin` is due next.
    private var nextStep = 0
    private var outputs: [OutputBuffer]
    /// Output before the first step (e.g. the dynamic loader's complaint when it cannot start).
    private var preamble = OutputBuffer()
    private var beganAt: [Date?]
    private var lastStep: Int?
    private var expectedOutcome: [Int: ExpectedErrorOutcome] = [:]
    private var checkEvents: [Int: [(passed: Bool, message: String, line: Int)]] = [:]
    private let expectedCompileErrors: [Int: Diagnostic]
    private let backtraces: URL

    /// `expectedCompileErrors`: `expect: error` steps left out of the program because they did
    /// not compile, with the compiler's error. `backtraces`: where the runtime writes crash backtraces.
    init(lesson: Lesson, expectedCompileErrors: [Int: Diagnostic], backtraces: URL) {
        self.lesson = lesson
        steps = lesson.steps
        results = steps.map {
            StepResult(index: $0.index, name: $0.name, status: .notRun, output: "", figures: [], duration: 0, error: nil, checks: [])
        }
        outputs = Array(repeating: OutputBuffer(), count: steps.count)
        beganAt = Array(repeating: nil, count: steps.count)
        self.expectedCompileErrors = expectedCompileErrors
        self.backtraces = backtraces
    }

    /// Output from the program; it belongs to the running step (or, between steps, to the last one).
    /// Returns the step it went to (nil: the preamble, before any step began).
    @discardableResult
    func record(output: Data) -> Int? {
        guard let step = current ?? lastStep else {
            preamble.append(output)
            return nil
        }
        outputs[step].append(output)
        if current == nil, !steps[step].options.expectError, results[step].status != .notRun {
            // Late output of a finished step (a background thread printing after the step ended,
            // before the next began or the program exited) stays with that step.
            results[step].output = outputs[step].text
        }
        return step
    }

    /// True when `begin(step)` is the event the protocol expects now.
    func expectsBegin(_ step: Int) -> Bool {
        tampering == nil && started && !finished && current == nil && step == nextStep && steps.indices.contains(step)
    }

    /// Records an event, enforcing the protocol: `start`, then for each step in order `begin`,
    /// its checks, metrics and expected-error outcome, `end`; then `done`. Anything else is
    /// tampering.
    func record(_ event: RuntimeEvent) {
        guard tampering == nil else { return }
        switch event {
        case .start(let count, let pid):
            programPid = pid
            guard !started else { return tamper("a second `start` event") }
            guard count == steps.count else { return tamper("the program announced \(count) steps; the lesson has \(steps.count)") }
            started = true
        case .begin(let k):
            guard expectsBegin(k) else { return tamper("`begin` of step \(k + 1) out of order") }
            current = k
            lastStep = k
            nextStep = k + 1
            beganAt[k] = Date()
        case .end(let k, let seconds):
            guard let open = current, open == k else { return tamper("`end` of step \(k + 1), which is not running") }
            results[k].duration = seconds.isFinite && seconds >= 0 ? seconds : elapsed(k)
            complete(k)
            current = nil
        case .metric(let name, let value):
            guard current != nil else { return tamper("a metric sent outside any step") }
            let metric = HeadlineValue(name: name, value: value)
            if let index = metrics.firstIndex(where: { $0.name == name }) { metrics[index] = metric } else { metrics.append(metric) }
        case .check(let k, let passed, let message, let line):
            guard let open = current, open == k, steps[k].options.check != nil else {
                return tamper("a check for step \(k + 1) outside that check step")
            }
            checkEvents[k, default: []].append((passed, message, line))
        case .expectedError(let k, let outcome):
            guard let open = current, open == k, steps[k].options.expectError, expectedOutcome[k] == nil else {
                return tamper("an expected-error result for step \(k + 1) outside that step")
            }
            expectedOutcome[k] = outcome
        case .tampered(let reason):
            tamper(reason)
        case .done:
            guard started, current == nil, nextStep == steps.count, !finished else { return tamper("`done` before the last step ended") }
            finished = true
        }
    }

    /// The event stream broke the protocol: record the first reason, at the running step (or
    /// the next one), and take in nothing more.
    func tamper(_ reason: String) {
        guard tampering == nil else { return }
        let k = current ?? min(nextStep, steps.count - 1)
        let line = steps.indices.contains(k) ? steps[k].line : nil
        tampering = Diagnostic(file: lesson.path, line: line, column: nil,
                               message: "tampered: \(reason); nothing the program reported from here on counts", kind: .tampered)
    }

    /// Seconds the running step has been going.
    func elapsed(_ step: Int) -> Double {
        beganAt[step].map { Date().timeIntervalSince($0) } ?? 0
    }

    /// Closes the record when the program has ended: a step that began and did not end failed
    /// (crash, exit, timeout, interruption); the steps after it stay "not run".
    func close(termination: Subprocess.Termination, pid: Int32, stop: Stop?) {
        if let k = current {
            current = nil
            results[k].duration = elapsed(k)
            let step = steps[k]
            switch stop {
            case .timedOut(let seconds):
                results[k].output = outputs[k].text
                results[k].status = .timedOut
                results[k].error = Diagnostic(file: lesson.path, line: step.line, column: nil,
                                              message: "timed out after \(Formatting.duration(seconds)) (the step's `timeout`)")
            case .lessonTimedOut(let seconds):
                results[k].output = outputs[k].text
                results[k].status = .timedOut
                results[k].error = Diagnostic(file: lesson.path, line: step.line, column: nil,
                                              message: "timed out: the lesson ran past its time limit of \(Formatting.duration(seconds))")
            case .interrupted, .quit:
                results[k].output = outputs[k].text
                results[k].status = .failed
                results[k].error = Diagnostic(file: lesson.path, line: step.line, column: nil, message: "interrupted (Ctrl-C)")
            case .tampered:
                results[k].output = outputs[k].text
                results[k].status = .failed
                results[k].error = tampering
            case nil:
                let (output, error) = failure(of: step, termination: termination, pid: pid)
                results[k].output = output
                results[k].status = .failed
                results[k].error = error
            }
            gradeChecks(k)
            if stop == .tampered { results[k].checks = results[k].checks.map { var c = $0; c.passed = false; c.points = 0; return c } }
        } else if let tampering, let next = results.firstIndex(where: { $0.status == .notRun }) {
            results[next].status = .failed
            results[next].output = outputs[next].text
            results[next].error = tampering
        } else if !finished, stop == nil, termination != .exited(0),
                  let next = results.firstIndex(where: { $0.status == .notRun }) {
            // The program failed outside any step (e.g. the library could not be loaded).
            results[next].status = .failed
            results[next].output = next == 0 ? preamble.text : outputs[next].text
            results[next].error = Diagnostic(file: lesson.path, line: steps[next].line, column: nil,
                                             message: "the program failed before this step: \(Self.describe(termination))")
        }
    }

    /// Step `k` ended normally: decide its status.
    private func complete(_ k: Int) {
        let step = steps[k]
        var output = outputs[k].text
        if step.options.expectError {
            if let diagnostic = expectedCompileErrors[k] {
                results[k].status = .failedAsExpected
                results[k].error = diagnostic
            } else if let outcome = expectedOutcome[k] {
                switch outcome {
                case .crashed(let signal, let pid):
                    let crash = CrashReport.diagnose(output: output, backtrace: CrashReport.backtrace(in: backtraces, pid: pid),
                                                     signal: signal, lessonPath: lesson.path, step: step)
                    output = crash.output
                    results[k].status = .failedAsExpected
                    results[k].error = crash.error
                case .threw(let message):
                    results[k].status = .failedAsExpected
                    results[k].error = Diagnostic(file: lesson.path, line: step.line, column: nil,
                                                  message: "error thrown: \(message.isEmpty ? "unknown error" : message)")
                case .exited(let status):
                    results[k].status = .failedAsExpected
                    results[k].error = Diagnostic(file: lesson.path, line: step.line, column: nil,
                                                  message: "the step exited with status \(status)")
                case .completed:
                    results[k].status = .failed
                    results[k].error = Diagnostic(file: lesson.path, line: step.line, column: nil,
                                                  message: "this step is marked `expect: error` but it completed without an error")
                case .notRun(let reason):
                    results[k].status = .failed
                    results[k].error = Diagnostic(file: lesson.path, line: step.line, column: nil, message: reason)
                }
            } else {
                results[k].status = .failed
                results[k].error = Diagnostic(file: lesson.path, line: step.line, column: nil, message: "no result from the isolated step")
            }
        } else {
            results[k].status = .ok
        }
        results[k].output = output
        gradeChecks(k)
    }

    /// Turns the step's `check(...)` calls into results with points: the step's points are
    /// shared equally among its checks. A failed check fails the step (the code ran on).
    private func gradeChecks(_ k: Int) {
        let step = steps[k]
        let events = checkEvents[k] ?? []
        let name = step.options.check ?? step.name
        let points = step.options.check == nil ? 0 : Double(step.options.points ?? 1)
        if events.isEmpty {
            if step.options.check != nil {
                results[k].checks = [CheckResult(check: name, passed: false, message: "no check(…) ran in this step",
                                                 points: 0, maxPoints: points, line: step.line, kind: .noneRan)]
            }
            return
        }
        let share = points / Double(events.count)
        results[k].checks = events.map {
            CheckResult(check: name, passed: $0.passed, message: $0.message,
                        points: $0.passed ? share : 0, maxPoints: share, line: $0.line)
        }
        let failed = results[k].checks.filter { !$0.passed }
        if results[k].status == .ok, let first = failed.first {
            results[k].status = .failed
            results[k].error = Diagnostic(file: lesson.path, line: first.line ?? step.line, column: nil,
                                          message: "check failed: \(first.message) (\(failed.count) of \(events.count) checks failed)",
                                          kind: .failedCheck)
        }
    }

    /// Output and error of a step the program died in.
    private func failure(of step: Step, termination: Subprocess.Termination, pid: Int32) -> (String, Diagnostic) {
        let output = outputs[step.index].text
        switch termination {
        case .signaled(let signal):
            return CrashReport.diagnose(output: output, backtrace: CrashReport.backtrace(in: backtraces, pid: programPid ?? pid),
                                        signal: signal, lessonPath: lesson.path, step: step)
        case .exited(let code):
            // An uncaught error ends the program through a fatal error (a signal); a plain exit
            // means the lesson called exit() itself.
            return (output, Diagnostic(file: lesson.path, line: step.line, column: nil,
                                       message: "the program exited with status \(code) during this step"))
        }
    }

    static func describe(_ termination: Subprocess.Termination) -> String {
        switch termination {
        case .exited(let code): return "exit status \(code)"
        case .signaled(let signal): return CrashReport.signalName(signal)
        }
    }
}
