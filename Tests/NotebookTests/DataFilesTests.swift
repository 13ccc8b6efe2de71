import XCTest
@testable import Notebook

/// Files a lesson reads from the data folder are part of the cache check: editing one runs the
/// lesson again, and the terminal says which file changed.
final class DataFilesTests: XCTestCase {
    final class Reasons: RunObserver {
        var missed: [String] = []
        func cacheMissed(_ lesson: Lesson, reason: String) { missed.append(reason) }
    }

    func testEditingAFileTheLessonReadRunsItAgain() throws {
        let fixtures = try FixtureProject(copying: [])
        let data = fixtures.root.appendingPathComponent("my-data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let points = data.appendingPathComponent("points.txt")
        try "1 2 3\n".write(to: points, atomically: true, encoding: .utf8)
        try """
        ---
        title: Own data
        ---
        # Own data

        ```swift
        let text = try! String(contentsOfFile: dataFile("points.txt"), encoding: .utf8)
        print("read: \\(text)")
        ```
        """.write(to: fixtures.url("01-own-data.md"), atomically: true, encoding: .utf8)
        let options = RunOptions(dataDirectory: data.path)

        let first = try fixtures.run("01-own-data.md", options: options)
        XCTAssertEqual(first.run.status, .ok, "\(first.run.steps)")
        XCTAssertTrue(first.run.steps[0].output.contains("read: 1 2 3"))
        let second = try fixtures.run("01-own-data.md", options: options)
        XCTAssertTrue(second.run.fromCache, "nothing changed")

        try "4 5 6\n".write(to: points, atomically: true, encoding: .utf8)
        let reasons = Reasons()
        let third = try fixtures.run("01-own-data.md", options: options, observer: reasons)
        XCTAssertFalse(third.run.fromCache, "the lesson's data file changed")
        XCTAssertTrue(third.run.steps[0].output.contains("read: 4 5 6"))
        XCTAssertEqual(reasons.missed.count, 1)
        XCTAssertTrue(reasons.missed.first?.contains("data changed") == true, "\(reasons.missed)")
        XCTAssertTrue(reasons.missed.first?.contains("points.txt") == true, "\(reasons.missed)")
        XCTAssertTrue(try fixtures.run("01-own-data.md", options: options).run.fromCache)
    }
}
