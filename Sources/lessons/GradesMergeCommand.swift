import ArgumentParser
import FileSystem
import Foundation
import Notebook

/// `lessons grades merge PART…`: folds the partial gradebooks of `lessons check --shard` runs
/// (each one's --output folder) into the course's gradebook and grade pages. Merging the same
/// part twice changes nothing; a re-graded student's newest grading wins; shards of the same
/// grading that are not among the parts are named, with their students.
struct GradesMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Fold the partial gradebooks of sharded gradings into the course's gradebook.")

    @Argument(help: ArgumentHelp("The --output folders of `lessons check --shard I/N` runs.", valueName: "part"))
    var parts: [String]

    @OptionGroup var gradebook: GradebookOptions

    func validate() throws {
        if parts.isEmpty { throw ValidationError("name at least one part (the --output folder of a `lessons check --shard` run)") }
    }

    func run() throws {
        let project = gradebook.project()
        let lock = try gradebook.projectOptions.lock(project)
        defer { withExtendedLifetime(lock) {} }
        let store = try GradeStore(output: project.outputDirectory)
        let report = try store.merge(parts: parts.map { URL(fileURLWithPath: $0).standardizedFileURL })
        for slug in report.lessons {
            let current = try store.current(lesson: slug)
            // The lesson's checks, as its newest grading scored them (the master may be elsewhere).
            guard let newest = current.max(by: { $0.gradedAt < $1.gradedAt }) else { continue }
            let lesson = GradedLesson(slug: slug, title: newest.lessonTitle, checks: newest.checks.map { ($0.name, $0.maxPoints) })
            let files = try GradeReport.write(lesson: lesson, current: current, output: project.outputDirectory)
            print("\(slug): \(current.count) student\(current.count == 1 ? "" : "s") → \(displayPath(files.html))")
        }
        print("merged \(parts.count) part\(parts.count == 1 ? "" : "s"): \(report.added) grading\(report.added == 1 ? "" : "s") added, \(report.alreadyPresent) already here")
        for missing in report.missing {
            FileHandle.standardError.write(Data("lessons: missing \(missing): grade it with --shard and merge it\n".utf8))
        }
        if !report.missing.isEmpty { throw ExitCode(ExitStatus.failed) }
    }
}
