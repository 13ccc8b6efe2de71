import Foundation

/// A lesson run whose page has been written where it belongs.
public struct ReportedRun {
    public var outcome: LessonOutcome
    public var destination: ReportDestination
    /// The lesson's page, `<destination>/<slug>/index.html`.
    public var page: URL
}

extension LessonRunner {
    /// Runs `lesson` (or reuses its result) and writes its page at its `ReportDestination`: the
    /// course's page, linked to its neighbours in `catalog`, or a scratch folder of its own (an
    /// experiment's result does not become the course's). `options.recordAsLast` follows the
    /// destination. The index pages are the caller's: it knows what else it runs.
    public func runAndWritePage(_ lesson: Lesson, params: [ParamAssignment], options: RunOptions, explicitOutput: URL?,
                                catalog: LessonCatalog, observer: RunObserver?) throws -> ReportedRun {
        let destination = ReportDestination.choose(lesson: lesson, params: params, dataDirectory: options.dataDirectory,
                                                   explicitOutput: explicitOutput, project: project)
        var options = options
        options.recordAsLast = destination.isCourse
        let outcome = try run(lesson, params: params, options: options, observer: observer)
        let (previous, next) = destination.isCourse ? catalog.neighbours(of: lesson) : (nil, nil)
        try Report.writeLessonPage(lesson: lesson, run: outcome.run, artifacts: outcome.artifacts,
                                   previous: previous, next: next, output: destination.output)
        return ReportedRun(outcome: outcome, destination: destination,
                           page: destination.output.appendingPathComponent(lesson.slug).appendingPathComponent("index.html"))
    }
}
