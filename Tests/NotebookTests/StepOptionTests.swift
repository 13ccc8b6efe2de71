import XCTest
@testable import Notebook

/// The step options come from one declaration (`StepOption`): the parser's known keys and the
/// cache key's option part are derived from it, and the key's text stays what stored results hold.
final class StepOptionTests: XCTestCase {
    func testEveryDeclaredOptionIsAcceptedByTheParser() throws {
        let values: [StepOption: String] = [.id: "q1", .echo: "false", .cache: "no", .exercise: "true", .check: "q1",
                                            .points: "2", .expect: "error", .timeout: "2m"]
        XCTAssertEqual(Set(values.keys), Set(StepOption.allCases), "a value for every option")
        let lines = StepOption.allCases.map { "//| \($0.rawValue): \(values[$0]!)" }.joined(separator: "\n")
        let lesson = try LessonParser.parse(text: "# Options\n```swift\n\(lines)\nlet x = 1\n```\n", path: "lessons/x.md")
        XCTAssertEqual(lesson.steps[0].code, "let x = 1")
    }

    func testAnUnknownKeyListsTheDeclaredOnes() {
        XCTAssertThrowsError(try LessonParser.parse(text: "# T\n```swift\n//| ech: false\nlet x = 1\n```\n", path: "lessons/x.md")) { error in
            XCTAssertEqual((error as? LessonError)?.message,
                           "unknown step option `ech` (known: id, echo, cache, exercise, check, points, expect, timeout)")
        }
    }

    /// The options' part of the results cache key, as results stored before were keyed: a
    /// change here would silently re-run every cached lesson.
    func testTheCacheKeyTextIsUnchanged() {
        XCTAssertEqual(CacheKey.options(StepOptions()), "|true|true|false|||false|")
        var options = StepOptions()
        options.id = "q1"; options.echo = false; options.cache = false; options.exercise = true
        options.check = "squares"; options.points = 3; options.expectError = true; options.timeout = 90
        XCTAssertEqual(CacheKey.options(options), "q1|false|false|true|squares|3|true|90.0")
    }

    func testEachOptionChangesTheKey() throws {
        let base = StepOptions()
        let defaults = CacheKey.options(base)
        let changed: [StepOption: String] = [.id: "x", .echo: "no", .cache: "no", .exercise: "yes", .check: "c",
                                             .points: "1", .expect: "error", .timeout: "5"]
        for option in StepOption.allCases {
            var options = base
            try option.read(try XCTUnwrap(changed[option]), into: &options)
            XCTAssertNotEqual(CacheKey.options(options), defaults, "\(option) is not in the key")
        }
    }
}
