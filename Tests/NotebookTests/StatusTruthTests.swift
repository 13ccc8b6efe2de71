import XCTest
@testable import Notebook

/// Every status shown is the status of the result on the page: the cache's `last` pointer
/// follows reused results, an interrupted `--fresh` run keeps the complete result, and a cache
/// miss says which input changed.
final class StatusTruthTests: XCTestCase {
    private let good = "---\ntitle: Status\nparams:\n  n: 2\n---\n```swift\nprint(\"n is \\(n)\")\n```\n"
    private let broken = "---\ntitle: Status\nparams:\n  n: 2\n---\n```swift\nlet s: String = n\n```\n"

    private func project(_ text: String) throws -> FixtureProject {
        let fixtures = try FixtureProject(copying: [])
        try text.write(to: fixtures.url("01-status.md"), atomically: true, encoding: .utf8)
        return fixtures
    }

    func testAReusedResultBecomesTheLastOne() throws {
        let fixtures = try project(good)
        let runner = try fixtures.runner()
        XCTAssertEqual(try fixtures.run("01-status.md", runner: runner).run.status, .ok)
        try broken.write(to: fixtures.url("01-status.md"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixtures.run("01-status.md", runner: runner).run.status, .failed)
        try good.write(to: fixtures.url("01-status.md"), atomically: true, encoding: .utf8)
        let reused = try fixtures.run("01-status.md", runner: runner)
        XCTAssertTrue(reused.run.fromCache)
        // `lessons list` and the index read `last`: it must be the ok result the page shows.
        XCTAssertEqual(fixtures.project.results.last(slug: "01-status")?.run.status, .ok)
    }

    func testAScratchRunLeavesTheLastOneAlone() throws {
        let fixtures = try project(good)
        let runner = try fixtures.runner()
        _ = try fixtures.run("01-status.md", runner: runner)
        let scratch = try fixtures.run("01-status.md", set: ["n=3"], options: RunOptions(recordAsLast: false), runner: runner)
        XCTAssertEqual(scratch.run.params.first?.value, "3")
        XCTAssertEqual(fixtures.project.results.last(slug: "01-status")?.run.params.first?.value, "2")
    }

    func testAnInterruptedFreshRunKeepsTheCompleteResult() throws {
        // The second step takes long enough for Ctrl-C to land in it.
        let fixtures = try project("---\ntitle: Status\n---\n```swift\nprint(\"one\")\n```\n\n```swift\nsleep(2)\n```\n")
        XCTAssertEqual(try fixtures.run("01-status.md").run.status, .ok)

        let interruption = Interruption()
        let observer = RecordingObserver()
        observer.onOutput = { step, _ in if step.index == 0 { interruption.request() } }
        let interrupted = try fixtures.run("01-status.md", options: RunOptions(fresh: true), observer: observer,
                                           runner: try fixtures.runner(interruption: interruption))
        XCTAssertEqual(interrupted.run.status, .interrupted)

        let again = RecordingObserver()
        let reused = try fixtures.run("01-status.md", observer: again)
        XCTAssertTrue(reused.run.fromCache, "the complete result was thrown away: \(again.events)")
        XCTAssertEqual(reused.run.status, .ok)
    }

    func testACacheMissSaysWhichInputChanged() throws {
        let fixtures = try project(good)
        let runner = try fixtures.runner()
        final class Reasons: RunObserver {
            var reasons: [String] = []
            func cacheMissed(_ lesson: Lesson, reason: String) { reasons.append(reason) }
        }
        let reasons = Reasons()
        _ = try fixtures.run("01-status.md", observer: reasons, runner: runner)
        _ = try fixtures.run("01-status.md", set: ["n=5"], options: RunOptions(recordAsLast: false), observer: reasons, runner: runner)
        try good.replacingOccurrences(of: "n is", with: "n =").write(to: fixtures.url("01-status.md"), atomically: true, encoding: .utf8)
        _ = try fixtures.run("01-status.md", observer: reasons, runner: runner)
        _ = try fixtures.run("01-status.md", options: RunOptions(fresh: true), observer: reasons, runner: runner)
        XCTAssertEqual(reasons.reasons.count, 4, "\(reasons.reasons)")
        XCTAssertTrue(reasons.reasons[0].contains("no earlier result"), reasons.reasons[0])
        XCTAssertTrue(reasons.reasons[1].contains("params changed"), reasons.reasons[1])
        XCTAssertTrue(reasons.reasons[2].contains("code changed") && !reasons.reasons[2].contains("params"), reasons.reasons[2])
        XCTAssertTrue(reasons.reasons[3].contains("--fresh"), reasons.reasons[3])
    }
}
