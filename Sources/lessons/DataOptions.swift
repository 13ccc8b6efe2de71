import ArgumentParser
import Foundation

/// `--data DIR`, the same for every command that runs lessons or looks at their data.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("data"),
            help: ArgumentHelp("Folder holding the datasets (default: $LESSONS_DATA, else data/ next to the lessons folder).", valueName: "dir"))
    var path: String?

    /// `--data` as an absolute path, or nil when not given (the runner then leaves the choice to
    /// `LESSONS_DATA` or the loaders' default, and the course's pages stay the place of the result).
    var directory: String? {
        path.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }
}
