import XCTest
@testable import Notebook

/// The `lessons` executable end to end: exit statuses, messages, the report, Ctrl-C.
final class CommandLineTests: XCTestCase {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private func lessonsTool() throws -> URL {
        let tool = try TestBuild.require().directory.appendingPathComponent("lessons")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else {
            XCTFail("no `lessons` executable in \(tool.deletingLastPathComponent().path): run `swift build` first")
            throw CocoaError(.fileNoSuchFile)
        }
        return tool
    }

    private func start(_ arguments: [String], in folder: URL, input: String? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = try lessonsTool()
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["LESSONS_CACHE_DIR"] = nil
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        stdin.fileHandleForWriting.closeFile()
        return (process, stdout, stderr)
    }

    private func lessons(_ arguments: [String], in folder: URL, input: String? = nil) throws -> Result {
        let (process, stdout, stderr) = try start(arguments, in: folder, input: input)
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    func testHelpEverywhere() throws {
        let fixtures = try FixtureProject([])
        let top = try lessons(["--help"], in: fixtures.root)
        XCTAssertEqual(top.status, 0)
        for command in ["list", "run", "step", "data", "release", "check", "new", "bench"] { XCTAssertTrue(top.stdout.contains(command), top.stdout) }
        for command in ["list", "run", "step", "data", "release", "check", "new", "bench"] {
            let help = try lessons([command, "--help"], in: fixtures.root)
            XCTAssertEqual(help.status, 0, command)
            XCTAssertTrue(help.stdout.contains("USAGE: lessons \(command)"), help.stdout)
        }
    }

    func testBadUsageAndBadInputExitWithTwo() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let unknownOption = try lessons(["run", "--bogus"], in: fixtures.root)
        XCTAssertEqual(unknownOption.status, 2)
        let badParam = try lessons(["run", "1", "--set", "epochs=abc"], in: fixtures.root)
        XCTAssertEqual(badParam.status, 2)
        XCTAssertEqual(badParam.stderr, "lessons/01-shared-state.md:4: --set epochs=abc: `epochs` is an integer (default 2)\n")
        let noLesson = try lessons(["run", "9"], in: fixtures.root)
        XCTAssertEqual(noLesson.status, 2)

        try "# Bad\n\n```swift\n//| ehco: false\n```\n".write(to: fixtures.url("02-bad.md"), atomically: true, encoding: .utf8)
        let malformed = try lessons(["run", "2"], in: fixtures.root)
        XCTAssertEqual(malformed.status, 2)
        XCTAssertTrue(malformed.stderr.hasPrefix("lessons/02-bad.md:4: unknown step option `ehco`"), malformed.stderr)
    }

