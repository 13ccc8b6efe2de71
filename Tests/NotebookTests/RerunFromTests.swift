import XCTest
@testable import Notebook

/// `lessons run LESSON --from STEP`: everything runs again, and the earlier steps that are
/// unchanged and printed the same are shown collapsed, in the terminal and in the report.
final class RerunFromTests: XCTestCase {
    func testEarlierUnchangedStepsAreCollapsedAndSaySo() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let first = try fixtures.run("01-shared-state.md")
        XCTAssertEqual(first.run.status, .ok)

        // The student fixes the last step, and re-runs from it.
        let url = fixtures.url("01-shared-state.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "print(p)", with: "print(\"fixed:\", p)").write(to: url, atomically: true, encoding: .utf8)
        let terminal = fixtures.root.appendingPathComponent("terminal.txt")
        FileManager.default.createFile(atPath: terminal.path, contents: nil)
        let handle = try FileHandle(forWritingTo: terminal)
        let display = ProgressDisplay(output: TerminalOutput(fd: handle.fileDescriptor, isTerminal: false),
                                      errors: TerminalOutput(fd: handle.fileDescriptor, isTerminal: false))
        var options = RunOptions()
        options.from = 2
        let second = try fixtures.run("01-shared-state.md", options: options, observer: display)
        try handle.close()
        XCTAssertTrue(second.executed, "the earlier steps really ran again")
        XCTAssertFalse(second.run.fromCache)
        XCTAssertEqual(second.run.steps.map(\.rerunAsBefore), [true, true, nil])
        XCTAssertEqual(second.run.steps[1].output, first.run.steps[1].output, "the output is still there")
        XCTAssertTrue(second.run.steps[2].output.contains("fixed:"))

        let shown = try String(contentsOf: terminal, encoding: .utf8)
        XCTAssertFalse(shown.contains("epoch 1/2"), shown)
        XCTAssertTrue(shown.contains("[2/3] train · "), shown)
        XCTAssertTrue(shown.contains("ran again to rebuild state; output as before"), shown)
        XCTAssertTrue(shown.contains("│ fixed: Point"), shown)

        let lesson = try fixtures.lesson("01-shared-state.md")
        let output = fixtures.root.appendingPathComponent("output")
        try Report.writeLessonPage(lesson: lesson, run: second.run, artifacts: second.artifacts, previous: nil, next: nil, output: output)
        let page = try String(contentsOf: output.appendingPathComponent("01-shared-state/index.html"), encoding: .utf8)
        XCTAssertEqual(page.components(separatedBy: "Ran again to rebuild state; output as before").count - 1, 2)

        // The stored result is plain: a later cached run shows every step as it ran.
        let third = try fixtures.run("01-shared-state.md")
        XCTAssertTrue(third.run.fromCache)
        XCTAssertEqual(third.run.steps.map(\.rerunAsBefore), [nil, nil, nil])

        // A changed earlier step is not "as before".
        try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "print(\"epoch \\(epoch)/\\(epochs)\")", with: "print(\"epoch \\(epoch) of \\(epochs)\")")
            .write(to: url, atomically: true, encoding: .utf8)
        let fourth = try fixtures.run("01-shared-state.md", options: options)
        XCTAssertEqual(fourth.run.steps.map(\.rerunAsBefore), [true, nil, nil])
        XCTAssertTrue(fourth.run.steps[1].output.contains("epoch 1 of 2"))
    }
}
