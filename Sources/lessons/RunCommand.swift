import ArgumentParser
import FileSystem
import Foundation
import Notebook

/// `lessons run`: run lessons (or reuse their cached results) and render the HTML report.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run lessons (or reuse their cached results) and render the HTML report.",
        discussion: """
            A lesson whose code, params, engine build and data are unchanged is not run again: its \
            report is rendered from the cache (editing prose only re-renders). Only a default run \
            of a lesson in the lessons folder writes the course's page output/NAME/; a run with \
            --set, --data or a lesson file elsewhere writes output/scratch/NAME-HASH/ (or --output \
            DIR) and says so. --from STEP re-runs one lesson from that step: the earlier steps run \
            again to rebuild its state, and those unchanged since the cached run, with the same \
            output, are shown collapsed. Exit status: 0 all good, 1 a step failed, 2 bad usage or \
            input, 130 interrupted (Ctrl-C keeps finished steps).
            """)

    @Argument(help: ArgumentHelp("Lessons to run: a number (4), a file name or a path. Default: all, in order.", valueName: "lesson"))
    var lessons: [String] = []

    @OptionGroup var params: ParamOptions

    @Flag(help: "Run even when a cached result exists.")
    var fresh = false

    @OptionGroup var data: DataOptions

    @Option(help: ArgumentHelp("Where to write the HTML report instead of the course's output/ (the course's pages are left as they are).", valueName: "dir"))
    var output: String?

    @OptionGroup var from: FromOptions

    @OptionGroup var projectOptions: ProjectOptions

    func run() throws {
        let session = try projectOptions.session()
        defer { session.close() }
        let project = session.project, catalog = session.catalog
        let explicitOutput = output.map { URL(fileURLWithPath: $0).standardizedFileURL }
        let selected = try catalog.select(lessons)
        let params = try self.params.assign(to: selected)
        var fromIndex: Int?
        if from.step != nil {
            guard selected.count == 1, let lesson = selected.first else {
                throw ValidationError("--from needs exactly one lesson (lessons run 4 --from STEP)")
            }
            fromIndex = try from.index(in: lesson, purpose: "run from")
        }
        let runner = session.runner()
        let display = ProgressDisplay()
        let dataDirectory = data.directory
        var status = ExitStatus.ok
        for lesson in selected {
            for warning in DataWarnings.unknownDatasets(lesson, known: session.datasets.names) { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        }
        // Results shown on the course's pages (written here), and the other destinations' runs.
        var runs: [String: LessonRun] = [:]
        var elsewhere: [URL: [(lesson: Lesson, run: LessonRun?)]] = [:]
        for (lesson, assignment) in zip(selected, params) {
            if Interruption.shared.isRequested { break }
            var options = RunOptions(fresh: fresh, dataDirectory: dataDirectory)
            options.from = fromIndex
            let reported = try runner.runAndWritePage(lesson, params: assignment, options: options, explicitOutput: explicitOutput,
                                                      catalog: catalog, observer: display)
            let outcome = reported.outcome, destination = reported.destination
            if destination.isCourse {
                runs[lesson.slug] = outcome.run
                print("  → \(displayPath(reported.page))")
            } else {
                elsewhere[destination.output, default: []].append((lesson, outcome.run))
                print("  → \(displayPath(reported.page)) (not the course's page: \(destination.reasons.joined(separator: ", ")))")
            }
            switch outcome.run.status {
            case .ok: break
            case .interrupted: status = ExitStatus.interrupted
            case .failed, .notRun: if status == ExitStatus.ok { status = ExitStatus.failed }
            }
        }
        for (folder, entries) in elsewhere.sorted(by: { $0.key.path < $1.key.path }) {
            try Report.writeIndex(entries: entries, output: folder)
        }
        // The course index, whenever a course page was written (or nothing was selected to run
        // elsewhere): every row shows the result its page shows.
        if !runs.isEmpty || elsewhere.isEmpty {
            let entries = catalog.lessons.map { lesson in
                (lesson: lesson, run: runs[lesson.slug] ?? project.results.last(slug: lesson.slug)?.run)
            }
            try Report.writeIndex(entries: entries, output: project.outputDirectory)
            print("index: \(displayPath(project.outputDirectory.appendingPathComponent("index.html")))")
        }
        // Said again at the end, where it is not scrolled away: results that are not about the real data.
        let shown = runs.values.sorted { $0.slug < $1.slug } + elsewhere.values.flatMap { $0.compactMap(\.run) }
        for warning in DataWarnings.summary(shown) { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        for problem in catalog.problems where !selected.contains(where: { $0.path == problem.file }) {
            FileHandle.standardError.write(Data("warning: \(problem) (left out of the index)\n".utf8))
        }
        if status != ExitStatus.ok { throw ExitCode(status) }
    }
}
