import XCTest
@testable import Notebook

/// Runs outside the course (`--set`, `--data`, a lesson file elsewhere, `--output`) write a
/// report of their own and say where; the course's page, the index and `lessons list` keep
/// showing the course's result.
final class ScratchOutputTests: XCTestCase {
    func testExperimentsDoNotReplaceTheCoursePage() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let coursePage = fixtures.root.appendingPathComponent("output/01-shared-state/index.html")
        XCTAssertEqual(try LessonsTool.run(["run", "1"], in: fixtures.root).status, 0)
        let before = try Data(contentsOf: coursePage)
        let index = try Data(contentsOf: fixtures.root.appendingPathComponent("output/index.html"))

        let set = try LessonsTool.run(["run", "1", "--set", "epochs=3"], in: fixtures.root)
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertTrue(set.stdout.contains("output/scratch/01-shared-state-"), set.stdout)
        XCTAssertTrue(set.stdout.contains("not the course's page: --set epochs=3"), set.stdout)

        let dataFolder = fixtures.root.appendingPathComponent("mydata")
        try FileManager.default.createDirectory(at: dataFolder, withIntermediateDirectories: true)
        let data = try LessonsTool.run(["run", "1", "--data", "mydata"], in: fixtures.root)
        XCTAssertTrue(data.stdout.contains("not the course's page: --data mydata"), data.stdout)

        let elsewhere = fixtures.root.appendingPathComponent("copy")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let copy = elsewhere.appendingPathComponent("01-shared-state.md")
        try String(contentsOf: fixtures.url("01-shared-state.md"), encoding: .utf8)
            .replacingOccurrences(of: "print(p)", with: "print(p); fatalError(\"copy breaks\")")
            .write(to: copy, atomically: true, encoding: .utf8)
        let broken = try LessonsTool.run(["run", "copy/01-shared-state.md"], in: fixtures.root)
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stdout.contains("output/scratch/01-shared-state-"), broken.stdout)

        XCTAssertEqual(try Data(contentsOf: coursePage), before, "the course's page was replaced")
        XCTAssertEqual(try Data(contentsOf: fixtures.root.appendingPathComponent("output/index.html")), index)
        let list = try LessonsTool.run(["list"], in: fixtures.root)
        XCTAssertTrue(list.stdout.split(separator: "\n")[1].contains(" ok "), list.stdout)

        let scratch = try FileManager.default.contentsOfDirectory(atPath: fixtures.root.appendingPathComponent("output/scratch").path)
        XCTAssertEqual(scratch.count, 3, "one folder per experiment: \(scratch)")
    }

    func testOutputOptionWritesThereOnly() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let result = try LessonsTool.run(["run", "1", "--output", "elsewhere"], in: fixtures.root)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: fixtures.root.appendingPathComponent("elsewhere/01-shared-state/index.html").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixtures.root.appendingPathComponent("output").path))
    }
}
