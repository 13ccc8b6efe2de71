import ArgumentParser
import Foundation
import Notebook

/// Options every subcommand shares: where the lessons are.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .customLong("lessons-dir"), help: ArgumentHelp("The lessons folder; the project root is its parent.", valueName: "dir"))
    var lessonsDirectory: String = "lessons"

    func workspace(output: String? = nil) -> Workspace {
        Workspace(lessonsDirectory: URL(fileURLWithPath: lessonsDirectory),
                  outputDirectory: output.map { URL(fileURLWithPath: $0) })
    }

    /// Takes the project's lock for a command that writes the cache or the report, saying so
    /// when it has to wait for another `lessons` command. Keep it alive for the whole command.
    func lock(_ workspace: Workspace) throws -> WorkspaceLock {
        try WorkspaceLock(workspace) { pid in
            let who = pid.map { " (pid \($0))" } ?? ""
            FileHandle.standardError.write(Data("lessons: waiting for another lessons command in this project\(who) to finish…\n".utf8))
        }
    }
}
