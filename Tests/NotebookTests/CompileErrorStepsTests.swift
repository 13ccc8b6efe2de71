import XCTest
@testable import Notebook

/// A compile error in one step: the steps before it run and keep their output, it shows the
/// compiler's message at its Markdown line, the later ones are "not run", in `run` and `step`;
/// the compiler's excerpt shows Markdown lines and the lesson's own code only.
final class CompileErrorStepsTests: XCTestCase {
    private let lesson = """
        ---
        title: Broken later
        ---
        ```swift
        let answer = 42
        print("first ran: \\(answer)")
        ```

        ```swift
        let text: String = answer // BROKEN
        ```

        ```swift
        print("never")
        ```

        """

    private func project() throws -> FixtureProject {
        let fixtures = try FixtureProject(copying: [])
        try lesson.write(to: fixtures.url("01-broken.md"), atomically: true, encoding: .utf8)
        return fixtures
    }

    func testStepsBeforeTheErrorRunAndKeepTheirOutput() throws {
        let fixtures = try project()
        let run = try fixtures.run("01-broken.md").run
        XCTAssertEqual(run.status, .failed)
        XCTAssertEqual(run.steps.map(\.status), [.ok, .failed, .notRun])
        XCTAssertTrue(run.steps[0].output.contains("first ran: 42"), run.steps[0].output)
        XCTAssertEqual(run.steps[1].error?.line, 10)
        XCTAssertEqual(run.compileError?.line, 10)

        // Reused from the cache just the same.
        let cached = try fixtures.run("01-broken.md").run
        XCTAssertTrue(cached.fromCache)
        XCTAssertEqual(cached.steps.map(\.status), [.ok, .failed, .notRun])
    }

    func testTheCompilerExcerptShowsMarkdownLinesOnly() throws {
        let fixtures = try project()
        let detail = try XCTUnwrap(try fixtures.run("01-broken.md").run.compileError?.detail)
        XCTAssertFalse(detail.contains("#sourceLocation"), detail)
        XCTAssertFalse(detail.contains("command failed"), detail)
        XCTAssertFalse(detail.contains("LessonRuntime"), detail)
        XCTAssertTrue(detail.contains("10 | let text: String = answer // BROKEN"), detail)
    }

    func testThePageSaysWhichStepsRan() throws {
        let fixtures = try project()
        let outcome = try fixtures.run("01-broken.md")
        let output = fixtures.root.appendingPathComponent("output")
        try Report.writeLessonPage(lesson: try fixtures.lesson("01-broken.md"), run: outcome.run, artifacts: outcome.artifacts,
                                   previous: nil, next: nil, output: output)
        let html = try String(contentsOf: output.appendingPathComponent("01-broken/index.html"), encoding: .utf8)
        XCTAssertFalse(html.contains("No step ran."), "a feedback page says no step ran above a step that ran")
        XCTAssertTrue(html.contains("The 1 step before it ran; the 1 after it did not."))
    }

    func testStepModeRunsUpToTheErrorAndShowsItAtItsLine() throws {
        let fixtures = try project()
        let lesson = try fixtures.lesson("01-broken.md")
        let transcript = fixtures.root.appendingPathComponent("transcript.txt")
        _ = FileManager.default.createFile(atPath: transcript.path, contents: nil)
        let handle = try FileHandle(forWritingTo: transcript)
        let through = StepThrough(lesson: lesson, output: TerminalOutput(fd: handle.fileDescriptor, isTerminal: false),
                                  readAnswer: { "" })
        let run = try fixtures.runner().stepThrough(lesson, params: [], observer: through, controller: through)
        through.finish(run)
        handle.closeFile()
        let text = try String(contentsOf: transcript, encoding: .utf8)
        XCTAssertEqual(run.steps.map(\.status), [.ok, .failed, .notRun])
        let order = ["first ran: 42", "10 │ let text: String = answer", "── does not compile", "01-broken.md:10:", "1 of 3 steps run, failed"]
        var position = text.startIndex
        for piece in order {
            guard let found = text.range(of: piece, range: position..<text.endIndex) else { return XCTFail("no `\(piece)` in order in:\n\(text)") }
            position = found.upperBound
        }
    }

    /// Every compile error is kept in the run (not only the first), reused from the cache with
    /// the rest, and in step mode just the same.
    func testEveryCompileErrorIsKept() throws {
        let fixtures = try FixtureProject(copying: [])
        try lesson.replacingOccurrences(of: "print(\"never\")", with: "let number: Int = \"never\" // BROKEN TOO")
            .write(to: fixtures.url("01-broken.md"), atomically: true, encoding: .utf8)
        let run = try fixtures.run("01-broken.md").run
        XCTAssertEqual(run.compileErrors.compactMap(\.line), [10, 14], run.compileErrors.map(\.message).joined(separator: "\n"))
        XCTAssertEqual(run.compileError?.line, 10, "the first is the one shown")
        XCTAssertEqual(run.steps.map(\.status), [.ok, .failed, .notRun])
        XCTAssertEqual(try fixtures.run("01-broken.md").run.compileErrors.compactMap(\.line), [10, 14], "as stored")

        let lesson = try fixtures.lesson("01-broken.md")
        let quiet = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/null"))
        defer { quiet.closeFile() }
        let through = StepThrough(lesson: lesson, output: TerminalOutput(fd: quiet.fileDescriptor, isTerminal: false), readAnswer: { "" })
        let stepped = try fixtures.runner().stepThrough(lesson, params: [], observer: through, controller: through)
        XCTAssertEqual(stepped.compileErrors.compactMap(\.line), [10, 14])
        XCTAssertEqual(stepped.steps.map(\.status), [.ok, .failed, .notRun])
    }
}
