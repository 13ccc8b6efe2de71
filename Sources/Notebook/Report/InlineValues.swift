import Foundation

/// Inline values: prose that cites a number the run recorded, so the text cannot drift from
/// the output it describes (in the spirit of knitr's inline `r x` and Quarto's inline
/// expressions).
///
/// A step records a value with `metric("resnet test accuracy", "85.1%")`; the prose cites it as
///
///     The ResNet reaches {{ metric "resnet test accuracy" }} on the test set.
///
/// and the page shows the value from the run that produced it. A citation of a name that run
/// never recorded renders as an error naming the Markdown line (`lessons/04-x.md:87`) and is
/// listed with the page's problems; `lessons run` prints it too. A page of a lesson that has
/// not run shows the name in brackets.
public enum InlineValues {
    /// One `{{ metric "name" }}` in the prose.
    public struct Reference: Equatable, Sendable {
        public var name: String
        /// Line in the lesson file.
        public var line: Int
    }

    /// `{{ metric "name" }}`, spaces optional; the name may not contain `"` or a line break.
    static let pattern = try! NSRegularExpression(pattern: #"\{\{\s*metric\s+"([^"\n]+)"\s*\}\}"#)

    /// The citations of one prose block that starts at line `startLine` of the file.
    public static func references(in markdown: String, startLine: Int) -> [Reference] {
        let ns = markdown as NSString
        return pattern.matches(in: markdown, range: NSRange(location: 0, length: ns.length)).map { m in
            let before = ns.substring(to: m.range.location)
            let line = startLine + before.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
            return Reference(name: ns.substring(with: m.range(at: 1)), line: line)
        }
    }

    /// Every citation in the lesson's prose, in document order.
    public static func references(in lesson: Lesson) -> [Reference] {
        lesson.blocks.flatMap { block -> [Reference] in
            if case .prose(let markdown, let line) = block { return references(in: markdown, startLine: line) }
            return []
        }
    }

    /// The citations of names `run` did not record, as `file:line: …` messages.
    public static func problems(in lesson: Lesson, run: LessonRun) -> [String] {
        let recorded = Set(run.metrics.map(\.name))
        return references(in: lesson).filter { !recorded.contains($0.name) }.map { message($0, lesson: lesson) }
    }

    static func message(_ ref: Reference, lesson: Lesson) -> String {
        "\(lesson.path):\(ref.line): the prose cites metric \"\(ref.name)\", which this run did not record"
    }

    /// The prose with every citation replaced by its value as plain text (for notebooks and
    /// the terminal); a missing one becomes `[name: not recorded]`.
    public static func substitutePlain(_ markdown: String, metrics: [HeadlineValue]?) -> String {
        replace(markdown) { name in
            guard let metrics else { return "[\(name)]" }
            return metrics.last { $0.name == name }?.value ?? "[\(name): not recorded]"
        }
    }

    /// Renders one prose block to HTML with its citations resolved: the block is rendered by
    /// `render` with each citation swapped for an inert token, and the tokens are then replaced
    /// by the values' HTML (so a value can never be read as Markdown or HTML).
    static func render(_ markdown: String, startLine: Int, lesson: Lesson, run: LessonRun?,
                       with render: (String) -> String) -> String {
        let refs = references(in: markdown, startLine: startLine)
        guard !refs.isEmpty else { return render(markdown) }
        var html: [String] = []
        var k = 0
        let tokenized = replace(markdown) { name in
            let ref = refs[min(k, refs.count - 1)]
            k += 1
            html.append(valueHTML(ref, lesson: lesson, run: run))
            return token(html.count - 1)
        }
        var out = render(tokenized)
        for i in html.indices.reversed() { out = out.replacingOccurrences(of: token(i), with: html[i]) }
        return out
    }

    private static func token(_ i: Int) -> String { "INLINEVALUE\(i)X7Q" }

    /// A citation's value as `inline-value.mustache` shows it.
    private static func valueHTML(_ ref: Reference, lesson: Lesson, run: LessonRun?) -> String {
        var view = ValueView(name: ref.name)
        if let run {
            if let metric = run.metrics.last(where: { $0.name == ref.name }) {
                view.recorded = metric.value
            } else {
                view.missing = message(ref, lesson: lesson)
            }
        } else {
            view.pending = true
        }
        return ReportTemplate.inlineValue.render(view)
    }

    /// Exactly one of `pending`, `recorded` (the value) and `missing` (the message) is set.
    private struct ValueView {
        var name: String
        var pending = false
        var recorded: String?
        var missing: String?
    }

    private static func replace(_ markdown: String, _ value: (String) -> String) -> String {
        let ns = markdown as NSString
        var out = "", last = 0
        for m in pattern.matches(in: markdown, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            out += value(ns.substring(with: m.range(at: 1)))
            last = m.range.location + m.range.length
        }
        return out + ns.substring(from: last)
    }
}
