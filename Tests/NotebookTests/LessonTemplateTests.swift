import XCTest
@testable import Notebook

/// `lessons new`: the template runs as written, passes its checks, and its released copy
/// compiles and fails them.
final class LessonTemplateTests: XCTestCase {
    func testTheTemplateRunsPassesItsChecksAndReleasesAnExercise() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let file = try LessonTemplate.write(title: "Fitting a \"line\"", into: fixtures.lessonsDirectory)
        XCTAssertEqual(file.lastPathComponent, "02-fitting-a-line.md", "one past the highest number")
        let master = try fixtures.lesson(file.lastPathComponent)
        XCTAssertEqual(master.title, "Fitting a \"line\"")
        XCTAssertEqual(master.steps.map(\.name), ["data", "exercise-fit", "train", "check-fit", "loss-curve"])

        let run = try fixtures.run(file.lastPathComponent).run
        XCTAssertEqual(run.status, .ok, run.steps.compactMap(\.error?.message).joined(separator: "\n"))
        XCTAssertTrue(LessonGrade.grade(master: master, graded: master, run: run).allPassed)
        XCTAssertEqual(run.steps[4].figures.count, 1, "the loss curve")
        XCTAssertEqual(run.metrics.map(\.name), ["final loss"])

        let copyURL = try Release.write([file], to: fixtures.root.appendingPathComponent("student"))[0]
        let copy = try LessonParser.parse(contentsOf: copyURL, path: "student/\(file.lastPathComponent)")
        XCTAssertTrue(copy.steps[1].code.contains("// YOUR CODE HERE"))
        let copyRun = try fixtures.runner().run(copy, params: copy.assigningParams([])).run
        XCTAssertNil(copyRun.compileError, "the student copy compiles")
        XCTAssertEqual(LessonGrade.grade(master: master, graded: copy, run: copyRun).points, 0)

        XCTAssertThrowsError(try LessonTemplate.write(title: "x", into: URL(fileURLWithPath: "/proc/no-such-dir")))
    }
}
