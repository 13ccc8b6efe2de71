import FileSystem
import Foundation
import LessonRuntime

/// Where a run's report goes. Only a default run of a lesson in the lessons folder (no `--set`
/// change, no `--data`, no `--output`) writes the course's page `output/<slug>/`, so the
/// course's report and its status are never replaced by an experiment. Any other run goes to a
/// folder of its own: `--output DIR` when given, else `output/scratch/<slug>-<hash>/`, where
/// the hash names the lesson file, params and data folder (the same experiment reuses its folder).
public struct ReportDestination: Sendable, Equatable {
    /// The folder the lesson page (`<slug>/index.html`) and an index are written into.
    public var output: URL
    /// True for the course's own page: its result becomes the one `lessons list` and the
    /// course index show.
    public var isCourse: Bool
    /// Why the run is not the course's (`--set epochs=3`, `--data DIR`, …); nil for the course.
    public var reasons: [String]

    /// - Parameters:
    ///   - explicitOutput: `--output DIR`, if given.
    public static func choose(lesson: Lesson, params: [ParamAssignment], dataDirectory: String?,
                              explicitOutput: URL?, project: ProjectFolders) -> ReportDestination {
        var reasons: [String] = []
        let file = URL(fileURLWithPath: lesson.path).standardizedFileURL
        if file.deletingLastPathComponent().path != project.lessonsDirectory.standardizedFileURL.path {
            reasons.append("\(lesson.path) is not in \(displayPath(project.lessonsDirectory))")
        }
        for param in params where param.overridden { reasons.append("--set \(param.name)=\(param.value)") }
        if let dataDirectory { reasons.append("--data \(displayPath(URL(fileURLWithPath: dataDirectory)))") }
        if let explicitOutput {
            return ReportDestination(output: explicitOutput, isCourse: false, reasons: reasons + ["--output"])
        }
        if reasons.isEmpty { return ReportDestination(output: project.outputDirectory, isCourse: true, reasons: []) }
        let identity = [file.path, params.map { "\($0.name)=\($0.value)" }.joined(separator: ","), dataDirectory ?? ""]
            .joined(separator: "\u{0}")
        let folder = project.outputDirectory.appendingPathComponent("scratch")
            .appendingPathComponent("\(lesson.slug)-\(SHA256.hex(identity).prefix(8))")
        return ReportDestination(output: folder, isCourse: false, reasons: reasons)
    }
}
