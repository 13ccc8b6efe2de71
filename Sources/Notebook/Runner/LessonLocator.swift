import FileSystem
import Foundation

/// Finds lessons: all of `lessons/*.md` in order, or the ones named on the command line by
/// number (`4` matches `04-…md`), file name (`04-resnet.md`, `04-resnet`) or path.
public struct LessonLocator: Sendable {
    public var directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The lesson files in order (by file name, so `01-…` before `02-…`). `README.md` is not a lesson.
    public func all() throws -> [URL] {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: directory.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw LessonError(file: displayPath(directory), line: nil, message: "no lessons folder here (use --lessons-dir)")
        }
        let names = try fm.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" && !$0.hasPrefix(".") }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        return names.map { directory.appendingPathComponent($0) }
    }

    /// The lesson `name` designates.
    public func find(_ name: String) throws -> URL {
        let fm = FileManager.default
        if name.contains("/") || (name.hasSuffix(".md") && fm.fileExists(atPath: name)) {
            guard fm.fileExists(atPath: name) else {
                throw LessonError(file: name, line: nil, message: "no such lesson file")
            }
            return URL(fileURLWithPath: name).standardizedFileURL
        }
        let lessons = try all()
        var matches: [URL]
        if let number = Int(name) {
            matches = lessons.filter { Self.number(of: $0.lastPathComponent) == number }
        } else {
            let wanted = name.hasSuffix(".md") ? name : name + ".md"
            matches = lessons.filter { $0.lastPathComponent == wanted }
            // `lessons run tensors`: a word of the file name or the title.
            if matches.isEmpty { matches = lessons.filter { Self.words(of: $0).contains(name.lowercased()) } }
        }
        let dir = displayPath(directory)
        guard let match = matches.first else {
            let known = lessons.map { $0.deletingPathExtension().lastPathComponent }.joined(separator: ", ")
            throw LessonError(file: dir, line: nil, message: "no lesson `\(name)` (lessons: \(known.isEmpty ? "none" : known))")
        }
        guard matches.count == 1 else {
            throw LessonError(file: dir, line: nil, message: "`\(name)` matches several lessons: \(matches.map(\.lastPathComponent).joined(separator: ", "))")
        }
        return match
    }

    /// The lowercased words of a lesson's file name and title, for finding it by one of them.
    static func words(of url: URL) -> Set<String> {
        var text = url.deletingPathExtension().lastPathComponent
        if let lesson = try? LessonParser.parse(contentsOf: url, path: url.path) { text += " " + lesson.title }
        return Set(text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init))
    }

    /// The leading number of a file name (`04-resnet.md` → 4).
    static func number(of name: String) -> Int? {
        Int(name.prefix(while: \.isNumber))
    }
}
