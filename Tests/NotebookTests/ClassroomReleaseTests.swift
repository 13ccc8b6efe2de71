import XCTest
@testable import Notebook

/// `lessons release`: solutions replaced by placeholders, everything else byte for byte.
final class ClassroomReleaseTests: XCTestCase {
    private func lesson(_ steps: String) -> String {
        "---\ntitle: T\n---\nProse may say // BEGIN SOLUTION freely.\n\n" + steps
    }

    func testSolutionsBecomePlaceholdersAtTheirIndentation() throws {
        let master = lesson("""
        ```swift
        //| exercise: true
        func f(_ x: Int) -> Int {
            let y = x
            // BEGIN SOLUTION
            return y * 2
            // END SOLUTION
        }
        \t// BEGIN SOLUTION placeholder: let answer = 0
        \tlet answer = 42
        \t//END SOLUTION
        ```

        ```swift
        print(f(1))  // a step without markers is untouched
        ```

        """)
        let expected = lesson("""
        ```swift
        //| exercise: true
        func f(_ x: Int) -> Int {
            let y = x
            // YOUR CODE HERE
            fatalError("exercise not done yet")
        }
        \t// YOUR CODE HERE
        \tlet answer = 0
        ```

        ```swift
        print(f(1))  // a step without markers is untouched
        ```

        """)
        XCTAssertEqual(try Release.studentCopy(of: master, path: "lessons/t.md"), expected)
        // The copy is still a lesson, with the same steps.
        let parsed = try LessonParser.parse(text: expected, path: "t.md")
        XCTAssertEqual(parsed.steps.count, 2)
        XCTAssertTrue(parsed.steps[0].options.exercise)
    }

    func testWindowsLineEndingsAndLessonsWithoutSolutionsAreKept() throws {
        let crlf = "---\r\ntitle: T\r\n---\r\n```swift\r\n//| exercise: true\r\n  // BEGIN SOLUTION\r\n  let x = 1\r\n  // END SOLUTION\r\nprint(1)\r\n```\r\n"
        XCTAssertEqual(try Release.studentCopy(of: crlf, path: "t.md"),
                       "---\r\ntitle: T\r\n---\r\n```swift\r\n//| exercise: true\r\n  // YOUR CODE HERE\r\n  fatalError(\"exercise not done yet\")\r\nprint(1)\r\n```\r\n")
        let plain = lesson("```swift\nprint(\"é\")   \n```\n\n\ntrailing prose without newline")
        XCTAssertEqual(try Release.studentCopy(of: plain, path: "t.md"), plain)
    }

    func testMarkerProblemsNameTheirLine() throws {
        func error(_ steps: String) -> String {
            do {
                _ = try Release.studentCopy(of: lesson(steps), path: "lessons/x.md")
                return "no error"
            } catch let error as LessonError {
                return error.description
            } catch {
                return "\(error)"
            }
        }
        // The lesson's first step fence is on line 6.
        XCTAssertEqual(error("```swift\n//| exercise: true\n// BEGIN SOLUTION\nlet x = 1\n```\n"),
                       "lessons/x.md:8: `// BEGIN SOLUTION` has no `// END SOLUTION` before the end of its step")
        XCTAssertEqual(error("```swift\n//| exercise: true\n// BEGIN SOLUTION\n```\n\n```swift\n//| exercise: true\n// END SOLUTION\n```\n"),
                       "lessons/x.md:8: `// BEGIN SOLUTION` has no `// END SOLUTION` before the end of its step")
        XCTAssertEqual(error("```swift\n//| exercise: true\nlet x = 1\n// END SOLUTION\n```\n"),
                       "lessons/x.md:9: `// END SOLUTION` without a `// BEGIN SOLUTION` before it")
        XCTAssertEqual(error("```swift\n//| exercise: true\n// BEGIN SOLUTION\n  // BEGIN SOLUTION\n// END SOLUTION\n```\n"),
                       "lessons/x.md:9: `// BEGIN SOLUTION` inside the solution opened at line 8 (solutions do not nest)")
        XCTAssertEqual(error("```swift\nlet a = 1\n    // BEGIN SOLUTION\nlet x = 1\n// END SOLUTION\n```\n"),
                       "lessons/x.md:8: `// BEGIN SOLUTION` outside an exercise step (add `//| exercise: true` to the step)")
        XCTAssertEqual(error("```swift\n//| exercise: true\n// BEGIN SOLUTION please\n// END SOLUTION\n```\n"),
                       "lessons/x.md:8: unexpected text after `// BEGIN SOLUTION` (write `// BEGIN SOLUTION placeholder: <code>`)")
        XCTAssertEqual(error("```swift\n//| exercise: true\n// BEGIN SOLUTION placeholder:   \n// END SOLUTION\n```\n"),
                       "lessons/x.md:8: `placeholder:` needs the code to put in place of the solution")
        // Markers in other fences (here a text block documenting them) are not steps.
        XCTAssertEqual(error("```text\n// BEGIN SOLUTION\n```\n"), "no error")
    }

    func testWriteTransformsEverythingBeforeWritingAndNeverOverwritesTheMasters() throws {
        let fixtures = try FixtureProject(["10-exercises.md"])
        let bad = fixtures.url("11-bad.md")
        try lesson("```swift\n// END SOLUTION\n```\n").write(to: bad, atomically: true, encoding: .utf8)
        let out = fixtures.root.appendingPathComponent("student")
        XCTAssertThrowsError(try Release.write([fixtures.url("10-exercises.md"), bad], to: out)) { error in
            XCTAssertTrue("\(error)".hasSuffix("11-bad.md:7: `// END SOLUTION` outside an exercise step (add `//| exercise: true` to the step)"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing is written when a lesson is bad")

        XCTAssertThrowsError(try Release.write([fixtures.url("10-exercises.md")], to: fixtures.lessonsDirectory)) { error in
            XCTAssertTrue("\(error)".contains("would overwrite them"), "\(error)")
        }
        let written = try Release.write([fixtures.url("10-exercises.md")], to: out)
        XCTAssertEqual(written.map(\.lastPathComponent), ["10-exercises.md"])
        let copy = try String(contentsOf: written[0], encoding: .utf8)
        XCTAssertEqual(copy.components(separatedBy: "SOLUTION").count - 1, 2, "only the prose's mentions are left")
        XCTAssertFalse(copy.contains("x * factor"))
        XCTAssertEqual(copy.components(separatedBy: "// YOUR CODE HERE").count - 1, 2)
        XCTAssertTrue(copy.contains("    // YOUR CODE HERE\n    return 0\n"))
        XCTAssertTrue(copy.contains("  // YOUR CODE HERE\n  fatalError(\"exercise not done yet\")\n"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path), ["10-exercises.md"], "no temporary files left")
    }
}
