import XCTest
@testable import Notebook

/// Pins the report's HTML byte for byte: the fixture report (`ReportBrowserFixtureTests`: five
/// lessons, an index, a grade page) and the hostile fixture lesson (`ReportFixture`: markup in
/// titles, params and output, a crash, checks, a synthetic data source) are rendered and compared
/// with the pages committed in `Fixtures/ReportGolden/`. A change to the templates, the stylesheet
/// links or the view models that alters a page fails here; when the change is meant, record the
/// pages again with `REPORT_GOLDEN_RECORD=1 swift test --filter ReportGoldenTests` and review the
/// diff of `Fixtures/ReportGolden/` like any other change.
final class ReportGoldenTests: XCTestCase {
    static let golden = FixtureProject.fixtures.appendingPathComponent("ReportGolden")

    func testPagesMatchTheCommittedOnes() throws {
        let work = try ReportFixture.tempDir()
        defer { try? FileManager.default.removeItem(at: work) }
        let output = work.appendingPathComponent("output")
        try ReportBrowserFixtureTests.writeReport(to: output.appendingPathComponent("course"), work: work)
        try Self.writeHostileReport(to: output.appendingPathComponent("hostile"), work: work)

        let rendered = try Self.pages(in: output)
        XCTAssertGreaterThanOrEqual(rendered.count, 9, "every page was rendered")
        if ProcessInfo.processInfo.environment["REPORT_GOLDEN_RECORD"] == "1" {
            try? FileManager.default.removeItem(at: Self.golden)
            for page in rendered {
                let target = Self.golden.appendingPathComponent(page)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: output.appendingPathComponent(page), to: target)
            }
            XCTFail("recorded \(rendered.count) pages in \(Self.golden.path): review them, then run the test again without REPORT_GOLDEN_RECORD")
            return
        }
        XCTAssertEqual(rendered, try Self.pages(in: Self.golden), "the same pages are rendered")
        for page in rendered {
            let got = try String(contentsOf: output.appendingPathComponent(page), encoding: .utf8)
            let want = try String(contentsOf: Self.golden.appendingPathComponent(page), encoding: .utf8)
            guard got != want else { continue }
            // Name the first line that differs: a whole page in a failure message is unreadable.
            let gotLines = got.split(separator: "\n", omittingEmptySubsequences: false)
            let wantLines = want.split(separator: "\n", omittingEmptySubsequences: false)
            let k = zip(gotLines, wantLines).enumerated().first { $1.0 != $1.1 }?.offset ?? min(gotLines.count, wantLines.count)
            let gotLine = k < gotLines.count ? Array(gotLines[k]) : [], wantLine = k < wantLines.count ? Array(wantLines[k]) : []
            let column = zip(gotLine, wantLine).enumerated().first { $1.0 != $1.1 }?.offset ?? min(gotLine.count, wantLine.count)
            func around(_ line: [Character]) -> String {
                String(line[max(0, column - 60)..<min(line.count, column + 100)])
            }
            XCTFail("""
                \(page) differs from the committed page at line \(k + 1), column \(column + 1):
                  rendered:  …\(around(gotLine))…
                  committed: …\(around(wantLine))…
                """)
        }
    }

    /// The hostile fixture lesson after its run, and a second lesson never run (its page shows the
    /// prose and code only), with their index.
    static func writeHostileReport(to output: URL, work: URL) throws {
        let lesson = ReportFixture.lesson()
        let third = ReportFixture.lesson(slug: "03-third", title: "The <third> & last")
        try Report.writeLessonPage(lesson: lesson, run: ReportFixture.run(), artifacts: try ReportFixture.artifacts(in: work),
                                   previous: nil, next: third, output: output)
        try Report.writeIndex(entries: [(lesson, ReportFixture.run()), (third, nil)], output: output)
    }

    /// The HTML files under `folder`, as sorted relative paths.
    static func pages(in folder: URL) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var pages: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".html") { pages.append(path) }
        }
        return pages.sorted()
    }
}
