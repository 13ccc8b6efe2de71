import ArgumentParser
import Foundation
import Notebook

/// `lessons step`: one lesson in the terminal, step by step.
struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Go through a lesson in the terminal: prose, code, run, output; Enter for the next step, q to stop.",
        discussion: "Reads answers from standard input, one line each, so it also works with piped input (end of input stops).")

    @Argument(help: ArgumentHelp("The lesson: a number (4), a file name or a path.", valueName: "lesson"))
    var lesson: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a param (repeatable): --set epochs=1", valueName: "name=value"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Folder holding the datasets (sets LESSONS_DATA).", valueName: "dir"))
    var data: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = workspaceOptions.workspace()
        let catalog = try LessonCatalog(workspace: workspace)
        guard let lesson = try catalog.select([self.lesson]).first else { return }
        let params = try LessonCatalog.assignParams(overrides, to: [lesson])[0]
        let build = try LessonKitBuild.locate()
        Interruption.installSignalHandler()
        let lock = try workspaceOptions.lock(workspace)
        defer { withExtendedLifetime(lock) {} }
        let runner = LessonRunner(workspace: workspace, build: build)
        let input = LineReader()
        let through = StepThrough(lesson: lesson, readAnswer: input.readLine)
        let options = RunOptions(dataDirectory: data.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        let run = try runner.stepThrough(lesson, params: params, options: options, observer: through, controller: through)
        through.finish(run)
        if Interruption.shared.isRequested { throw ExitCode(ExitStatus.interrupted) }
        if run.status == .failed { throw ExitCode(ExitStatus.failed) }
    }
}
