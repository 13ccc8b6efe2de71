import FileSystem
import Foundation
import Notebook

/// What `lessons preview` does between the server and the lessons: runs the watched lessons
/// (the results cache makes an unchanged or prose-only lesson a re-render), writes their pages
/// and the index, and tells the open pages; then watches the lesson files and the data folder
/// and does it again for what changed. Runs on the caller's thread; `Interruption` ends it.
public final class PreviewSession {
    public let project: ProjectFolders
    public let build: LessonKitBuild
    /// The engine's datasets, for the runs' cache keys.
    public let datasets: KnownDatasets
    public let hub: EventHub
    /// The lessons asked for on the command line (empty: every lesson in the folder).
    public let names: [String]
    /// `--data`, when given.
    public let dataDirectory: String?
    /// Seconds between two looks at the files.
    public var pollInterval = 0.3
    /// Terminal progress of each run (nil: quiet).
    public var display: RunObserver?
    public var interruption: Interruption
    /// One line per event, for the terminal.
    public var log: (String) -> Void = { print($0) }
    /// The files as `prepare()` first saw them.
    private var watcher: FileWatcher?

    public init(project: ProjectFolders, build: LessonKitBuild, datasets: KnownDatasets, hub: EventHub, names: [String], dataDirectory: String?,
                interruption: Interruption = .shared) {
        self.project = project
        self.build = build
        self.datasets = datasets
        self.hub = hub
        self.names = names
        self.dataDirectory = dataDirectory
        self.interruption = interruption
    }

    /// The data folder the lessons read (`--data`, `LESSONS_DATA`, else `data/` of the project).
    public var dataFolder: URL { project.dataFolder(dataDirectory) }

    /// The watched lesson files: the named ones, or every Markdown file of the lessons folder
    /// (the folder itself, so new lessons are seen).
    public func watchedPaths() throws -> [URL] {
        let lessons = names.isEmpty ? [project.lessonsDirectory]
            : try names.map { try LessonLocator(directory: project.lessonsDirectory).find($0) }
        return lessons + [dataFolder]
    }

    /// The served path of the first watched lesson's page (`/02-mnist-mlp/`), or `/`.
    public func firstPage() -> String {
        guard let first = try? LessonCatalog(project: project).select(names).first else { return "/" }
        return pagePath(for: first)
    }

    /// Writes the index (and a text-only page for each lesson never run), so every page can be
    /// opened before the first run ends.
    /// Also looks at the watched files for the first time: an edit saved during the first runs
    /// is then seen by `watch()`.
    public func prepare() throws {
        watcher = FileWatcher(paths: try watchedPaths())
        if let catalog = loadCatalog() { writeIndex(catalog) }
    }

    /// Runs every watched lesson once and writes the index.
    public func renderAll() {
        guard let catalog = loadCatalog() else { return }
        let lessons: [Lesson]
        do { lessons = try catalog.select(names) } catch {
            problem(error)
            return
        }
        for lesson in lessons where !interruption.isRequested { render(lesson, catalog: catalog) }
        for problem in catalog.problems { self.problem(problem) }
        if catalog.problems.isEmpty { hub.send(PreviewEvent(kind: .idle)) }
    }

    /// Watches until Ctrl-C: each change re-runs the lessons it concerns.
    public func watch() throws {
        var watcher = try self.watcher ?? FileWatcher(paths: watchedPaths())
        let data = dataFolder.standardizedFileURL.path
        while !interruption.isRequested {
            Thread.sleep(forTimeInterval: pollInterval)
            var changed = watcher.changes()
            if changed.isEmpty { continue }
            // Let an editor finish saving (truncate, several writes, a rename) before reading:
            // wait until the files have been still for a moment, gathering what else changed.
            for _ in 0..<20 {
                Thread.sleep(forTimeInterval: 0.15)
                let more = watcher.changes()
                if more.isEmpty { break }
                changed = Array(Set(changed + more)).sorted { $0.path < $1.path }
            }
            for file in changed { log("changed: \(displayPath(file))") }
            let lessonFiles = changed.filter { $0.pathExtension == "md" && !$0.path.hasPrefix(data + "/") }
            if changed.contains(where: { $0.path.hasPrefix(data + "/") }) {
                renderAll()   // the cache decides which lessons' data changed
            } else {
                rerun(lessonFiles)
            }
        }
    }

