import XCTest
@testable import Notebook

/// Finding what the user meant: a mistyped command, a lesson by a title word, `new` twice,
/// unicode titles.
final class CommandFindingTests: XCTestCase {
    func testAMistypedCommandGetsDidYouMean() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let result = try LessonsTool.run(["stpe", "1"], in: fixtures.root)
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "lessons: unknown command `stpe`; did you mean `step`?\n")
    }

    func testALessonIsFoundByATitleWord() throws {
        let fixtures = try FixtureProject(["01-shared-state.md", "02-index-crash.md"])
        let locator = LessonLocator(directory: fixtures.lessonsDirectory)
        XCTAssertEqual(try locator.find("shared").lastPathComponent, "01-shared-state.md")
        XCTAssertEqual(try locator.find("Shared").lastPathComponent, "01-shared-state.md")
        XCTAssertThrowsError(try locator.find("nonsense"))
    }

    func testNewTwiceWithTheSameTitleRefuses() throws {
        let fixtures = try FixtureProject(copying: [])
        _ = try LessonTemplate.write(title: "Fitting a line", into: fixtures.lessonsDirectory)
        XCTAssertThrowsError(try LessonTemplate.write(title: "Fitting a line", into: fixtures.lessonsDirectory)) { error in
            XCTAssertTrue("\(error)".contains("01-fitting-a-line.md: a lesson titled `Fitting a line` exists already"), "\(error)")
        }
        XCTAssertEqual(try LessonLocator(directory: fixtures.lessonsDirectory).all().count, 1)
    }

    func testAUnicodeTitleKeepsItsLetters() throws {
        let fixtures = try FixtureProject(copying: [])
        let file = try LessonTemplate.write(title: "Régression linéaire", into: fixtures.lessonsDirectory)
        XCTAssertEqual(file.lastPathComponent, "01-régression-linéaire.md")
    }

    func testAThrownDataErrorShowsTheErrorAndTheVerifyHint() {
        let line = "Swift/ErrorType.swift:254: Fatal error: Error raised at top level: data/train-images-idx3-ubyte: file not found"
        XCTAssertEqual(CrashReport.fatalMessage(in: line),
                       "data/train-images-idx3-ubyte: file not found (`lessons data --verify` checks every dataset file)")
        XCTAssertEqual(CrashReport.fatalMessage(in: "Swift/ErrorType.swift:254: Fatal error: Error raised at top level: oops"), "oops")
    }
}
