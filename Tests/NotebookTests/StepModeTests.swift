import XCTest
@testable import Notebook

/// `lessons step` over the same compiled program: the runtime waits at each step boundary for
/// the runner's go-ahead, which comes from the user's answers.
final class StepModeTests: XCTestCase {
    private func stepThrough(_ answers: [String], file: String = "01-shared-state.md", from: Int = 0) throws -> (LessonRun, String) {
        let fixtures = try FixtureProject([file])
        let lesson = try fixtures.lesson(file)
        let transcript = fixtures.root.appendingPathComponent("transcript.txt")
        _ = FileManager.default.createFile(atPath: transcript.path, contents: nil)
        let handle = try FileHandle(forWritingTo: transcript)
        var remaining = answers
        let through = StepThrough(lesson: lesson, output: TerminalOutput(fd: handle.fileDescriptor, isTerminal: false), from: from,
                                  readAnswer: { remaining.isEmpty ? nil : remaining.removeFirst() })
        let run = try fixtures.runner().stepThrough(lesson, params: try lesson.assigningParams([]), observer: through, controller: through)
        through.finish(run)
        handle.closeFile()
        return (run, try String(contentsOf: transcript, encoding: .utf8))
    }

    func testEnterRunsEachStepAndShowsProseCodeAndOutput() throws {
        let (run, text) = try stepThrough(["", "", ""])
        XCTAssertEqual(run.status, .ok)
        XCTAssertEqual(run.steps.map(\.status), [.ok, .ok, .ok])
        let order = ["# Shared state across steps", "struct Point", "── step 1/3 · setup", "hello, epochs=2",
                     "| step | what |", "for epoch in 1...epochs", "── step 2/3 · train", "epoch 2/2",
                     "── step 3/3 · result", "Point(x: 2, y: 2)", "The end.", "3 of 3 steps run, ok"]
        var position = text.startIndex
        for piece in order {
            guard let found = text.range(of: piece, range: position..<text.endIndex) else {
                return XCTFail("`\(piece)` missing or out of order in:\n\(text)")
            }
            position = found.upperBound
        }
    }

    func testQuitStopsCleanly() throws {
        let (run, text) = try stepThrough(["", "q"])
        XCTAssertEqual(run.steps.map(\.status), [.ok, .notRun, .notRun])
        XCTAssertFalse(text.contains("epoch 1/2"))
        XCTAssertTrue(text.contains("1 of 3 steps run, stopped"), text)
    }

    func testEndOfInputStops() throws {
        let (run, _) = try stepThrough([""])
        XCTAssertEqual(run.steps.map(\.status), [.ok, .notRun, .notRun])
    }

    func testCrashInStepModeShowsTheError() throws {
        let (run, text) = try stepThrough(["", "", ""], file: "02-index-crash.md")
        XCTAssertEqual(run.steps.map(\.status), [.ok, .failed, .notRun])
        XCTAssertTrue(text.contains("error: Fatal error: Index out of range"), text)
        XCTAssertFalse(text.contains("*** Signal"))
    }

    func testFromRunsTheEarlierStepsQuietlyThenAsks() throws {
        let (run, text) = try stepThrough([""], from: 2)
        XCTAssertEqual(run.steps.map(\.status), [.ok, .ok, .ok])
        XCTAssertTrue(text.contains("running step 1/3 · setup… ok"), text)
        XCTAssertTrue(text.contains("running step 2/3 · train… ok"), text)
        XCTAssertFalse(text.contains("hello, epochs"), "the earlier steps' output is not shown")
        XCTAssertFalse(text.contains("struct Point"), "nor their code")
        XCTAssertEqual(text.components(separatedBy: "Enter: run").count - 1, 1, "one question, for step 3")
        XCTAssertTrue(text.contains("Point(x: 2, y: 2)"), "state from the quiet steps is there")
    }

    func testContinueRunsTheRestWithoutAsking() throws {
        let (run, text) = try stepThrough(["c"])
        XCTAssertEqual(run.steps.map(\.status), [.ok, .ok, .ok])
        XCTAssertEqual(text.components(separatedBy: "Enter: run").count - 1, 1, "asked once")
        XCTAssertTrue(text.contains("── step 3/3 · result ──\n") && text.contains("epoch 2/2"), text)
    }

    func testFromNamesAStepByNumberOrId() throws {
        let lesson = try FixtureProject(["01-shared-state.md"]).lesson("01-shared-state.md")
        XCTAssertEqual(StepThrough.stepIndex("2", in: lesson), 1)
        XCTAssertEqual(StepThrough.stepIndex("result", in: lesson), 2)
        XCTAssertNil(StepThrough.stepIndex("4", in: lesson))
        XCTAssertNil(StepThrough.stepIndex("nope", in: lesson))
    }
}