    /// Re-runs the lessons in `files` (a deleted one only leaves the index).
    func rerun(_ files: [URL]) {
        guard let catalog = loadCatalog() else { return }
        var problems = false
        for file in files where !interruption.isRequested {
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            do {
                let lesson = try LessonParser.parse(contentsOf: file, path: displayPath(file))
                render(lesson, catalog: catalog)
            } catch {
                problem(error)
                problems = true
            }
        }
        writeIndex(catalog)
        if !problems { hub.send(PreviewEvent(kind: .idle)) }
    }

    /// Runs `lesson` (or reuses its result), writes its page and the index, and tells the pages.
    func render(_ lesson: Lesson, catalog: LessonCatalog) {
        hub.send(PreviewEvent(kind: .running, title: lesson.title, text: "starting…"))
        do {
            let params = try LessonCatalog.assignParams([], to: [lesson])[0]
            let lock = try ProjectLock(project, interruption: interruption) { [log] _ in log("waiting for another lessons command in this project…") }
            defer { withExtendedLifetime(lock) {} }
            let runner = LessonRunner(project: project, build: build, datasets: datasets, interruption: interruption)
            let progress = PreviewProgress(hub: hub, title: lesson.title, inner: display)
            let reported = try runner.runAndWritePage(lesson, params: params, options: RunOptions(dataDirectory: dataDirectory),
                                                      explicitOutput: nil, catalog: catalog, observer: progress)
            let outcome = reported.outcome, destination = reported.destination
            if destination.isCourse { writeIndex(catalog) } else { try Report.writeIndex(entries: [(lesson, outcome.run)], output: destination.output) }
            let page = pagePath(for: lesson)
            let failure = Self.summary(outcome.run)
            log("\(lesson.slug): \(outcome.run.status.rawValue)\(outcome.executed ? "" : " (re-rendered; nothing to run)") → \(page)")
            hub.send(PreviewEvent(kind: .finished, title: lesson.title, text: failure ?? "", status: outcome.run.status.rawValue,
                                  pages: [page, indexPath(of: destination)]))
        } catch {
            problem(error, title: lesson.title)
        }
    }

    /// One line about what went wrong in `run`, or nil when nothing did.
    static func summary(_ run: LessonRun) -> String? {
        if let e = run.compileError { return "does not compile: \(e.location): \(e.message)" }
        if let failed = run.steps.first(where: { $0.status == .failed || $0.status == .timedOut }) {
            return "step \(failed.index + 1) \(failed.status == .timedOut ? "timed out" : "failed")" + (failed.error.map { ": \($0.location): \($0.message)" } ?? "")
        }
        return run.status == .ok ? nil : run.status.rawValue
    }

    /// The served path of `lesson`'s page.
    public func pagePath(for lesson: Lesson) -> String {
        let destination = ReportDestination.choose(lesson: lesson, params: [], dataDirectory: dataDirectory, explicitOutput: nil, project: project)
        return indexPath(of: destination) + lesson.slug + "/"
    }

    private func indexPath(of destination: ReportDestination) -> String {
        let root = project.outputDirectory.standardizedFileURL.path
        let folder = destination.output.standardizedFileURL.path
        guard folder.hasPrefix(root + "/") else { return "/" }
        return "/" + folder.dropFirst(root.count + 1) + "/"
    }

    private func writeIndex(_ catalog: LessonCatalog) {
        let entries = catalog.lessons.map { (lesson: $0, run: project.results.last(slug: $0.slug)?.run) }
        do { try Report.writeIndex(entries: entries, output: project.outputDirectory) } catch { problem(error) }
    }

    private func loadCatalog() -> LessonCatalog? {
        do { return try LessonCatalog(project: project) } catch {
            problem(error)
            return nil
        }
    }

    /// Tells the terminal and the pages about something no report shows.
    private func problem(_ error: Error, title: String = "") {
        let text = (error as? LessonError).map(\.description) ?? FileSystemErrorMessage.describe(error) ?? "\(error)"
        log("error: \(text)")
        hub.send(PreviewEvent(kind: .problem, title: title, text: text))
    }
}
