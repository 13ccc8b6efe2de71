import Foundation
import XCTest
@testable import Notebook
@testable import Preview

/// The reload script exists only on the way out of the preview server: the report's own files
/// stay script-free, and the served HTML gets exactly one script before `</body>`.
final class LiveReloadTests: XCTestCase {
    func testTheScriptGoesBeforeTheBodyEnds() {
        let served = LiveReload.inject(into: "<html><body><p>hi</p></body></html>")
        XCTAssertTrue(served.hasSuffix("</script>\n</body></html>"), served)
        XCTAssertEqual(served.components(separatedBy: "<script>").count, 2)
        XCTAssertTrue(served.contains(LiveReload.socketPath))
        XCTAssertTrue(LiveReload.inject(into: "<p>no body</p>").hasPrefix("<p>no body</p><script>"))
    }

    func testTheStaticReportHasNoScript() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("preview-static-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lesson = try LessonParser.parse(text: "---\ntitle: Static\n---\nSome prose.\n\n```swift\nprint(1)\n```\n", path: "lessons/01-static.md")
        try Report.writeIndex(entries: [(lesson, nil)], output: folder)
        for page in ["index.html", "01-static/index.html"] {
            let html = try String(contentsOf: folder.appendingPathComponent(page), encoding: .utf8)
            XCTAssertFalse(html.lowercased().contains("<script"), page)
        }
    }
}
