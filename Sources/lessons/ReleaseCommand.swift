import ArgumentParser
import FileSystem
import Foundation
import Notebook

/// `lessons release [LESSON…] --to DIR`: student copies of the master lessons, with every
/// solution (`// BEGIN SOLUTION … // END SOLUTION` in an exercise step) replaced by a placeholder.
struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Write student copies of lessons: solutions replaced by `// YOUR CODE HERE` and a placeholder.",
        discussion: """
            Inside each `//| exercise: true` step, every region from `// BEGIN SOLUTION` to \
            `// END SOLUTION` becomes `// YOUR CODE HERE` and `fatalError("exercise not done yet")` \
            at the same indentation; `// BEGIN SOLUTION placeholder: <code>` uses that code instead. \
            Everything else is copied byte for byte. Exit status: 0 written, 2 a marker problem \
            (nothing is written then).
            """)

    @Argument(help: ArgumentHelp("Lessons to release: a number (4), a file name or a path. Default: all.", valueName: "lesson"))
    var lessons: [String] = []

    @Option(help: ArgumentHelp("The folder to write the student copies into.", valueName: "dir"))
    var to: String

    @OptionGroup var projectOptions: ProjectOptions

    func run() throws {
        let project = projectOptions.project()
        let locator = LessonLocator(directory: project.lessonsDirectory)
        let files = lessons.isEmpty ? try locator.all() : try lessons.map(locator.find)
        let written = try Release.write(files, to: URL(fileURLWithPath: to))
        for url in written { print("  → \(displayPath(url))") }
        print("released \(written.count) lesson\(written.count == 1 ? "" : "s") into \(to)")
    }
}
