import Foundation

/// Turns a lesson's Markdown into a `Lesson`: front matter, prose, and ```swift steps with their
/// options, every piece with its line in the file.
public enum LessonParser {
    /// Reads and parses the file at `url`; `path` is how messages name it (`lessons/04-x.md`).
    public static func parse(contentsOf url: URL, path: String) throws -> Lesson {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LessonError(file: path, line: nil, message: "cannot read the lesson: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LessonError(file: path, line: nil, message: "the lesson is not UTF-8 text")
        }
        return try parse(text: text, path: path)
    }

    /// Parses lesson text; `path` names the file in messages and its last component gives the slug.
    public static func parse(text: String, path: String) throws -> Lesson {
        let source = SourceText(text)
        let matter = try FrontMatter.parse(source, file: path)
        let body = source.slice(matter.bodyStartLine, source.count)
        let outline = MarkdownOutline(body: body, firstLine: matter.bodyStartLine, source: source)

        if let open = outline.fencedBlocks.first(where: { !$0.closed }) {
            throw LessonError(file: path, line: open.startLine,
                              message: "code fence opened here is never closed (add a closing ``` line)")
        }

        var blocks: [LessonBlock] = []
        var proseStart = matter.bodyStartLine
        var ids: [String: Int] = [:]
        for fenced in outline.fencedBlocks where fenced.topLevel && fenced.language == "swift" {
            appendProse(source, from: proseStart, through: fenced.startLine - 1, to: &blocks)
            let step = try makeStep(fenced, index: blocks.filter(\.isStep).count, source: source, file: path)
            if let id = step.options.id {
                if let first = ids[id] {
                    throw LessonError(file: path, line: fenced.startLine + 1,
                                      message: "duplicate step id `\(id)` (first used at line \(first))")
                }
                ids[id] = fenced.startLine + 1
            }
            blocks.append(.step(step))
            proseStart = fenced.endLine + 1
        }
        appendProse(source, from: proseStart, through: source.count, to: &blocks)

        guard let title = matter.title ?? outline.firstHeading?.text, !title.isEmpty else {
            throw LessonError(file: path, line: 1, message: "the lesson has no title: add `title:` to the front matter or a `# Heading`")
        }
        let slug = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var lesson = Lesson(path: path, slug: slug, title: title, params: matter.params, data: matter.data, blocks: blocks)
        lesson.dataLine = matter.dataLine
        return lesson
    }

    /// The step in a ```swift block: option lines first, then the code.
    private static func makeStep(_ fenced: MarkdownOutline.FencedBlock, index: Int, source: SourceText, file: String) throws -> Step {
        var lines = SourceText(fenced.literal).lines
        if lines.last == "" { lines.removeLast() }
        let firstLine = fenced.startLine + 1
        let optionCount = lines.prefix(while: StepOptionsParser.isOption).count
        let options = try StepOptionsParser.parse(
            lines.prefix(optionCount).enumerated().map { .init(text: $1, line: firstLine + $0) }, file: file)
        if let stray = lines.dropFirst(optionCount).firstIndex(where: StepOptionsParser.isOption) {
            throw LessonError(file: file, line: firstLine + stray,
                              message: "step options (`//|`) must come first in the block, before any code")
        }
        let code = lines.dropFirst(optionCount).joined(separator: "\n")
        return Step(index: index, code: code, line: firstLine + optionCount, options: options)
    }

    /// Adds the Markdown of lines `from...through` as prose, without surrounding blank lines.
    private static func appendProse(_ source: SourceText, from: Int, through: Int, to blocks: inout [LessonBlock]) {
        var first = from, last = through
        while first <= last, source[first].trimmingCharacters(" \t").isEmpty { first += 1 }
        while last >= first, source[last].trimmingCharacters(" \t").isEmpty { last -= 1 }
        guard first <= last else { return }
        blocks.append(.prose(markdown: source.slice(first, last), line: first))
    }
}

extension LessonBlock {
    var isStep: Bool { if case .step = self { return true } else { return false } }
}
