import XCTest
@testable import Notebook

/// docs/lessons/01-pytorch-to-swift.md is documentation that runs: every line of it must
/// compile and every step succeed, so the cheat sheet cannot drift from the engine.
final class CheatSheetTests: XCTestCase {
    func testThePyTorchCheatSheetRuns() throws {
        let file = FixtureProject.repository.appendingPathComponent("docs/lessons/01-pytorch-to-swift.md")
        let fixtures = try FixtureProject(copying: [file])
        let outcome = try fixtures.run("01-pytorch-to-swift.md")
        XCTAssertNil(outcome.run.compileError, outcome.run.compileError.map { "\($0.location): \($0.message)" } ?? "")
        XCTAssertEqual(outcome.run.steps.map(\.status), Array(repeating: .ok, count: 7),
                       outcome.run.steps.compactMap { $0.error.map { "\($0.location): \($0.message)" } }.joined(separator: "\n"))
        XCTAssertTrue(outcome.run.steps[3].output.contains("(conv): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))"))
        XCTAssertTrue(outcome.run.steps[5].output.hasPrefix("true\n"), "the reloaded copy gives the same outputs")
        XCTAssertEqual(outcome.run.steps[6].figures.count, 2, "the plotting section shows two figures")
    }

    /// The cheat sheet lists every PyTorch name that compile errors translate, as the one
    /// table in `PyTorchNames` has them.
    func testTheCheatSheetHoldsTheTranslationTable() throws {
        let file = FixtureProject.repository.appendingPathComponent("docs/lessons/01-pytorch-to-swift.md")
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(text.contains(PyTorchNames.markdownTable),
                      "docs/lessons/01-pytorch-to-swift.md must hold PyTorchNames.markdownTable verbatim:\n\(PyTorchNames.markdownTable)")
    }
}
