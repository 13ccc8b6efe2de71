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
}
