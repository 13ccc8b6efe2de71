import XCTest
@testable import Notebook

/// The report's templates: all of them load, the escaping is the report's own, and raw HTML goes
/// in only where a template says so, by name.
final class ReportTemplatesTests: XCTestCase {
    static let folder = FixtureProject.repository.appendingPathComponent("Sources/Notebook/Report/Templates")

    func testEveryTemplateFileIsATemplateThatParses() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".mustache") }
        XCTAssertEqual(Set(files.map { String($0.dropLast(".mustache".count)) }), Set(ReportTemplate.allCases.map(\.rawValue)),
                       "each file in Report/Templates/ is a case of ReportTemplate, and each case has its file")
        for template in ReportTemplate.allCases {
            XCTAssertNotNil(ReportTemplate.library.getTemplate(named: template.rawValue), template.rawValue)
            let file = try Data(contentsOf: Self.folder.appendingPathComponent("\(template.rawValue).mustache"))
            XCTAssertEqual([UInt8](file), template.source, "\(template.rawValue): the compiled-in copy is the file")
        }
    }

    /// `HTML.escape`, not Mustache's own: a quote followed by a combining mark is one `Character`,
    /// which Mustache's escaping passes through, and control characters become U+FFFD.
    func testValuesAreEscapedByTheReportsEscaping() {
        let hostile = "\"\u{301} onmouseover=x '\u{301} <b>&\u{7}"
        let html = ReportTemplate.badge.render(Badge(.ok, hostile))
        XCTAssertEqual(html, "<span class=\"badge badge-ok\"><span aria-hidden=\"true\">✓</span> "
                       + "&quot;\u{301} onmouseover=x &#39;\u{301} &lt;b&gt;&amp;\u{FFFD}</span>")
        XCTAssertEqual(ReportTemplate.time.render(Timestamp(Date(timeIntervalSince1970: 0))),
                       "<time datetime=\"1970-01-01T00:00:00Z\">1970-01-01 00:00 UTC</time>")
    }

    /// `{{{…}}}` inserts without escaping: only values named `…HTML` (of type `HTMLFragment`).
    func testRawInsertionsAreOnlyOfHTMLFragments() throws {
        let pattern = try NSRegularExpression(pattern: #"\{\{\{\s*([^}]*?)\s*\}\}\}"#)
        var raw = 0
        for template in ReportTemplate.allCases {
            let text = String(decoding: template.source, as: UTF8.self)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(match.range(at: 1), in: text)!])
                XCTAssertTrue(name.hasSuffix("HTML"), "\(template.rawValue).mustache inserts {{{\(name)}}} unescaped")
                raw += 1
            }
            XCTAssertFalse(text.contains("{{&"), "\(template.rawValue).mustache: {{& …}} inserts unescaped")
        }
        XCTAssertGreaterThanOrEqual(raw, 4, "the pages' raw insertions were found")
    }
}