    func testBenchLoadShowsTheConvTargetsFromMediansAndBestRuns() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        func figure(_ name: String, _ threads: Int, median: Double, max: Double) -> String {
            #"{"name": "\#(name)", "threads": \#(threads), "unit": "GFLOP/s", "higher_is_better": true, "#
                + #""median": \#(median), "min": 50, "max": \#(max), "repeats": 5}"#
        }
        let figures = [figure("sgemm 1024", 1, median: 100, max: 120),
                       figure("conv3x3 16->16 @32x32 b128 fwd+bwd", 1, median: 90, max: 100),
                       figure("conv3x3 16->16 @32x32 b128 fwd+bwd", 2, median: 171, max: 190)]
        let run = #"{"schema": "lessons-bench/1", "engine": "lessons", "version": "0", "date": "2026-12-03T00:00:00Z", "#
            + #""cpu": "test", "cores": 2, "threads": [1, 2], "load_average": [], "figures": ["# + figures.joined(separator: ", ") + "]}"
        try run.write(to: fixtures.root.appendingPathComponent("run.json"), atomically: true, encoding: .utf8)
        let shown = try lessons(["bench", "--load", "run.json"], in: fixtures.root)
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("conv3x3 16->16 @32x32 b128 fwd+bwd: 90 % of 1-thread sgemm 1024 (best runs 83 %), "
                                            + "2 threads 1.90x 1 thread (best runs 1.90x)"), shown.stdout)
        // Shapes the run lacks are left out, not shown as zero.
        XCTAssertFalse(shown.stdout.contains("32->32 @32x32 b128 fwd+bwd:"), shown.stdout)
    }

    func testRunWritesTheReportAndReusesTheCache() throws {
        let fixtures = try FixtureProject(["01-shared-state.md", "02-index-crash.md"])
        let first = try lessons(["run"], in: fixtures.root)
        XCTAssertEqual(first.status, 1, "lesson 2 crashes")
        XCTAssertTrue(first.stderr.contains("lessons/02-index-crash.md:\(try FixtureProject.line(containing: "CRASH HERE", in: "02-index-crash.md")):"), first.stderr)
        XCTAssertTrue(first.stderr.contains("error: Fatal error: Index out of range"), first.stderr)
        XCTAssertTrue(first.stdout.contains("01-shared-state: ok"), first.stdout)
        for page in ["index.html", "01-shared-state/index.html", "02-index-crash/index.html", "01-shared-state/step-3/figure-1.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: fixtures.root.appendingPathComponent("output/\(page)").path), page)
        }

        let second = try lessons(["run", "1"], in: fixtures.root)
        XCTAssertEqual(second.status, 0)
        XCTAssertTrue(second.stdout.contains("01-shared-state: ok (cached result"), second.stdout)

        let list = try lessons(["list"], in: fixtures.root)
        XCTAssertEqual(list.status, 0)
        let rows = list.stdout.split(separator: "\n")
        XCTAssertTrue(rows[1].hasPrefix("01-shared-state  Shared state") && rows[1].contains(" ok "), list.stdout)
        XCTAssertTrue(rows[2].hasPrefix("02-index-crash") && rows[2].contains(" failed "), list.stdout)
    }

    /// A PyTorch name in a lesson: the terminal shows the error and, under it, the note with
    /// our spelling at the same Markdown line, as a compiler prints a note.
    func testCompileErrorOnAPyTorchNamePrintsTheNote() throws {
        let fixtures = try FixtureProject(["12-pytorch-names.md"])
        let result = try lessons(["run"], in: fixtures.root)
        XCTAssertEqual(result.status, 1)
        let line = try FixtureProject.line(containing: "RANDN_LIKE HERE", in: "12-pytorch-names.md")
        XCTAssertTrue(result.stderr.contains("error: cannot find 'randn_like' in scope\n"
                                             + "lessons/12-pytorch-names.md:\(line): note: PyTorch's randn_like is randnLike(x) here\n"),
                      result.stderr)
    }

    func testStepWithPipedInput() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let result = try lessons(["step", "1"], in: fixtures.root, input: "\n\n\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Point(x: 2, y: 2)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("3 of 3 steps run, ok"), result.stdout)
    }

    func testControlCStopsCleanlyAndKeepsFinishedSteps() throws {
        let fixtures = try FixtureProject(["09-interrupt.md"])
        let (process, stdout, stderr) = try start(["run", "9"], in: fixtures.root)
        // Wait until step 2 is running, then press Ctrl-C (SIGINT to the tool only).
        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        while !seen.contains("waiting for Ctrl-C"), Date() < deadline {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        XCTAssertTrue(seen.contains("waiting for Ctrl-C"), seen)
        process.interrupt()
        seen += String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertTrue(seen.contains("09-interrupt: interrupted at step 2 of 3"), seen)
        let run = try XCTUnwrap(fixtures.project.results.last(slug: "09-interrupt")?.run)
        XCTAssertEqual(run.status, .interrupted)
        XCTAssertEqual(run.steps[0].output, "first step done\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: fixtures.root.appendingPathComponent("output/09-interrupt/index.html").path))
    }
}
