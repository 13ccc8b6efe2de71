import ArgumentParser
import FileSystem
import Foundation
import Notebook

/// `lessons list`: the lessons in order, with the status and duration of their last run.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the lessons in order, with the status and duration of their last run.")

    @OptionGroup var projectOptions: ProjectOptions

    func run() throws {
        let project = projectOptions.project()
        let files = try LessonLocator(directory: project.lessonsDirectory).all()
        let results = project.results
        var rows: [[String]] = [["LESSON", "TITLE", "LAST RUN", "TIME", "WHEN"]]
        for url in files {
            let path = displayPath(url)
            let slug = url.deletingPathExtension().lastPathComponent
            let title: String
            do {
                title = try LessonParser.parse(contentsOf: url, path: path).title
            } catch let error as LessonError {
                rows.append([slug, "(malformed: \(error))", "", "", ""])
                continue
            }
            if let last = results.last(slug: slug)?.run {
                rows.append([slug, title, last.status.rawValue, Formatting.duration(last.duration),
                             Formatting.date(last.startedAt)])
            } else {
                rows.append([slug, title, "never run", "", ""])
            }
        }
        if files.isEmpty { print("no lessons in \(displayPath(project.lessonsDirectory))"); return }
        print(TextTable.render(rows), terminator: "")
    }
}
