import XCTest
@testable import Notebook

final class LessonParserTests: XCTestCase {
    func testFrontMatterParamsAndData() throws {
        let lesson = try FixtureProject(["01-shared-state.md"]).lesson("01-shared-state.md")
        XCTAssertEqual(lesson.title, "Shared state")
        XCTAssertEqual(lesson.slug, "01-shared-state")
        XCTAssertEqual(lesson.data, ["none"])
        XCTAssertEqual(lesson.params.map(\.name), ["epochs", "lr", "greeting", "verbose", "counterFile"])
        XCTAssertEqual(lesson.params.map(\.value), [.int(2), .float(0.5), .string("hello"), .bool(false), .string("")])
        XCTAssertEqual(lesson.params.map(\.line), [4, 5, 6, 7, 8])
    }

    func testStepsWithOptionsCodeAndLines() throws {
        let lesson = try FixtureProject(["01-shared-state.md"]).lesson("01-shared-state.md")
        let steps = lesson.steps
        XCTAssertEqual(steps.map(\.name), ["setup", "train", "result"])
        XCTAssertEqual(steps.map(\.index), [0, 1, 2])
        // The option line is not code; the code starts on the line after it.
        XCTAssertEqual(steps[0].line, try FixtureProject.line(containing: "struct Point", in: "01-shared-state.md"))
        XCTAssertTrue(steps[0].code.hasPrefix("struct Point { var x: Int; var y: Int }\nvar counter = 0"))
        XCTAssertFalse(steps[0].code.contains("//|"))
        XCTAssertEqual(steps[2].line, try FixtureProject.line(containing: "let p = Point", in: "01-shared-state.md"))
    }

    func testProseKeptBetweenStepsWithLines() throws {
        let lesson = try FixtureProject(["01-shared-state.md"]).lesson("01-shared-state.md")
        let prose = lesson.blocks.compactMap { block -> (String, Int)? in
            if case .prose(let markdown, let line) = block { return (markdown, line) } else { return nil }
        }
        XCTAssertEqual(prose.count, 3)
        XCTAssertEqual(prose[0].1, 11)
        XCTAssertTrue(prose[0].0.hasPrefix("# Shared state across steps\n\nA struct declared"))
        XCTAssertTrue(prose[1].0.hasPrefix("| step | what |"), "a GitHub table stays prose")
        XCTAssertEqual(prose[2].0, "The end.")
        // Document order: prose, step, prose, step, step, prose.
        XCTAssertEqual(lesson.blocks.map(\.isStep), [false, true, false, true, true, false])
    }

    func testAllStepOptions() throws {
        let lesson = try LessonParser.parse(text: """
            # Options
            ```swift
            //| id: q1
            //| echo: false
            //| cache: no
            //| exercise: true
            //| check: squares
            //| points: 3
            //| timeout: 2m
            let x = 1
            ```
            ```swift
            //| expect: error
            //| timeout: 90
            ```
            """, path: "lessons/x.md")
        let a = lesson.steps[0].options, b = lesson.steps[1].options
        XCTAssertEqual(a.id, "q1")
        XCTAssertFalse(a.echo)
        XCTAssertFalse(a.cache)
        XCTAssertTrue(a.exercise)
        XCTAssertEqual(a.check, "squares")
        XCTAssertEqual(a.points, 3)
        XCTAssertEqual(a.timeout, 120)
        XCTAssertTrue(b.expectError)
        XCTAssertEqual(b.timeout, 90)
        XCTAssertEqual(lesson.steps[1].code, "")
    }

    func testTitleFromFirstHeadingWithoutFrontMatter() throws {
        let lesson = try LessonParser.parse(text: "Intro.\n\n## Not this\n\n# The *real* `title`\n", path: "lessons/03-x.md")
        XCTAssertEqual(lesson.title, "The real title")
        XCTAssertEqual(lesson.steps.count, 0)
    }

