import Foundation
import XCTest
@testable import Notebook

/// `lessons export LESSON --to pdf`: the report page printed by headless Chromium.
final class PDFExportTests: XCTestCase {
    func testAReportPageBecomesAPDF() throws {
        guard PDFExport.findBrowser(ProcessInfo.processInfo.environment) != nil else {
            throw XCTSkip("no chromium here (make test-browser installs it)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lesson = try LessonParser.parse(text: "---\ntitle: On paper\n---\nSome prose.\n\n```swift\nprint(1)\n```\n", path: "lessons/01-paper.md")
        try Report.writeIndex(entries: [(lesson, nil)], output: folder)
        let pdf = folder.appendingPathComponent("pdf/01-paper.pdf")
        try PDFExport.write(page: folder.appendingPathComponent("01-paper/index.html"), to: pdf)
        let data = try Data(contentsOf: pdf)
        XCTAssertTrue(data.starts(with: Data("%PDF".utf8)))
        XCTAssertGreaterThan(data.count, 1000)
    }

    func testNoPageSaysToRunTheLessonFirst() {
        XCTAssertThrowsError(try PDFExport.write(page: URL(fileURLWithPath: "/nonexistent/01-x/index.html"), to: URL(fileURLWithPath: "/tmp/x.pdf"))) { error in
            XCTAssertTrue("\(error)".contains("run the lesson first"), "\(error)")
        }
    }
}
