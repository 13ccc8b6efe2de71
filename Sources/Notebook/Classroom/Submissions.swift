import FileSystem
import Foundation

/// One entry of a hand-in folder: a student's copy of a lesson, or an entry that is not one
/// (which still gets a row in the grade table, with the reason).
public struct Submission: Sendable, Equatable {
    /// Why an entry is not graded.
    public enum Problem: Sendable, Equatable {
        /// A symbolic link, a hard link, or not a regular file: it could stand for another
        /// student's copy or the master.
        case refused(String)
        /// Not a student's copy at all (a hidden file, a stray file of another kind).
        case skipped(String)
    }

    /// The student: the file name without `.md` (`alice.md`) or the folder's name (`bob/`),
    /// exactly as in the folder.
    public var student: String
    /// The copy, or nil when the student's folder holds none.
    public var file: URL?
    public var problem: Problem?

    public init(student: String, file: URL?, problem: Problem? = nil) {
        self.student = student
        self.file = file
        self.problem = problem
    }
}

/// Finds the copies in a hand-in folder: one Markdown file per student (`alice.md`), or one
/// folder per student holding the lesson under its own file name (`bob/04-resnet-cifar10.md`)
/// or as the folder's only Markdown file. Every entry gets a `Submission`: links are refused
/// (a link to the master or to a classmate's copy is not a hand-in), and anything else that is
/// not a copy is listed as skipped with the reason.
public enum SubmissionFolder {
    /// Largest copy read; a lesson is a few tens of kilobytes.
    public static let maxCopyBytes = 1 << 20

    public static func list(_ folder: URL, lessonFileName: String) throws -> [Submission] {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw LessonError(file: displayPath(folder), line: nil, message: "no such submissions folder")
        }
        let names = try fm.contentsOfDirectory(atPath: folder.path)
            .sorted { $0.compare($1, options: [.numeric, .caseInsensitive]) == .orderedAscending || ($0.caseInsensitiveCompare($1) == .orderedSame && $0 < $1) }
        var submissions: [Submission] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            let student = name.lowercased().hasSuffix(".md") ? String(name.dropLast(3)) : name
            if name.hasPrefix(".") {
                submissions.append(Submission(student: name, file: nil, problem: .skipped("hidden entry")))
                continue
            }
            switch FileKind(of: url) {
            case .link:
                submissions.append(Submission(student: student, file: nil, problem: .refused("a symbolic link, not a copy (it could point at the master or at a classmate's copy)")))
            case .folder:
                submissions.append(inFolder(url, student: name, lessonFileName: lessonFileName))
            case .file(_, let links):
                if !name.lowercased().hasSuffix(".md") || name.lowercased() == "readme.md" {
                    submissions.append(Submission(student: name, file: nil, problem: .skipped("not a lesson copy (a .md file or a folder)")))
                } else {
                    submissions.append(fileSubmission(url, student: student, links: links))
                }
            case .other, .missing:
                submissions.append(Submission(student: name, file: nil, problem: .refused("not a regular file or folder")))
            }
        }
        return submissions
    }

    private static func inFolder(_ url: URL, student: String, lessonFileName: String) -> Submission {
        let markdown = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [])
            .filter { $0.lowercased().hasSuffix(".md") && !$0.hasPrefix(".") && $0.lowercased() != "readme.md" }
        guard let chosen = markdown.contains(lessonFileName) ? lessonFileName : (markdown.count == 1 ? markdown[0] : nil) else {
            return Submission(student: student, file: nil)
        }
        let file = url.appendingPathComponent(chosen)
        switch FileKind(of: file) {
        case .file(_, let links): return fileSubmission(file, student: student, links: links)
        case .link: return Submission(student: student, file: nil, problem: .refused("\(chosen) is a symbolic link, not a copy"))
        default: return Submission(student: student, file: nil, problem: .refused("\(chosen) is not a regular file"))
        }
    }

    private static func fileSubmission(_ url: URL, student: String, links: Int) -> Submission {
        guard links == 1 else {
            return Submission(student: student, file: nil, problem: .refused("a hard link (\(links) names for one file): it could be the master or a classmate's copy"))
        }
        return Submission(student: student, file: url)
    }

    /// The copy's bytes, read without following a link and only while it is still the plain,
    /// singly linked file that was listed (it could have been swapped since).
    static func read(_ url: URL) throws -> Data {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: url.path]) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1 else {
            throw LessonError(file: displayPath(url), line: nil, message: "the copy is no longer a plain file")
        }
        guard info.st_size <= maxCopyBytes else {
            throw LessonError(file: displayPath(url), line: nil, message: "the copy is larger than \(maxCopyBytes / 1024) KiB")
        }
        var data = Data(count: Int(info.st_size))
        let count = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count == data.count else { throw LessonError(file: displayPath(url), line: nil, message: "cannot read the copy") }
        return data
    }
}

/// A student's folder in the feedback reports: a name that differs for every distinct student
/// name, also on file systems that ignore case. Lowercase letters, digits, `-` and `_` stay;
/// every other byte of the UTF-8 name becomes `~xx` (`Alice` → `~41lice`, `bob smith` →
/// `bob~20smith`), so two names that differ in case, spaces or punctuation never share a folder.
public enum StudentFolderName {
    public static func of(_ student: String) -> String {
        var out = ""
        for byte in student.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "~" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return out.isEmpty ? "~" : out
    }
}
