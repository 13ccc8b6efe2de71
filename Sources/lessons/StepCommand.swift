import ArgumentParser
import Foundation
import Notebook

/// `lessons step`: one lesson in the terminal, step by step.
struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Go through a lesson in the terminal: prose, code, run, output; Enter for the next step, q to stop.",
        discussion: """
            Answers: Enter runs the step, c runs it and every later one without asking, q stops. \
            Reads them from standard input, one line each, so it also works with piped input (end \
            of input stops). --from starts in the middle: the earlier steps run first without \
            asking, since the steps share their state. Figures are saved under \
            output/scratch/step-NAME/ (each path is printed; kitty and iTerm2 show them inline).
            """)

    @Argument(help: ArgumentHelp("The lesson: a number (4), a file name or a path.", valueName: "lesson"))
    var lesson: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a param (repeatable): --set epochs=1", valueName: "name=value"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Folder holding the datasets (sets LESSONS_DATA).", valueName: "dir"))
    var data: String?

    @Option(help: ArgumentHelp("Start at this step (its number, from 1, or its id): the earlier steps run without asking.", valueName: "step"))
    var from: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = workspaceOptions.workspace()
        let catalog = try LessonCatalog(workspace: workspace)
        guard let lesson = try catalog.select([self.lesson]).first else { return }
        let params = try LessonCatalog.assignParams(overrides, to: [lesson])[0]
        for warning in DataWarnings.unknownDatasets(lesson) { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        let build = try LessonKitBuild.locate()
        Interruption.installSignalHandler()
        let lock = try workspaceOptions.lock(workspace)
        defer { withExtendedLifetime(lock) {} }
        let runner = LessonRunner(workspace: workspace, build: build)
        let input = LineReader()
        var start = 0
        if let from {
            guard let index = StepThrough.stepIndex(from, in: lesson) else {
                let names = lesson.steps.map { "\($0.index + 1) \($0.name)" }.joined(separator: ", ")
                throw LessonError(file: lesson.path, line: nil, message: "no step `\(from)` to start from; the steps are: \(names)")
            }
            start = index
        }
        // Figures stay after the session (the reader opens them), in a folder of this lesson's
        // step sessions that the next session replaces.
        let work = workspace.outputDirectory.appendingPathComponent("scratch").appendingPathComponent("step-\(lesson.slug)")
        try? FileManager.default.removeItem(at: work)
        let through = StepThrough(lesson: lesson, from: start, figures: work.appendingPathComponent("artifacts"),
                                  inlineImages: InlineImage.detect(), readAnswer: input.readLine)
        let options = RunOptions(dataDirectory: data.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        let run = try runner.stepThrough(lesson, params: params, options: options, observer: through, controller: through, stepWork: work)
        through.finish(run)
        if Interruption.shared.isRequested { throw ExitCode(ExitStatus.interrupted) }
        if run.status == .failed { throw ExitCode(ExitStatus.failed) }
    }
}
