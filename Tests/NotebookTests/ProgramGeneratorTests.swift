import XCTest
@testable import Notebook

final class ProgramGeneratorTests: XCTestCase {
    private let lesson = try! LessonParser.parse(text: """
        ---
        title: G
        params:
          epochs: 3
          lr: 0.001
          name: "say \\"hi\\"\\n"
          fast: true
        ---
        ```swift
        print(epochs)
        ```
        ```swift
        //| expect: error
        print([1][2])
        ```
        """, path: "lessons/g.md")

    func testParamsAreTypedConstantsAndAStruct() throws {
        let params = try lesson.assigningParams([ParamOverride(name: "epochs", value: "5")])
        let source = ProgramGenerator.generate(lesson, params: params)
        XCTAssertTrue(source.contains("let epochs: Swift::Int = 5\n"))
        XCTAssertTrue(source.contains("let lr: Swift::Float = 0.001\n"))
        XCTAssertTrue(source.contains("let name: Swift::String = \"say \\\"hi\\\"\\n\"\n"))
        XCTAssertTrue(source.contains("let fast: Swift::Bool = true\n"))
        XCTAssertTrue(source.contains("let params = _LessonParams(epochs: epochs, lr: lr, name: name, fast: fast)"))
        for module in ["Foundation", "Engine", "Plot", "LessonRuntime"] { XCTAssertTrue(source.contains("import \(module)\n")) }
    }

    func testStepsSitUnderSourceLocationsIntoTheMarkdown() {
        let source = ProgramGenerator.generate(lesson, params: [])
        XCTAssertTrue(source.contains("""
            LessonRuntime::LessonProgram.begin(step: 0, _lessonsSession)
            #sourceLocation(file: "lessons/g.md", line: 10)
            print(epochs)
            #sourceLocation()
            LessonRuntime::LessonProgram.end(step: 0, _lessonsSession)
            """), source)
        XCTAssertTrue(source.contains("let _lessonsSession = LessonRuntime::LessonProgram.start(steps: 2)\n"), source)
    }

    func testCheckStepsBindTheirOwnCheckInAScopeOfTheirOwn() throws {
        let lesson = try LessonParser.parse(text: "# C\n```swift\n//| check: c\ncheck(true, \"t\")\n```\n", path: "lessons/c.md")
        let secret = ProgramGenerator.secretSessionName()
        let source = ProgramGenerator.generate(lesson, params: [], sessionName: secret)
        XCTAssertTrue(source.contains("""
            LessonRuntime::LessonProgram.begin(step: 0, \(secret))
            do {
            let check = LessonRuntime::LessonProgram.checks(step: 0, \(secret))
            #sourceLocation(file: "lessons/c.md", line: 4)
            check(true, "t")
            #sourceLocation()
            }
            LessonRuntime::LessonProgram.end(step: 0, \(secret))
            """), source)
        XCTAssertFalse(source.contains("_lessonsSession "), "a student's code cannot name the session of a graded program")
        XCTAssertNotEqual(secret, ProgramGenerator.secretSessionName())
    }

    func testExpectErrorStepRunsInAForkedCopyInItsOwnScope() {
        let source = ProgramGenerator.generate(lesson, params: [])
        XCTAssertTrue(source.contains("""
            if LessonRuntime::LessonProgram.forkExpectingError(step: 1, _lessonsSession) {
            do {
            #sourceLocation(file: "lessons/g.md", line: 14)
            print([1][2])
            #sourceLocation()
            } catch {
            """), source)
        let stubbed = ProgramGenerator.generate(lesson, params: [], stubbed: [1])
        XCTAssertFalse(stubbed.contains("print([1][2])"))
        XCTAssertTrue(stubbed.contains("LessonRuntime::LessonProgram.begin(step: 1, _lessonsSession)"))
        XCTAssertTrue(stubbed.contains("LessonRuntime::LessonProgram.end(step: 1, _lessonsSession)"))
    }

    func testLiterals() {
        XCTAssertEqual(SwiftLiteral.value(.float(1e-5)), "1e-05")
        XCTAssertEqual(SwiftLiteral.value(.float(2)), "2.0")
        XCTAssertEqual(SwiftLiteral.string("a\\b\t\u{1}"), "\"a\\\\b\\t\\u{1}\"")
    }
}
