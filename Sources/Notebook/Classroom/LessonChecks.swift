import Foundation

/// `lessons check [LESSON]` without a hand-in folder: runs lessons (a cached result is reused)
/// and scores each run's checks against the lesson itself.
public enum LessonChecks {
    /// The lessons `names` select; with no names, every lesson with a check step.
    public static func select(_ names: [String], in catalog: LessonCatalog) throws -> [Lesson] {
        try catalog.select(names).filter { !names.isEmpty || $0.steps.contains { $0.options.check != nil } }
    }

    /// Runs `lesson` with its default params and grades the run. Throws `Interrupted` on Ctrl-C.
    public static func grade(_ lesson: Lesson, runner: LessonRunner, dataDirectory: String?, observer: RunObserver?) throws -> LessonGrade {
        let outcome = try runner.run(lesson, params: try lesson.assigningParams([]), options: RunOptions(dataDirectory: dataDirectory),
                                     observer: observer)
        if outcome.run.status == .interrupted { throw Interrupted() }
        return LessonGrade.grade(master: lesson, graded: lesson, run: outcome.run)
    }
}
