import ArgumentParser

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
        ])
}

Lessons.mainWithExitStatus()
