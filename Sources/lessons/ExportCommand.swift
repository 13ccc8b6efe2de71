import ArgumentParser
import FileSystem
import Foundation
import Notebook

/// `lessons export LESSON --to ipynb|pdf`: the lesson and its last result as a Jupyter notebook,
/// or its report page printed to PDF by headless Chromium.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a lesson with its outputs as a Jupyter notebook (nbformat 4, figures embedded) or a PDF.",
        discussion: """
            Uses the result the course's page shows (run `lessons run LESSON` first); a lesson \
            never run is exported with its code and no outputs. Writes output/notebooks/NAME.ipynb \
            unless --output names the file. --to pdf prints the course's page output/NAME/ with \
            headless Chromium (chromium, or LESSONS_CHROMIUM) to output/pdf/NAME.pdf.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case ipynb, pdf }

    @Argument(help: ArgumentHelp("The lesson: a number (4), a file name, a title word or a path.", valueName: "lesson"))
    var lesson: String

    @Option(help: "The format: ipynb or pdf.")
    var to: Format

    @Option(help: ArgumentHelp("The file to write.", valueName: "file"))
    var output: String?

    @OptionGroup var projectOptions: ProjectOptions

    func run() throws {
        let project = projectOptions.project()
        guard let lesson = try LessonCatalog(project: project).select([self.lesson]).first else { return }
        if to == .pdf {
            let page = project.outputDirectory.appendingPathComponent(lesson.slug).appendingPathComponent("index.html")
            let file = output.map { URL(fileURLWithPath: $0) }
                ?? project.outputDirectory.appendingPathComponent("pdf").appendingPathComponent("\(lesson.slug).pdf")
            do { try PDFExport.write(page: page, to: file) } catch let error as PDFExportError {
                FileHandle.standardError.write(Data("lessons: \(error)\n".utf8))
                if case .browserFailed = error { throw ExitCode(ExitStatus.failed) }
                throw ExitCode(ExitStatus.badInput)
            }
            print("  → \(displayPath(file)) (printed from \(displayPath(page)))")
            return
        }
        // The course's result only when its code still matches; else the code alone, honestly.
        let entry = project.results.last(slug: lesson.slug)
        let current = entry.flatMap { $0.run.steps.count == lesson.steps.count ? $0 : nil }
        let data = try NotebookExport.ipynb(lesson: lesson, run: current?.run, artifacts: current?.artifacts)
        let file = output.map { URL(fileURLWithPath: $0) }
            ?? project.outputDirectory.appendingPathComponent("notebooks").appendingPathComponent("\(lesson.slug).ipynb")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file, options: .atomic)
        let note = current.map { " (outputs of the \($0.run.status.rawValue) run of \(Formatting.date($0.run.startedAt)))" } ?? " (no outputs: not run yet)"
        print("  → \(displayPath(file))\(note)")
    }
}
