import FileSystem
import XCTest
@testable import Notebook

/// A failure while rendering leaves the previous report as it was.
final class ReportAtomicWriteTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws { dir = try ReportFixture.tempDir() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func testFailedRenderLeavesPreviousReportIntact() throws {
        let output = dir.appendingPathComponent("output")
        let artifacts = try ReportFixture.artifacts(in: dir)
        let lesson = ReportFixture.lesson()
        try Report.writeLessonPage(lesson: lesson, run: ReportFixture.run(), artifacts: artifacts, previous: nil, next: nil, output: output)
        let page = output.appendingPathComponent("02-fixture-mlp/index.html")
        let before = try Data(contentsOf: page)
        let figure = try Data(contentsOf: output.appendingPathComponent("02-fixture-mlp/figures/step-1-1.png"))

        // Injected failure: the new run names a figure that exists but cannot be read (a folder).
        try FileManager.default.createDirectory(at: artifacts.appendingPathComponent("figures/broken.png"), withIntermediateDirectories: true)
        var run = ReportFixture.run()
        run.title = "changed"
        run.steps[0].output = "new output"
        run.steps[0].figures.append("figures/broken.png")
        XCTAssertThrowsError(try Report.writeLessonPage(lesson: lesson, run: run, artifacts: artifacts, previous: nil, next: nil, output: output)) {
            XCTAssertTrue("\($0)".contains("broken.png"), "the error names the file: \($0)")
        }
        XCTAssertEqual(try Data(contentsOf: page), before)
        XCTAssertEqual(try Data(contentsOf: output.appendingPathComponent("02-fixture-mlp/figures/step-1-1.png")), figure)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "no temporary folder is left behind")
    }

    func testRewriteReplacesOldContentsCompletely() throws {
        let output = dir.appendingPathComponent("output")
        let artifacts = try ReportFixture.artifacts(in: dir)
        try Report.writeLessonPage(lesson: ReportFixture.lesson(), run: ReportFixture.run(), artifacts: artifacts, previous: nil, next: nil, output: output)
        var run = ReportFixture.run()
        run.steps[0].figures = []
        run.steps[0].output = "second run"
        try Report.writeLessonPage(lesson: ReportFixture.lesson(), run: run, artifacts: artifacts, previous: nil, next: nil, output: output)
        let folder = output.appendingPathComponent("02-fixture-mlp")
        XCTAssertTrue(try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8).contains("second run"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("figures/step-1-1.png").path),
                       "a figure the new run no longer makes is gone")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix(".") }, [])
    }

    func testLeftoversOfACrashAreCleanedUp() throws {
        let output = dir.appendingPathComponent("output")
        let stale = output.appendingPathComponent(".02-fixture-mlp.tmp-DEAD")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try Report.writeLessonPage(lesson: ReportFixture.lesson(), run: ReportFixture.run(), artifacts: try ReportFixture.artifacts(in: dir),
                                   previous: nil, next: nil, output: output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path))
    }

    func testFoldersAreSwappedAtomically() throws {
        #if os(Linux)
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        try FileManager.default.createDirectory(at: a, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: b, withIntermediateDirectories: true)
        try Data("A".utf8).write(to: a.appendingPathComponent("f"))
        try Data("B".utf8).write(to: b.appendingPathComponent("f"))
        // Where the file system cannot exchange, writes fall back to two renames (tested above).
        guard AtomicDirectory.exchange(a, b) else { throw XCTSkip("no renameat2(RENAME_EXCHANGE) on this file system") }
        XCTAssertEqual(try String(contentsOf: a.appendingPathComponent("f"), encoding: .utf8), "B")
        XCTAssertEqual(try String(contentsOf: b.appendingPathComponent("f"), encoding: .utf8), "A")
        #endif
    }

    func testAtomicFileWrite() throws {
        let url = dir.appendingPathComponent("index.html")
        try AtomicFile.write(Data("one".utf8), to: url)
        try AtomicFile.write(Data("two".utf8), to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "two")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["index.html"])
    }
}
