import ArgumentParser
import Foundation
import Notebook

/// Where the gradebook is, for the commands that grade or read grades: `--output` and the
/// lessons folder.
struct GradebookOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The folder holding grades/. Default: output/ next to the lessons folder.", valueName: "dir"))
    var output: String?

    @OptionGroup var projectOptions: ProjectOptions

    /// The project, with `--output` as its output folder.
    func project() -> ProjectFolders {
        projectOptions.project(output: output)
    }
}
