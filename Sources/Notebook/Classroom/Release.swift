import FileSystem
import Foundation

/// Student copies of master lessons (the nbgrader "release" step): inside every `exercise`
/// step, each region from a `// BEGIN SOLUTION` line to its `// END SOLUTION` line becomes
///
///     // YOUR CODE HERE
///     fatalError("exercise not done yet")
///
/// at the indentation of the BEGIN line. `// BEGIN SOLUTION placeholder: return 0` puts that
/// text in place of the `fatalError`. Every other byte of the file is kept as it is.
public enum Release {
    /// The line that replaces a solution by default: compiles anywhere, fails when reached.
    public static let defaultPlaceholder = #"fatalError("exercise not done yet")"#
    static let yourCodeHere = "// YOUR CODE HERE"

    /// The student copy of lesson text. `path` names the file in errors
    /// (`lessons/x.md:LINE: message`); markers that are unbalanced, nested or outside an
    /// `exercise: true` step are errors.
    public static func studentCopy(of text: String, path: String) throws -> String {
        let lesson = try LessonParser.parse(text: text, path: path)
        // Which swift-step line belongs to which step (1-based Markdown lines).
        var stepOfLine: [Int: Step] = [:]
        for step in lesson.steps {
            for line in step.lines { stepOfLine[line] = step }
        }

        // Split on \n only (as scalars: "\r\n" is one Character), keeping any \r, so the
        // untouched lines come back byte for byte.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        var out: [String] = []
        var open: (line: Int, step: Step)?
        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            let step = stepOfLine[number]
            if let current = open, step?.index != current.step.index {
                throw LessonError(file: path, line: current.line,
                                  message: "`// BEGIN SOLUTION` has no `// END SOLUTION` before the end of its step")
            }
            guard let step, let marker = try Marker(raw, file: path, line: number) else {
                if open == nil { out.append(raw) }
                continue
            }
            guard step.options.exercise else {
                throw LessonError(file: path, line: number,
                                  message: "`\(marker.keyword)` outside an exercise step (add `//| exercise: true` to the step)")
            }
            switch marker {
            case .begin(let placeholder):
                if let current = open {
                    throw LessonError(file: path, line: number,
                                      message: "`// BEGIN SOLUTION` inside the solution opened at line \(current.line) (solutions do not nest)")
                }
                open = (number, step)
                let indent = String(raw.prefix(while: { $0 == " " || $0 == "\t" }))
                let ending = raw.hasSuffix("\r") ? "\r" : ""
                out.append(indent + yourCodeHere + ending)
                out.append(indent + (placeholder ?? defaultPlaceholder) + ending)
            case .end:
                guard open != nil else {
                    throw LessonError(file: path, line: number, message: "`// END SOLUTION` without a `// BEGIN SOLUTION` before it")
                }
                open = nil
            }
        }
        if let current = open {
            throw LessonError(file: path, line: current.line,
                              message: "`// BEGIN SOLUTION` has no `// END SOLUTION` before the end of its step")
        }
        return out.joined(separator: "\n")
    }

    /// Writes the student copies of `lessons` (files) into `folder`, one file each under the
    /// same name. Every lesson is transformed before anything is written, so an error in one
    /// writes nothing; each file is written atomically. Returns the files written.
    @discardableResult
    public static func write(_ lessons: [URL], to folder: URL) throws -> [URL] {
        let fm = FileManager.default
        var copies: [(URL, Data)] = []
        for url in lessons {
            let path = displayPath(url)
            guard let data = fm.contents(atPath: url.path) else {
                throw LessonError(file: path, line: nil, message: "cannot read the lesson")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw LessonError(file: path, line: nil, message: "the lesson is not UTF-8 text")
            }
            let target = folder.appendingPathComponent(url.lastPathComponent).standardizedFileURL
            if target.resolvingSymlinksInPath().path == url.standardizedFileURL.resolvingSymlinksInPath().path {
                throw LessonError(file: displayPath(folder), line: nil,
                                  message: "the release folder holds the master lessons: writing there would overwrite them")
            }
            copies.append((target, Data(try studentCopy(of: text, path: path).utf8)))
        }
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        for (target, data) in copies { try AtomicFile.write(data, to: target) }
        return copies.map(\.0)
    }

    /// A `// BEGIN SOLUTION [placeholder: …]` or `// END SOLUTION` line.
    enum Marker {
        case begin(placeholder: String?)
        case end

        var keyword: String {
            switch self {
            case .begin: return "// BEGIN SOLUTION"
            case .end: return "// END SOLUTION"
            }
        }

        /// The marker on `line`, nil when it is not a marker line.
        init?(_ line: String, file: String, line number: Int) throws {
            let text = line.trimmingCharacters(" \t\r")
            guard text.hasPrefix("//") else { return nil }
            let comment = text.dropFirst(2).trimmingCharacters(" \t")
            if comment == "END SOLUTION" {
                self = .end
                return
            }
            guard comment.hasPrefix("BEGIN SOLUTION") else { return nil }
            let rest = comment.dropFirst("BEGIN SOLUTION".count).trimmingCharacters(" \t")
            if rest.isEmpty {
                self = .begin(placeholder: nil)
                return
            }
            guard rest.hasPrefix("placeholder:") else {
                throw LessonError(file: file, line: number,
                                  message: "unexpected text after `// BEGIN SOLUTION` (write `// BEGIN SOLUTION placeholder: <code>`)")
            }
            let placeholder = rest.dropFirst("placeholder:".count).trimmingCharacters(" \t")
            guard !placeholder.isEmpty else {
                throw LessonError(file: file, line: number, message: "`placeholder:` needs the code to put in place of the solution")
            }
            self = .begin(placeholder: placeholder)
        }
    }
}
