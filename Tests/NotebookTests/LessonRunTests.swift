import LessonRuntime
import XCTest
@testable import Notebook

/// Fixture lessons compiled against the LessonKit build and run for real.
final class LessonRunTests: XCTestCase {
    func testStateIsSharedAcrossStepsAndOutputIsCapturedPerStep() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let observer = RecordingObserver()
        let outcome = try fixtures.run("01-shared-state.md", observer: observer)
        let run = outcome.run
        XCTAssertEqual(run.status, .ok)
        XCTAssertTrue(outcome.compiled && outcome.executed)
        XCTAssertEqual(run.steps.map(\.status), [.ok, .ok, .ok])
        XCTAssertEqual(run.steps[0].output, "hello, epochs=2 lr=0.5 verbose=false\n")
        // stderr is captured with stdout, in order; the engine is linked and works.
        XCTAssertEqual(run.steps[1].output, "epoch 1/2\nepoch 2/2\na warning on stderr\nengine says 6.0\n")
        // The struct from step 1 and the variable bumped by step 1's function from step 2.
        XCTAssertEqual(run.steps[2].output, "Point(x: 2, y: 2)\n")
        XCTAssertEqual(run.metrics, [HeadlineValue(name: "final loss", value: "0.125")])
        XCTAssertEqual(run.steps[2].figures, ["step-3/figure-1.png"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: outcome.artifacts.appendingPathComponent("step-3/figure-1.png").path))
        XCTAssertEqual(run.params.map(\.value), ["2", "0.5", "hello", "false", ""])
        XCTAssertTrue(run.steps.allSatisfy { $0.duration >= 0 && $0.duration < 30 })
        XCTAssertEqual(observer.output[1], run.steps[1].output, "the observer saw the output as it came")
        XCTAssertEqual(observer.events.filter { $0.hasPrefix("finish ") }, ["finish 0 ok", "finish 1 ok", "finish 2 ok"])
    }

    func testParamsOverride() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let run = try fixtures.run("01-shared-state.md", set: ["epochs=3", "greeting=hi there", "lr=0.25"]).run
        XCTAssertEqual(run.steps[0].output, "hi there, epochs=3 lr=0.25 verbose=false\n")
        XCTAssertEqual(run.steps[2].output, "Point(x: 3, y: 2)\n")
        XCTAssertEqual(run.params.first, RunParam(name: "epochs", value: "3", overridden: true))
        XCTAssertEqual(run.params[3], RunParam(name: "verbose", value: "false", overridden: false))
    }

    func testIndexOutOfRangeIsPlacedAtItsMarkdownLine() throws {
        let fixtures = try FixtureProject(["02-index-crash.md"])
        let run = try fixtures.run("02-index-crash.md").run
        XCTAssertEqual(run.status, .failed)
        XCTAssertEqual(run.steps.map(\.status), [.ok, .failed, .notRun])
        XCTAssertEqual(run.steps[0].output, "step one done\n")
        XCTAssertEqual(run.steps[1].output, "about to crash\n")
        let error = try XCTUnwrap(run.steps[1].error)
        XCTAssertEqual(error.file, try fixtures.lesson("02-index-crash.md").path)
        XCTAssertEqual(error.line, try FixtureProject.line(containing: "CRASH HERE", in: "02-index-crash.md"))
        XCTAssertEqual(error.message, "Fatal error: Index out of range")
        XCTAssertTrue(error.detail?.contains("Program crashed") == true)
        XCTAssertEqual(run.steps[2].output, "")
    }

    func testFatalErrorInAFunctionIsPlacedAtItsLine() throws {
        let fixtures = try FixtureProject(["03-fatal-error.md"])
        let run = try fixtures.run("03-fatal-error.md").run
        XCTAssertEqual(run.steps.map(\.status), [.ok, .failed, .notRun])
        XCTAssertEqual(run.steps[1].output, "checking\n")
        XCTAssertEqual(run.steps[1].error?.line, try FixtureProject.line(containing: "FATAL HERE", in: "03-fatal-error.md"))
        XCTAssertEqual(run.steps[1].error?.message, "Fatal error: value too large: 5")
    }

    func testEngineErrorsStopTheStepWithTheirMessageAtTheLessonLine() throws {
        let fixtures = try FixtureProject(["11-engine-misuse.md"])
        let run = try fixtures.run("11-engine-misuse.md").run
        XCTAssertEqual(run.steps.map(\.status), [.ok, .failedAsExpected, .failedAsExpected, .ok])
        XCTAssertEqual(run.steps[1].error?.line, try FixtureProject.line(containing: "SHAPES HERE", in: "11-engine-misuse.md"))
        XCTAssertTrue(run.steps[1].error?.message.contains("cannot be broadcast together") ?? false,
                      run.steps[1].error?.message ?? "no error")
        XCTAssertEqual(run.steps[2].error?.line, try FixtureProject.line(containing: "IN-PLACE HERE", in: "11-engine-misuse.md"))
        XCTAssertTrue(run.steps[2].error?.message.contains("would corrupt its gradient") ?? false,
                      run.steps[2].error?.message ?? "no error")
        XCTAssertEqual(run.steps[3].output, "[0.0, 1.0, 2.0]\n")
    }

    func testCompileErrorIsMappedToTheMarkdown() throws {
        let fixtures = try FixtureProject(["04-compile-error.md"])
        let observer = RecordingObserver()
        let outcome = try fixtures.run("04-compile-error.md", observer: observer)
        XCTAssertTrue(outcome.executed, "the step before the error runs")
        let error = try XCTUnwrap(outcome.run.compileError)
        XCTAssertEqual(error.file, try fixtures.lesson("04-compile-error.md").path)
        XCTAssertEqual(error.line, try FixtureProject.line(containing: "TYPE ERROR HERE", in: "04-compile-error.md"))
        XCTAssertEqual(error.column, 20)
        XCTAssertEqual(error.message, "cannot convert value of type 'Int' to specified type 'String'")
        XCTAssertEqual(outcome.run.status, .failed)
        XCTAssertEqual(outcome.run.steps.map(\.status), [.ok, .failed])
        XCTAssertTrue(observer.events.contains("compile failed"))
    }

    func testExpectErrorStepsFailAndTheLessonGoesOn() throws {
        let fixtures = try FixtureProject(["05-expect-error.md"])
        let run = try fixtures.run("05-expect-error.md").run
        XCTAssertEqual(run.status, .ok)
        XCTAssertEqual(run.steps.map(\.status), [.ok, .failedAsExpected, .failedAsExpected, .failedAsExpected, .ok])
        // A trap: message and line from the forked copy's crash.
        XCTAssertEqual(run.steps[1].error?.message, "Fatal error: Index out of range")
        XCTAssertEqual(run.steps[1].error?.line, try FixtureProject.line(containing: "EXPECTED CRASH", in: "05-expect-error.md"))
        XCTAssertEqual(run.steps[1].output, "reading past the end\n")
        // A thrown Swift error.
        XCTAssertEqual(run.steps[2].error?.message, "error thrown: shapes [2, 3] and [4, 5] do not match")
        // A compile error inside the step: the step is left out and the rest compiles.
        XCTAssertEqual(run.steps[3].error?.line, try FixtureProject.line(containing: "EXPECTED COMPILE ERROR", in: "05-expect-error.md"))
        XCTAssertEqual(run.steps[3].error?.message, "cannot convert value of type 'String' to specified type 'Int'")
        // The failing steps' changes to shared state were discarded with their copies.
        XCTAssertEqual(run.steps[4].output, "start,after 2\n")
    }

    func testExpectErrorStepThatCompletesFails() throws {
        let fixtures = try FixtureProject(["06-expect-error-completes.md"])
        let run = try fixtures.run("06-expect-error-completes.md").run
        XCTAssertEqual(run.status, .failed)
        XCTAssertEqual(run.steps.map(\.status), [.failed, .ok])
        XCTAssertEqual(run.steps[0].output, "this works fine\n")
        XCTAssertEqual(run.steps[0].error?.message, "this step is marked `expect: error` but it completed without an error")
    }

    func testChecksGivePartialCredit() throws {
        let fixtures = try FixtureProject(["07-checks.md"])
        let run = try fixtures.run("07-checks.md").run
        XCTAssertEqual(run.steps.map(\.status), [.ok, .failed, .ok, .ok])
        let checks = run.steps[1].checks
        XCTAssertEqual(checks.map(\.passed), [true, false, true])
        XCTAssertEqual(checks.map(\.check), ["squares", "squares", "squares"])
        XCTAssertEqual(checks.map(\.points), [1, 0, 1])
        XCTAssertEqual(checks.map(\.maxPoints).reduce(0, +), 3, accuracy: 1e-9)
        XCTAssertEqual(checks[1].line, try FixtureProject.line(containing: "FAILING CHECK", in: "07-checks.md"))
        XCTAssertEqual(run.steps[1].output, "checks done\n", "a failed check does not stop the step")
        XCTAssertEqual(run.steps[1].error?.message, "check failed: square(3) is 10 (1 of 3 checks failed)")
        XCTAssertEqual(run.steps[2].checks, [CheckResult(check: "all-pass", passed: true, message: "always", points: 1, maxPoints: 1,
                                                         line: try FixtureProject.line(containing: "check(true", in: "07-checks.md"))])
        XCTAssertEqual(run.steps[3].output, "after the checks\n")
    }

    func testTimeoutStopsTheStep() throws {
        let fixtures = try FixtureProject(["08-timeout.md"])
        let start = Date()
        let outcome = try fixtures.run("08-timeout.md")
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        XCTAssertEqual(outcome.run.steps.map(\.status), [.ok, .timedOut, .notRun])
        XCTAssertEqual(outcome.run.steps[1].output, "sleeping\n")
        XCTAssertEqual(outcome.run.steps[1].error?.message, "timed out after 1 s (the step's `timeout`)")
        // A timed-out run is not reused.
        let again = try fixtures.run("08-timeout.md", runner: try fixtures.runner())
        XCTAssertTrue(again.executed)
    }

    func testInterruptionKeepsFinishedSteps() throws {
        let fixtures = try FixtureProject(["09-interrupt.md"])
        let interruption = Interruption()
        let observer = RecordingObserver()
        // Interrupt as soon as step 2 says it is waiting: deterministic, no sleeps.
        observer.onOutput = { step, text in if step.index == 1 && text.contains("waiting") { interruption.request() } }
        let start = Date()
        let outcome = try fixtures.run("09-interrupt.md", observer: observer, runner: try fixtures.runner(interruption: interruption))
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        XCTAssertEqual(outcome.run.status, .interrupted)
        XCTAssertEqual(outcome.run.steps.map(\.status), [.ok, .failed, .notRun])
        XCTAssertEqual(outcome.run.steps[0].output, "first step done\n")
        XCTAssertEqual(outcome.run.steps[1].output, "waiting for Ctrl-C\n")
        XCTAssertEqual(outcome.run.steps[1].error?.message, "interrupted (Ctrl-C)")
        XCTAssertEqual(fixtures.project.results.last(slug: "09-interrupt")?.run.status, .interrupted)
    }

    func testProgramRunsInTheProjectRootWithTheDataFolderAndReportsDataSources() throws {
        let fixtures = try FixtureProject([])
        try """
            # Data
            ```swift
            print(FileManager.default.currentDirectoryPath)
            print(ProcessInfo.processInfo.environment["LESSONS_DATA"] ?? "none")
            dataSource("Digits: a test folder (10 images)")
            dataSource("Digits: a test folder (10 images)")
            ```
            """.write(to: fixtures.url("01-data.md"), atomically: true, encoding: .utf8)
        let outcome = try fixtures.run("01-data.md", options: RunOptions(dataDirectory: "/srv/datasets"))
        XCTAssertEqual(outcome.run.steps[0].output,
                       "\(fixtures.root.resolvingSymlinksInPath().path)\n/srv/datasets\n")
        XCTAssertEqual(outcome.run.dataSources, [DataSourceRecord(description: "Digits: a test folder (10 images)")])
        // Another data folder is another result.
        XCTAssertTrue(try fixtures.run("01-data.md", options: RunOptions(dataDirectory: "/srv/other")).executed)
        XCTAssertFalse(try fixtures.run("01-data.md", options: RunOptions(dataDirectory: "/srv/other")).executed)
    }
}

/// The compiler's time limit, so a submission cannot hang a grading run.
final class CompilerTimeLimitTests: XCTestCase {
    func testACompilationPastItsTimeLimitIsStoppedAndReportedAgainstTheLesson() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("compiler-limit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let compiler = Compiler(build: try TestBuild.require(), cacheDirectory: folder, extraFlags: [], timeLimit: 0.05)
        let started = Date()
        let outcome = try compiler.compile("print(\"never built in 50 ms\")\n", slug: "limit", lessonPath: "lessons/99-limit.md")
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "stopped, not waited for")
        guard case .errors(let errors, _) = outcome else { return XCTFail("expected a time-limit error, got \(outcome)") }
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(errors[0].file, "lessons/99-limit.md")
        XCTAssertNil(errors[0].line)
        XCTAssertTrue(errors[0].message.hasPrefix("the Swift compiler did not finish within 0.05 s"), errors[0].message)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("limit").path)
        XCTAssertEqual(leftovers, [], "no half-built program is kept")
    }
}
