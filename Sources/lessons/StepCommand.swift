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

    @OptionGroup var params: ParamOptions

    @OptionGroup var data: DataOptions

    @OptionGroup var from: FromOptions

    @OptionGroup var projectOptions: ProjectOptions

    func run() throws {
        let session = try projectOptions.session()
        defer { session.close() }
        guard let lesson = try session.catalog.select([self.lesson]).first else { return }
        let params = try self.params.assign(to: [lesson])[0]
        for warning in DataWarnings.unknownDatasets(lesson, known: session.datasets.names) { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        let input = LineReader()
        let start = try from.index(in: lesson, purpose: "start from") ?? 0
        // Figures stay after the session (the reader opens them), in a folder of this lesson's
        // step sessions that the next session replaces.
        let work = session.project.outputDirectory.appendingPathComponent("scratch").appendingPathComponent("step-\(lesson.slug)")
        try? FileManager.default.removeItem(at: work)
        let through = StepThrough(lesson: lesson, from: start, figures: work.appendingPathComponent("artifacts"),
                                  inlineImages: InlineImage.detect(), readAnswer: input.readLine)
        let options = RunOptions(dataDirectory: data.directory)
        let run = try session.runner().stepThrough(lesson, params: params, options: options, observer: through, controller: through, stepWork: work)
        through.finish(run)
        if Interruption.shared.isRequested { throw ExitCode(ExitStatus.interrupted) }
        if run.status == .failed { throw ExitCode(ExitStatus.failed) }
    }
}
