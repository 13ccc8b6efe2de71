import Foundation

/// One student's copy of a lesson in a submissions folder.
public struct Submission: Sendable, Equatable {
    /// The student: the file name without `.md` (`alice.md`) or the folder's name (`bob/`).
    public var student: String
    /// The copy, or nil when the student's folder holds none.
    public var file: URL?
}

/// Finds the copies in a submissions folder: one Markdown file per student (`alice.md`), or one
/// folder per student holding the lesson under its own file name (`bob/04-resnet-cifar10.md`)
/// or as the folder's only Markdown file. Hidden entries and other files are ignored.
public enum SubmissionFolder {
    public static func list(_ folder: URL, lessonFileName: String) throws -> [Submission] {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw LessonError(file: Workspace.displayPath(folder), line: nil, message: "no such submissions folder")
        }
        let names = try fm.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasPrefix(".") }
            .sorted { $0.compare($1, options: [.numeric, .caseInsensitive]) == .orderedAscending }
        var submissions: [Submission] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            var isDir: ObjCBool = false
            fm.fileExists(atPath: url.path, isDirectory: &isDir)
            if isDir.boolValue {
                let markdown = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? [])
                    .filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") && $0.lowercased() != "readme.md" }
                let chosen = markdown.contains(lessonFileName) ? lessonFileName : (markdown.count == 1 ? markdown[0] : nil)
                submissions.append(Submission(student: name, file: chosen.map { url.appendingPathComponent($0) }))
            } else if name.hasSuffix(".md"), name.lowercased() != "readme.md" {
                submissions.append(Submission(student: String(name.dropLast(3)), file: url))
            }
        }
        return submissions
    }
}