    func testOnlyTopLevelSwiftBlocksAreSteps() throws {
        let lesson = try LessonParser.parse(text: """
            # T
            - a list item with code:

              ```swift
              let notAStep = 1
              ```

            ```python
            print("not swift")
            ```

            ~~~swift
            let tildeFence = 2
            ~~~
            """, path: "lessons/x.md")
        XCTAssertEqual(lesson.steps.map(\.code), ["let tildeFence = 2"])
        XCTAssertEqual(lesson.steps[0].line, 13)
    }

    func testWindowsLineEndings() throws {
        let lesson = try LessonParser.parse(text: "---\r\ntitle: T\r\nparams:\r\n  n: 3\r\n---\r\n```swift\r\n//| id: a\r\nprint(n)\r\n```\r\n", path: "lessons/x.md")
        XCTAssertEqual(lesson.title, "T")
        XCTAssertEqual(lesson.params, [LessonParam(name: "n", value: .int(3), line: 4)])
        XCTAssertEqual(lesson.steps[0].code, "print(n)")
        XCTAssertEqual(lesson.steps[0].line, 8)
    }

    func testParamOverridesAreTypeChecked() throws {
        let lesson = try FixtureProject(["01-shared-state.md"]).lesson("01-shared-state.md")
        let assigned = try lesson.assigningParams([
            ParamOverride(argument: "epochs=5")!, ParamOverride(argument: "lr=1e-3")!,
            ParamOverride(argument: "verbose=true")!, ParamOverride(argument: "greeting=a=b")!,
        ])
        XCTAssertEqual(assigned.map(\.value), [.int(5), .float(0.001), .string("a=b"), .bool(true), .string("")])
        XCTAssertEqual(assigned.map(\.overridden), [true, true, true, true, false])
        XCTAssertEqual(assigned[0].runParam, RunParam(name: "epochs", value: "5", overridden: true))

        XCTAssertThrowsError(try lesson.assigningParams([ParamOverride(argument: "epochs=abc")!])) { error in
            XCTAssertEqual("\(error)", "\(lesson.path):4: --set epochs=abc: `epochs` is an integer (default 2)")
        }
        XCTAssertThrowsError(try lesson.assigningParams([ParamOverride(argument: "verbose=maybe")!])) { error in
            XCTAssertEqual((error as? LessonError)?.line, 7)
        }
        XCTAssertThrowsError(try lesson.assigningParams([ParamOverride(argument: "lr=fast")!]))
        XCTAssertThrowsError(try lesson.assigningParams([ParamOverride(argument: "batch=3")!])) { error in
            XCTAssertTrue("\(error)".contains("the lesson has no param `batch` (it has epochs, lr, greeting, verbose, counterFile)"), "\(error)")
        }
        XCTAssertNil(ParamOverride(argument: "novalue"))
        XCTAssertNil(ParamOverride(argument: "=3"))
    }

    func testSetAcrossSeveralLessons() throws {
        let a = try LessonParser.parse(text: "---\ntitle: A\nparams:\n  epochs: 1\n---\n", path: "lessons/a.md")
        let b = try LessonParser.parse(text: "---\ntitle: B\nparams:\n  lr: 0.1\n---\n", path: "lessons/b.md")
        let assigned = try LessonCatalog.assignParams(["epochs=4"], to: [a, b])
        XCTAssertEqual(assigned[0].map(\.value), [.int(4)])
        XCTAssertEqual(assigned[1].map(\.value), [.float(0.1)], "a lesson without the param ignores it")
        XCTAssertThrowsError(try LessonCatalog.assignParams(["batch=4"], to: [a, b])) {
            XCTAssertEqual("\($0)", "--set: no selected lesson has a param `batch`")
        }
        XCTAssertThrowsError(try LessonCatalog.assignParams(["epochs"], to: [a]))
        XCTAssertThrowsError(try LessonCatalog.assignParams(["epochs=x"], to: [a, b]), "still type-checked")
    }
}
