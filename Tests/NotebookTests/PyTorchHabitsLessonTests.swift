import XCTest
@testable import Notebook

/// A lesson written only with PyTorch and matplotlib habits (issue 14's table) compiles and runs.
final class PyTorchHabitsLessonTests: XCTestCase {
    func testALessonInPyTorchSpellingsCompilesAndRuns() throws {
        let name = "13-pytorch-habits.md"
        let fixtures = try FixtureProject([name])
        let run = try fixtures.run(name).run
        XCTAssertNil(run.compileError, run.compileError.map { "\($0.location): \($0.message)" } ?? "")
        XCTAssertEqual(run.steps.map(\.status), [.ok, .ok, .ok],
                       run.steps.compactMap { $0.error.map { "\($0.location): \($0.message)" } }.joined(separator: "\n"))
        XCTAssertEqual(run.steps[0].output, "batch [16, 1] [16, 1]\nstd per column 1 norm true\n")
        XCTAssertEqual(run.steps[1].output, "w 3.0 b 2.0\nresidual below 0.05: true exp(0) = [1.0]\n")
        XCTAssertEqual(run.steps[2].figures.count, 1, "the figure is shown")
    }
}
