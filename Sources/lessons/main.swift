import ArgumentParser
import Engine
import Foundation
import Notebook

/// The `lessons` command line. A subcommand lives in its own file; add it to the list below.
struct Lessons: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "Literate deep-learning lessons: Markdown whose ```swift blocks run as one program.",
        discussion: "Exit status: 0 all good, 1 a step failed, 2 bad usage or bad input, 130 interrupted.",
        subcommands: [
            ListCommand.self,
            RunCommand.self,
            StepCommand.self,
            DataCommand.self,
            ReleaseCommand.self,
            CheckCommand.self,
            GradesCommand.self,
            NewCommand.self,
            ExportCommand.self,
            PreviewCommand.self,
            BenchCommand.self,
        ])
}

// OpenBLAS 0.3.21 falls back to its SSE3 kernels on CPUs it does not know (BLASCore): run
// again with the right ones. Lesson programs inherit the variable from this process.
BLASCore.reexecWithBetterCoreIfNeeded()

// A mistyped command gets the nearest real one (exit status 2, bad usage).
if CommandLine.arguments.count > 1, let message = CommandSuggestion.message(
    for: CommandLine.arguments[1], commands: Lessons.configuration.subcommands.map { $0.configuration.commandName ?? "" } + ["help"]) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}
Lessons.mainWithExitStatus()
