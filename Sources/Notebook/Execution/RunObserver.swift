import Foundation

/// Follows a lesson as it runs (the terminal progress display, step mode, tests).
/// Every method has a default that does nothing.
public protocol RunObserver: AnyObject {
    /// The lesson's result was found in the cache; nothing will compile or run.
    func lessonCached(_ lesson: Lesson, run: LessonRun)
    /// No reusable result was found: `reason` says which input changed (code, params, data,
    /// engine), or `--fresh`.
    func cacheMissed(_ lesson: Lesson, reason: String)
    /// Compilation starts (it may still find the binary in the cache).
    func compiling(_ lesson: Lesson)
    /// The program is ready; `compiled` is false when the binary came from the cache.
    func compiled(_ lesson: Lesson, seconds: Double, compiled: Bool)
    /// The program does not compile: every error, mapped to the Markdown where possible.
    func compileFailed(_ lesson: Lesson, errors: [Diagnostic])
    func stepStarted(_ step: Step, of total: Int)
    /// Output of the running step, as it comes.
    func stepOutput(_ step: Step, _ data: Data)
    func stepFinished(_ step: Step, _ result: StepResult)
    /// Called a few times a second while a step runs (for elapsed-time displays).
    func tick(_ step: Step, elapsed: Double)
    /// The lesson is done (run or from the cache).
    func lessonFinished(_ lesson: Lesson, run: LessonRun)
}

extension RunObserver {
    public func lessonCached(_ lesson: Lesson, run: LessonRun) {}
    public func cacheMissed(_ lesson: Lesson, reason: String) {}
    public func compiling(_ lesson: Lesson) {}
    public func compiled(_ lesson: Lesson, seconds: Double, compiled: Bool) {}
    public func compileFailed(_ lesson: Lesson, errors: [Diagnostic]) {}
    public func stepStarted(_ step: Step, of total: Int) {}
    public func stepOutput(_ step: Step, _ data: Data) {}
    public func stepFinished(_ step: Step, _ result: StepResult) {}
    public func tick(_ step: Step, elapsed: Double) {}
    public func lessonFinished(_ lesson: Lesson, run: LessonRun) {}
}
