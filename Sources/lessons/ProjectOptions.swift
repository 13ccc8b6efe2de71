import ArgumentParser
import Foundation
import Notebook

/// Options every subcommand shares: where the lessons are.
struct ProjectOptions: ParsableArguments {
    @Option(name: .customLong("lessons-dir"), help: ArgumentHelp("The lessons folder; the project root is its parent.", valueName: "dir"))
    var lessonsDirectory: String = "lessons"

    func project(output: String? = nil) -> ProjectFolders {
        ProjectFolders(lessonsDirectory: URL(fileURLWithPath: lessonsDirectory),
                  outputDirectory: output.map { URL(fileURLWithPath: $0) })
    }

    /// Sets up a command that runs lessons (`RunSession`): the lessons, the build, Ctrl-C and,
    /// unless `locked` is false, the project's lock. Close it when the command is done.
    func session(output: String? = nil, locked: Bool = true) throws -> RunSession {
        try RunSession(project: project(output: output), datasets: .engine,
                       locking: locked ? .exclusive(waiting: Self.announceWaiting) : .none)
    }

    /// Takes the project's lock for a command that writes the gradebook but runs no lesson.
    /// Keep it alive for the whole command.
    func lock(_ project: ProjectFolders) throws -> ProjectLock {
        try ProjectLock(project, waiting: Self.announceWaiting)
    }

    /// Says that the command waits for another `lessons` command's lock (with its pid when known).
    private static func announceWaiting(_ pid: Int32?) {
        let who = pid.map { " (pid \($0))" } ?? ""
        FileHandle.standardError.write(Data("lessons: waiting for another lessons command in this project\(who) to finish…\n".utf8))
    }
}
