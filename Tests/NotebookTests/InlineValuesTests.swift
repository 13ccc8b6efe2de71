import XCTest
@testable import Notebook

/// Inline values: `{{ metric "name" }}` in the prose shows the value the run recorded, and a
/// citation of a name the run never recorded is an error at its Markdown line.
final class InlineValuesTests: XCTestCase {
    private let text = """
    ---
    title: Cited
    ---
    # Cited

    The model reaches {{ metric "test accuracy" }} after
    training; its loss ends at {{metric "final loss"}} and `{{ metric "final loss" }}` in code.

    ```swift
    print(1)
    ```

    A value never recorded: {{ metric "top-5 accuracy" }}.
    """

    private func lesson() throws -> Lesson { try LessonParser.parse(text: text, path: "lessons/09-cited.md") }

    private func run(_ metrics: [HeadlineValue]) -> LessonRun {
        var run = ReportFixture.run(slug: "09-cited", status: .ok)
        run.metrics = metrics
        run.steps = [StepResult(index: 0, name: "step-1", status: .ok, output: "1\n", figures: [], duration: 0.01, error: nil, checks: [])]
        return run
    }

    func testReferencesCarryTheirFileLines() throws {
        let refs = InlineValues.references(in: try lesson())
        XCTAssertEqual(refs.map(\.name), ["test accuracy", "final loss", "final loss", "top-5 accuracy"])
        XCTAssertEqual(refs.map(\.line), [6, 7, 7, 13])
    }

    func testThePageShowsTheRunsValuesAndNamesTheLineOfAMissingOne() throws {
        let lesson = try lesson()
        let html = LessonPage(lesson: lesson, run: run([HeadlineValue(name: "test accuracy", value: "<97.1%>"),
                                                        HeadlineValue(name: "final loss", value: "0.093")])).html()
        XCTAssertTrue(html.contains("&lt;97.1%&gt;</span> after"), "the value, escaped, in place of the citation")
        XCTAssertTrue(html.contains(">0.093</span> and <code>"), "a citation in a code span resolves too")
        XCTAssertFalse(html.contains("{{"), "no citation is left unrendered")
        XCTAssertFalse(html.contains("INLINEVALUE"), "no token is left behind")
        let missing = "lessons/09-cited.md:13: the prose cites metric &quot;top-5 accuracy&quot;, which this run did not record"
        XCTAssertTrue(html.contains("inline-value-missing"))
        XCTAssertEqual(html.components(separatedBy: missing).count - 1, 2, "in place and among the page's problems")
        XCTAssertEqual(InlineValues.problems(in: lesson, run: run([])).count, 4)
    }

    func testAPageNotRunYetShowsTheNames() throws {
        let html = LessonPage(lesson: try lesson(), run: nil).html()
        XCTAssertTrue(html.contains("[test accuracy]</span>"))
        XCTAssertFalse(html.contains("inline-value-missing"))
    }

    func testNotebooksGetPlainValues() {
        let md = "acc {{ metric \"a\" }}, gone {{ metric \"b\" }}"
        XCTAssertEqual(InlineValues.substitutePlain(md, metrics: [HeadlineValue(name: "a", value: "1.0")]), "acc 1.0, gone [b: not recorded]")
    }

    // MARK: - The course

    private static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The names a lesson's steps can record: `metric("…", …)` string literals, where an
    /// interpolation `\(…)` stands for any text.
    static func recordable(in lesson: Lesson) -> [NSRegularExpression] {
        let call = try! NSRegularExpression(pattern: #"metric\(\s*"((?:[^"\\]|\\.)*)""#)
        return lesson.steps.flatMap { step -> [NSRegularExpression] in
            let ns = step.code as NSString
            return call.matches(in: step.code, range: NSRange(location: 0, length: ns.length)).map { m in
                let literal = ns.substring(with: m.range(at: 1))
                let parts = literal.components(separatedBy: #"\("#)
                var pattern = NSRegularExpression.escapedPattern(for: parts[0])
                for part in parts.dropFirst() {
                    // Skip the interpolated expression up to its closing parenthesis.
                    var depth = 1, rest = Substring(part)
                    while let c = rest.first, depth > 0 { rest = rest.dropFirst(); if c == "(" { depth += 1 } else if c == ")" { depth -= 1 } }
                    pattern += ".+" + NSRegularExpression.escapedPattern(for: String(rest))
                }
                return try! NSRegularExpression(pattern: "^" + pattern + "$")
            }
        }
    }

    /// Fails when a lesson's prose cites a value its code never records.
    func testEveryCitationInTheCourseNamesAMetricItsStepsRecord() throws {
        let dir = Self.root.appendingPathComponent("lessons")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".md") }.sorted()
        XCTAssertFalse(files.isEmpty)
        var cited = 0
        for file in files {
            let lesson = try LessonParser.parse(contentsOf: dir.appendingPathComponent(file), path: "lessons/\(file)")
            let names = Self.recordable(in: lesson)
            for ref in InlineValues.references(in: lesson) {
                cited += 1
                let ns = ref.name as NSString
                XCTAssertTrue(names.contains { $0.firstMatch(in: ref.name, range: NSRange(location: 0, length: ns.length)) != nil },
                              "lessons/\(file):\(ref.line): the prose cites metric \"\(ref.name)\", which no step records")
            }
        }
        XCTAssertGreaterThan(cited, 10, "the course's prose cites its results")
    }

    /// Fails when a committed course page shows a citation its run did not record.
    func testTheCommittedReportsResolveEveryCitation() throws {
        let output = Self.root.appendingPathComponent("output")
        let pages = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        for page in pages.sorted() where page.first?.isNumber == true {
            guard let html = try? String(contentsOf: output.appendingPathComponent("\(page)/index.html"), encoding: .utf8) else { continue }
            XCTAssertFalse(html.contains("inline-value-missing"), "output/\(page)/index.html cites a value its run did not record")
            XCTAssertFalse(html.contains("{{ metric"), "output/\(page)/index.html shows a citation unrendered")
        }
    }
}
