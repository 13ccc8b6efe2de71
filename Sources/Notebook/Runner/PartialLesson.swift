/// A lesson cut before its first step that does not compile, so the steps before that one can
/// still run and keep their output (the grader and `lessons run`/`step` share this).
enum PartialLesson {
    /// The index of the first step holding a compile error, if the errors lie in steps.
    static func firstFailingStep(_ errors: [Diagnostic], in lesson: Lesson) -> Int? {
        errors.compactMap { step(of: $0, in: lesson) }.min()
    }

    /// The first of `errors` inside step `index`, else the first error.
    static func error(_ errors: [Diagnostic], inStep index: Int, of lesson: Lesson) -> Diagnostic? {
        errors.first { step(of: $0, in: lesson) == index } ?? errors.first
    }

    /// The lesson up to (not including) step `index`.
    static func truncated(_ lesson: Lesson, before index: Int) -> Lesson {
        var copy = lesson
        if let cut = lesson.blocks.firstIndex(where: { if case .step(let s) = $0 { return s.index == index } else { return false } }) {
            copy.blocks = Array(lesson.blocks[..<cut])
        }
        return copy
    }

    private static func step(of error: Diagnostic, in lesson: Lesson) -> Int? {
        guard error.file == lesson.path, let line = error.line else { return nil }
        return lesson.step(containingLine: line)?.index
    }
}
