import ArgumentParser
import FileSystem
import Foundation
import Notebook
import Preview

/// `lessons preview [LESSON]`: serves the report on 127.0.0.1 and keeps it current while the
/// lessons are edited. The work is in the `Preview` module; this only wires it to the command line.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Serve the report on 127.0.0.1 and re-run a lesson whenever its file changes; open pages reload.",
        discussion: """
            Runs the lessons (or reuses their cached results), serves output/ at \
            http://127.0.0.1:PORT/, and watches the lesson files and the data folder. A saved \
            change re-runs the lesson (a prose-only edit just re-renders its page) and every open \
            page of it reloads by itself, showing the run's progress meanwhile and the error \
            banner when it fails. The reload script is added only while serving: the files in \
            output/ stay script-free. Ctrl-C stops it.
            """)

    @Argument(help: ArgumentHelp("Lessons to watch: a number (4), a file name or a title word. Default: all.", valueName: "lesson"))
    var lessons: [String] = []

    @Option(help: ArgumentHelp("The port on 127.0.0.1 (default: 8642, or one the system picks when that is taken).", valueName: "port"))
    var port: UInt16?

    @OptionGroup var data: DataOptions

    @OptionGroup var projectOptions: ProjectOptions

    /// The port tried first when none is given, so a bookmark keeps working between previews.
    static let defaultPort: UInt16 = 8642

    func run() throws {
        // Each run takes the project's lock itself, so that `lessons run` can go in between.
        let run = try projectOptions.session(locked: false)
        let project = run.project
        // Bad input fails here, before anything is served: an unknown lesson, a malformed file.
        _ = try run.catalog.select(lessons)

        let hub = EventHub()
        let server = PreviewServer(root: project.outputDirectory, hub: hub)
        if let port {
            try server.start(port: port)
        } else {
            do { try server.start(port: Self.defaultPort) } catch { try server.start(port: 0) }
        }
        defer { server.stop() }
        let session = PreviewSession(project: project, build: run.build, datasets: run.datasets, hub: hub, names: lessons,
                                     dataDirectory: data.directory)
        session.display = ProgressDisplay()
        setvbuf(stdout, nil, _IOLBF, 0)   // the address must reach a pipe at once (scripts wait for it)
        try session.prepare()
        print("preview: \(server.url(session.firstPage())) (Ctrl-C stops)")
        print("watching \(try session.watchedPaths().map { displayPath($0) }.joined(separator: ", "))")
        session.renderAll()
        try session.watch()
        print("preview: stopped")
    }
}
