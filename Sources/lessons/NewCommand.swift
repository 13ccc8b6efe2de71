import ArgumentParser
import FileSystem
import Foundation
import Notebook

/// `lessons new TITLE`: a new lesson file to start writing from.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a lesson: writes lessons/NN-title.md from a template that runs as it is.",
        discussion: """
            NN is one past the highest lesson number. The template shows the format by example: \
            front matter with params, prose, steps and their options, a plot, an exercise with \
            its solution markers, and a check step with points.
            """)

    @Argument(help: ArgumentHelp("The lesson's title.", valueName: "title"))
    var title: String

    @OptionGroup var projectOptions: ProjectOptions

    func run() throws {
        let project = projectOptions.project()
        let file = try LessonTemplate.write(title: title, into: project.lessonsDirectory)
        let number = Int(file.lastPathComponent.prefix { $0.isNumber }) ?? 0
        print("  → \(displayPath(file))")
        print("run it with `lessons run \(number)`, or step through it with `lessons step \(number)`")
    }
}
