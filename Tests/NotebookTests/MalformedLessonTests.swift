import XCTest
@testable import Notebook

/// A malformed lesson stops with one error naming the file and line.
final class MalformedLessonTests: XCTestCase {
    private func error(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> LessonError? {
        do {
            _ = try LessonParser.parse(text: text, path: "lessons/07-bad.md")
            XCTFail("parsed a malformed lesson", file: file, line: line)
            return nil
        } catch let error as LessonError {
            return error
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return nil
        }
    }

    func testBadYAML() {
        let e = error("---\ntitle: Bad\nparams:\n  epochs: [1, 2\n---\n# x\n")
        XCTAssertEqual(e?.file, "lessons/07-bad.md")
        XCTAssertEqual(e?.line, 5, "the scanner notices at the end of the flow sequence")
        XCTAssertTrue(e?.message.hasPrefix("bad front matter:") == true, e?.message ?? "")
    }

    func testTabIndentedYAMLPointsAtItsLine() {
        let e = error("---\ntitle: T\nparams:\n\tepochs: 1\n---\n")
        XCTAssertEqual(e?.line, 4)
    }

    func testUnclosedFrontMatter() {
        XCTAssertEqual(error("---\ntitle: T\n\n# body")?.description,
                       "lessons/07-bad.md:1: front matter is never closed: add a line `---` after it")
    }

    func testUnknownFrontMatterKey() {
        XCTAssertEqual(error("---\ntitle: T\nparms:\n  a: 1\n---\n")?.description,
                       "lessons/07-bad.md:3: unknown front matter key `parms` (known: title, params, data)")
    }

    func testParamWithoutDefaultOrWithBadName() {
        XCTAssertEqual(error("---\ntitle: T\nparams:\n  epochs:\n---\n")?.description,
                       "lessons/07-bad.md:4: param `epochs` has no default value")
        XCTAssertEqual(error("---\ntitle: T\nparams:\n  2fast: 1\n---\n")?.line, 4)
        XCTAssertEqual(error("---\ntitle: T\nparams:\n  params: 1\n---\n")?.line, 4)
        XCTAssertEqual(error("---\ntitle: T\nparams:\n  sizes: [1, 2]\n---\n")?.line, 4)
    }

    func testUnknownStepOption() {
        XCTAssertEqual(error("# T\n\n```swift\n//| id: a\n//| ehco: false\nlet x = 1\n```\n")?.description,
                       "lessons/07-bad.md:5: unknown step option `ehco` (known: id, echo, cache, exercise, check, points, expect, timeout)")
    }

    func testBadOptionValues() {
        XCTAssertEqual(error("# T\n```swift\n//| echo: maybe\n```\n")?.description,
                       "lessons/07-bad.md:3: `echo` must be true or false, got `maybe`")
        XCTAssertEqual(error("# T\n```swift\n//| expect: crash\n```\n")?.line, 3)
        XCTAssertEqual(error("# T\n```swift\n//| timeout: soon\n```\n")?.line, 3)
        XCTAssertEqual(error("# T\n```swift\n//| timeout: -5\n```\n")?.line, 3)
        XCTAssertEqual(error("# T\n```swift\n//| id: has space\n```\n")?.line, 3)
        XCTAssertEqual(error("# T\n```swift\n//| no colon here\n```\n")?.line, 3)
        XCTAssertEqual(error("# T\n```swift\n//| check: q\n//| points: lots\n```\n")?.line, 4)
        XCTAssertEqual(error("# T\n```swift\n//| points: 2\n```\n")?.description,
                       "lessons/07-bad.md:3: `points` needs a `check: NAME` option in the same step")
    }

    func testOptionAfterCode() {
        XCTAssertEqual(error("# T\n```swift\nlet x = 1\n//| echo: false\n```\n")?.line, 4)
    }

    func testUnterminatedFence() {
        XCTAssertEqual(error("# T\n\nSome prose.\n\n```swift\nlet x = 1\n\nmore text that was meant as prose\n")?.description,
                       "lessons/07-bad.md:5: code fence opened here is never closed (add a closing ``` line)")
        // A fence closed by a shorter fence is still open.
        XCTAssertEqual(error("# T\n````swift\nlet x = 1\n```\n")?.line, 2)
    }

    func testDuplicateStepID() {
        XCTAssertEqual(error("# T\n```swift\n//| id: train\n```\n\n```swift\n//| id: train\n```\n")?.description,
                       "lessons/07-bad.md:7: duplicate step id `train` (first used at line 3)")
    }

    func testNoTitle() {
        XCTAssertEqual(error("Just prose.\n\n```swift\nlet x = 1\n```\n")?.line, 1)
    }

    func testFileErrors() throws {
        XCTAssertThrowsError(try LessonParser.parse(contentsOf: URL(fileURLWithPath: "/nonexistent/x.md"), path: "lessons/x.md")) { error in
            XCTAssertTrue("\(error)".hasPrefix("lessons/x.md: cannot read the lesson"), "\(error)")
        }
    }
}
