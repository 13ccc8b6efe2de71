import Foundation
import Notebook

/// Follows a run for the open pages: each stage (compiling, step k of n) becomes a `running`
/// event; everything is also passed on to `inner` (the terminal's progress display).
final class PreviewProgress: RunObserver {
    let hub: EventHub
    let inner: RunObserver?
    let title: String

    init(hub: EventHub, title: String, inner: RunObserver?) {
        self.hub = hub
        self.title = title
        self.inner = inner
    }

    private func running(_ text: String) { hub.send(PreviewEvent(kind: .running, title: title, text: text)) }

    func lessonCached(_ lesson: Lesson, run: LessonRun) { inner?.lessonCached(lesson, run: run) }
    func cacheMissed(_ lesson: Lesson, reason: String) {
        running("running: \(reason)")
        inner?.cacheMissed(lesson, reason: reason)
    }
    func compiling(_ lesson: Lesson) {
        running("compiling…")
        inner?.compiling(lesson)
    }
    func compiled(_ lesson: Lesson, seconds: Double, compiled: Bool) { inner?.compiled(lesson, seconds: seconds, compiled: compiled) }
    func compileFailed(_ lesson: Lesson, errors: [Diagnostic]) {
        running("does not compile; running the steps before the error…")
        inner?.compileFailed(lesson, errors: errors)
    }
    func stepStarted(_ step: Step, of total: Int) {
        running("step \(step.index + 1) of \(total) · \(step.name)")
        inner?.stepStarted(step, of: total)
    }
    func stepOutput(_ step: Step, _ data: Data) { inner?.stepOutput(step, data) }
    func stepFinished(_ step: Step, _ result: StepResult) { inner?.stepFinished(step, result) }
    func tick(_ step: Step, elapsed: Double) { inner?.tick(step, elapsed: elapsed) }
    func lessonFinished(_ lesson: Lesson, run: LessonRun) { inner?.lessonFinished(lesson, run: run) }
}
