import XCTest
@testable import Notebook

/// `lessons release` and `lessons check` through the executable: messages and exit statuses.
final class ClassroomCommandLineTests: XCTestCase {
    private func lessons(_ arguments: [String], in folder: URL, environment extra: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try TestBuild.require().directory.appendingPathComponent("lessons")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["LESSONS_CACHE_DIR"] = nil
        environment.merge(extra) { $1 }
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    func testReleaseThenCheckMasterAndCopy() throws {
        let fixtures = try FixtureProject(["10-exercises.md"])
        let release = try lessons(["release", "10", "--to", "student"], in: fixtures.root)
        XCTAssertEqual(release.status, 0, release.stderr)
        XCTAssertTrue(release.stdout.contains("student/10-exercises.md"), release.stdout)

        let master = try lessons(["check", "10"], in: fixtures.root)
        XCTAssertEqual(master.status, 0, master.stdout + master.stderr)
        XCTAssertTrue(master.stdout.contains("total: 5/5 points (100.0%), all checks pass"), master.stdout)

        let copy = try lessons(["check", "student/10-exercises.md"], in: fixtures.root)
        XCTAssertEqual(copy.status, 1)
        XCTAssertTrue(copy.stdout.contains("total: 1/5 points (20.0%), some checks fail"), copy.stdout)
        XCTAssertTrue(copy.stdout.contains("FAIL    0/1     student/10-exercises.md:29: the squares of 1, 2, 3 add up to 14"), copy.stdout)

        try "# Bad\n```swift\nlet x = 1 // END SOLUTION\n// END SOLUTION\n```\n".write(to: fixtures.url("11-bad.md"), atomically: true, encoding: .utf8)
        let bad = try lessons(["release", "--to", "student2"], in: fixtures.root)
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderr, "lessons/11-bad.md:4: `// END SOLUTION` outside an exercise step (add `//| exercise: true` to the step)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixtures.root.appendingPathComponent("student2").path))

        let usage = try lessons(["check", "--submissions", "student"], in: fixtures.root)
        XCTAssertEqual(usage.status, 2, usage.stderr)
    }

    /// Without a working sandbox, grading refuses in one line, unless the teacher says
    /// --no-sandbox, which the terminal and the grade page then state.
    func testGradingRefusesWithoutASandboxUnlessToldOtherwise() throws {
        let fixtures = try FixtureProject(["10-exercises.md"])
        let handIn = fixtures.root.appendingPathComponent("hand-in")
        try FileManager.default.createDirectory(at: handIn, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixtures.url("10-exercises.md"), to: handIn.appendingPathComponent("alice.md"))
        let noBwrap = ["LESSONS_BWRAP": "/nonexistent/bwrap"]
        let refused = try lessons(["check", "10", "--submissions", "hand-in"], in: fixtures.root, environment: noBwrap)
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("cannot grade safely: /nonexistent/bwrap is missing") && refused.stderr.contains("--no-sandbox"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixtures.root.appendingPathComponent("output/grades").path), "nothing graded")

        let unsafe = try lessons(["check", "10", "--submissions", "hand-in", "--no-sandbox"], in: fixtures.root, environment: noBwrap)
        XCTAssertEqual(unsafe.status, 0, unsafe.stdout + unsafe.stderr)
        XCTAssertTrue(unsafe.stderr.contains("grading WITHOUT a sandbox"), unsafe.stderr)
        XCTAssertTrue(unsafe.stdout.contains("alice    5       5    100.0%   ok"), unsafe.stdout)
        let page = try String(contentsOf: fixtures.root.appendingPathComponent("output/grades/10-exercises.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("1 of these gradings ran without the sandbox"), page)
    }
}
