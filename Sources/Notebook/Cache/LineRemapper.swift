/// Moves the lines in a cached result to where the steps are now: prose edits above a step
/// shift its lines without changing the cache key, and an error stored at line 40 of the old
/// file must be shown at line 43 of the new one.
enum LineRemapper {
    static func remap(_ run: LessonRun, oldStepLines: [Int], lesson: Lesson) -> LessonRun {
        let newLines = lesson.steps.map(\.line)
        guard oldStepLines.count == newLines.count else { return run }
        var run = run
        let shift = { (line: Int?) -> Int? in
            guard let line else { return nil }
            // The step the line belongs to: the last one starting at or before it.
            guard let k = oldStepLines.lastIndex(where: { $0 <= line }) ?? (oldStepLines.isEmpty ? nil : 0) else { return line }
            return line + newLines[k] - oldStepLines[k]
        }
        let move = { (diagnostic: Diagnostic?) -> Diagnostic? in
            guard var d = diagnostic else { return nil }
            if d.file.hasSuffix(".md") { d.file = lesson.path; d.line = shift(d.line) }
            return d
        }
        run.compileErrors = run.compileErrors.compactMap(move)
        for k in run.steps.indices {
            run.steps[k].error = move(run.steps[k].error)
            for c in run.steps[k].checks.indices { run.steps[k].checks[c].line = shift(run.steps[k].checks[c].line) }
        }
        return run
    }
}
