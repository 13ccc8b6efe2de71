import Foundation
import LessonRuntime

/// `lessons run LESSON --from STEP`: the whole lesson runs again (the steps share their state, so
/// the earlier ones must rebuild it), but an earlier step whose code is unchanged since the
/// stored run, and which printed the same as then, is shown collapsed: "ran again to rebuild
/// state; output as before". Anything else (changed code, other output, a failure) is shown as
/// usual, so the note is never a guess.
struct RerunFrom {
    /// The index of the first step the reader wants to see.
    var start: Int
    /// The stored result of each earlier step whose code is unchanged, by step index.
    var before: [Int: StepResult]

    /// The earlier steps' stored results from `entry`, where each step's code (and options)
    /// is the same as in `lesson` now.
    init(start: Int, lesson: Lesson, previous entry: ResultCache.Entry?) {
        self.start = start
        var before: [Int: StepResult] = [:]
        if let entry, let codes = entry.meta.stepCodes {
            for step in lesson.steps where step.index < start && step.index < codes.count {
                guard codes[step.index] == Self.fingerprint(step),
                      let old = entry.run.steps.first(where: { $0.index == step.index }) else { continue }
                before[step.index] = old
            }
        }
        self.before = before
    }

    /// What identifies a step's code for `--from`: its options and its code.
    static func fingerprint(_ step: Step) -> String {
        SHA256.hex(CacheKey.options(step.options) + "\u{0}" + step.code)
    }

    /// True when `result` of an earlier step may be shown as "output as before".
    func asBefore(_ result: StepResult) -> Bool {
        guard result.index < start, result.status == .ok, let old = before[result.index] else { return false }
        return old.status == .ok && old.output == result.output
    }

    /// The steps of `run` marked where their output is as before.
    func mark(_ steps: [StepResult]) -> [StepResult] {
        steps.map { var s = $0; if asBefore(s) { s.rerunAsBefore = true }; return s }
    }
}

/// Holds back the output of the earlier steps until each ends: shown collapsed when it is as
/// before, else passed on as it came.
final class RerunFromObserver: RunObserver {
    let inner: RunObserver?
    let rerun: RerunFrom
    private var held: [Int: [Data]] = [:]

    init(_ inner: RunObserver?, _ rerun: RerunFrom) {
        self.inner = inner
        self.rerun = rerun
    }

    func lessonCached(_ lesson: Lesson, run: LessonRun) { inner?.lessonCached(lesson, run: run) }
    func cacheMissed(_ lesson: Lesson, reason: String) { inner?.cacheMissed(lesson, reason: reason) }
    func compiling(_ lesson: Lesson) { inner?.compiling(lesson) }
    func compiled(_ lesson: Lesson, seconds: Double, compiled: Bool) { inner?.compiled(lesson, seconds: seconds, compiled: compiled) }
    func compileFailed(_ lesson: Lesson, errors: [Diagnostic]) { inner?.compileFailed(lesson, errors: errors) }
    func stepStarted(_ step: Step, of total: Int) { inner?.stepStarted(step, of: total) }
    func tick(_ step: Step, elapsed: Double) { inner?.tick(step, elapsed: elapsed) }
    func lessonFinished(_ lesson: Lesson, run: LessonRun) { inner?.lessonFinished(lesson, run: run) }

    func stepOutput(_ step: Step, _ data: Data) {
        if rerun.before[step.index] != nil { held[step.index, default: []].append(data) } else { inner?.stepOutput(step, data) }
    }

    func stepFinished(_ step: Step, _ result: StepResult) {
        let chunks = held.removeValue(forKey: step.index) ?? []
        if rerun.asBefore(result) {
            var marked = result
            marked.rerunAsBefore = true
            inner?.stepFinished(step, marked)
            return
        }
        for chunk in chunks { inner?.stepOutput(step, chunk) }
        inner?.stepFinished(step, result)
    }
}
