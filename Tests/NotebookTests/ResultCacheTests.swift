import XCTest
@testable import Notebook

/// The results cache: a hit neither compiles nor runs (shown by a counter file the lesson appends
/// to each time it really runs, and by the program binary's unchanged modification date).
final class ResultCacheTests: XCTestCase {
    private func counter(_ fixtures: FixtureProject) -> (url: URL, lines: () -> Int) {
        let url = fixtures.root.appendingPathComponent("runs.txt")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return (url, { ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").count })
    }

    private func binaries(_ fixtures: FixtureProject) -> [String: Date] {
        let folder = fixtures.project.cacheDirectory.appendingPathComponent("bin/01-shared-state")
        var dates: [String: Date] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where !name.hasPrefix(".") {
            let program = folder.appendingPathComponent(name).appendingPathComponent("program")
            dates[name] = try? FileManager.default.attributesOfItem(atPath: program.path)[.modificationDate] as? Date
        }
        return dates
    }

    func testUnchangedLessonIsReusedWithoutCompilingOrRunning() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let (counterFile, runs) = counter(fixtures)
        let set = ["counterFile=\(counterFile.path)"]
        let first = try fixtures.run("01-shared-state.md", set: set)
        XCTAssertEqual(runs(), 1)
        XCTAssertTrue(first.compiled)
        let binariesAfterFirst = binaries(fixtures)
        XCTAssertEqual(binariesAfterFirst.count, 1)

        let observer = RecordingObserver()
        let second = try fixtures.run("01-shared-state.md", set: set, observer: observer)
        XCTAssertEqual(runs(), 1, "the program did not run again")
        XCTAssertFalse(second.compiled)
        XCTAssertFalse(second.executed)
        XCTAssertTrue(second.run.fromCache)
        XCTAssertEqual(observer.events, ["cached", "finished ok"], "no compiling, no steps")
        XCTAssertEqual(binaries(fixtures), binariesAfterFirst, "no binary was written")
        XCTAssertEqual(second.run.startedAt.timeIntervalSince1970, first.run.startedAt.timeIntervalSince1970, accuracy: 0.001)
        XCTAssertEqual(second.run.steps.map(\.output), first.run.steps.map(\.output))
        XCTAssertEqual(second.run.steps[2].figures, ["step-3/figure-1.png"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: second.artifacts.appendingPathComponent("step-3/figure-1.png").path))
    }

    func testProseEditsReuseTheResultAtTheNewLines() throws {
        let fixtures = try FixtureProject(["02-index-crash.md"])
        let first = try fixtures.run("02-index-crash.md")
        let crashLine = try XCTUnwrap(first.run.steps[1].error?.line)

        let url = fixtures.url("02-index-crash.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "Step 2 reads past the end of an array.",
                                               with: "Step 2 reads past the end of an array.\n\nTwo more\nlines of prose.")
        try edited.write(to: url, atomically: true, encoding: .utf8)

        let second = try fixtures.run("02-index-crash.md")
        XCTAssertTrue(second.run.fromCache)
        XCTAssertFalse(second.executed)
        XCTAssertEqual(second.run.steps[1].error?.line, crashLine + 3, "the error moved with its step")
    }

    func testCodeParamsAndFreshRunAgain() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let (counterFile, runs) = counter(fixtures)
        let set = ["counterFile=\(counterFile.path)"]
        _ = try fixtures.run("01-shared-state.md", set: set)
        _ = try fixtures.run("01-shared-state.md", set: set + ["epochs=1"])
        XCTAssertEqual(runs(), 2, "other params, other result")
        let fresh = try fixtures.run("01-shared-state.md", set: set, options: RunOptions(fresh: true))
        XCTAssertEqual(runs(), 3, "--fresh runs")
        XCTAssertFalse(fresh.compiled, "but the binary for those params is still cached")
        XCTAssertTrue(fresh.executed)

        let url = fixtures.url("01-shared-state.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "print(p)", with: "print(p, \"changed\")").write(to: url, atomically: true, encoding: .utf8)
        let changed = try fixtures.run("01-shared-state.md", set: set)
        XCTAssertEqual(runs(), 4, "changed code runs")
        XCTAssertTrue(changed.compiled)
        XCTAssertEqual(changed.run.steps[2].output, "Point(x: 2, y: 2) changed\n")
    }

    /// A failure with no place in the lesson (here swiftc stopped by its time limit; in life a
    /// full disk while linking) may come from the machine: the next run tries again.
    func testAFailureOutsideTheLessonsCodeIsNotReused() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        setenv("LESSONS_COMPILE_TIMEOUT", "0.01", 1)
        defer { unsetenv("LESSONS_COMPILE_TIMEOUT") }
        let first = try fixtures.run("01-shared-state.md")
        XCTAssertEqual(first.run.status, .failed)
        XCTAssertNil(first.run.compileError?.line)
        let second = try fixtures.run("01-shared-state.md")
        XCTAssertFalse(second.run.fromCache, "tried again")
        unsetenv("LESSONS_COMPILE_TIMEOUT")
        let third = try fixtures.run("01-shared-state.md")
        XCTAssertEqual(third.run.status, .ok, "and it works once the machine does")
    }

    func testCacheFalseStepDisablesReuse() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let (counterFile, runs) = counter(fixtures)
        let url = fixtures.url("01-shared-state.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "//| id: result", with: "//| id: result\n//| cache: false").write(to: url, atomically: true, encoding: .utf8)
        _ = try fixtures.run("01-shared-state.md", set: ["counterFile=\(counterFile.path)"])
        _ = try fixtures.run("01-shared-state.md", set: ["counterFile=\(counterFile.path)"])
        XCTAssertEqual(runs(), 2)
    }

    func testWarmRunOfThreeStepLessonIsFast() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let coldStart = Date()
        _ = try fixtures.run("01-shared-state.md")
        let cold = Date().timeIntervalSince(coldStart)
        let warmStart = Date()
        let warm = try fixtures.run("01-shared-state.md")
        let seconds = Date().timeIntervalSince(warmStart)
        XCTAssertTrue(warm.run.fromCache)
        XCTAssertLessThan(cold, 60)
        XCTAssertLessThan(seconds, 1)
        print("three-step fixture: cold \(String(format: "%.2f", cold)) s, warm \(String(format: "%.3f", seconds)) s")
    }
}
