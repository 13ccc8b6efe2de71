import XCTest
@testable import Notebook
import LessonRuntime

/// The gradebook: `GradeStore` keeps every grading (newest = current), across runs and
/// reopenings, all-or-nothing per run; the reports and the Canvas CSV built from it.
final class GradeStoreTests: XCTestCase {
    /// Two check steps, `squares` (3 points) and `triple` (2), as the 10-exercises fixture.
    static let master = try! LessonParser.parse(text: """
        # Exercises
        ```swift
        //| check: squares
        //| points: 3
        check(true, "s")
        ```
        ```swift
        //| check: triple
        //| points: 2
        check(true, "t")
        ```
        """, path: "lessons/10-exercises.md")
    static let lesson = GradedLesson(slug: "10-exercises", title: "Exercises", checks: [("squares", 3), ("triple", 2)])

    var temp: FixtureProject!
    var output: URL { temp.root.appendingPathComponent("output") }

    override func setUpWithError() throws { temp = try FixtureProject(copying: []) }
    override func tearDown() { temp = nil }

    /// A grade of `student` scoring `squares` and `triple` points.
    func grade(_ student: String, _ squares: Double, _ triple: Double, status: SubmissionGrade.Status = .ok,
               notes: [String] = [], path: String? = nil, feedback: URL? = nil) -> SubmissionGrade {
        let steps = [StepGrade(step: "step-1", check: "squares", points: squares, maxPoints: 3, checks: [], shortfall: nil),
                     StepGrade(step: "step-2", check: "triple", points: triple, maxPoints: 2, checks: [], shortfall: nil)]
        return SubmissionGrade(student: student, path: path, status: status, grade: LessonGrade(steps: steps),
                               notes: notes, duration: 1, feedback: feedback,
                               digest: path.flatMap { FileManager.default.contents(atPath: $0) }.map(GradingSnapshot.digest))
    }

    let t1 = Date(timeIntervalSince1970: 1_700_000_000)
    let t2 = Date(timeIntervalSince1970: 1_700_086_400.25)

    func testGradedLessonFromTheMaster() {
        let lesson = GradedLesson(master: Self.master)
        XCTAssertEqual(lesson.slug, "10-exercises")
        XCTAssertEqual(lesson.title, "Exercises")
        XCTAssertEqual(lesson.checks.map(\.name), ["squares", "triple"])
        XCTAssertEqual(lesson.checks.map(\.maxPoints), [3, 2])
        XCTAssertEqual(GradedLesson(slug: "x", title: "X", checks: [("a", 1), ("a", 2), ("a (2)", 1)]).checks.map(\.name), ["a", "a (2)", "a (2) (2)"])
    }

    func testRegradingReplacesTheCurrentRowAndKeepsTheHistory() throws {
        let store = try GradeStore(output: output)
        try store.record(lesson: Self.lesson, grades: [grade("alice", 1, 0, status: .checksFailed)], gradedAt: t1, sandboxed: false)
        try store.record(lesson: Self.lesson, grades: [grade("alice", 3, 2)], gradedAt: t2, sandboxed: true)
        let current = try store.current(lesson: "10-exercises")
        XCTAssertEqual(current.map(\.student), ["alice"])
        XCTAssertEqual(current[0].points, 5)
        XCTAssertEqual(current[0].status, .known(.ok))
        XCTAssertEqual(current[0].gradedAt, t2)
        XCTAssertTrue(current[0].sandboxed)
        let history = try store.history(student: "alice")
        XCTAssertEqual(history.map(\.gradedAt), [t2, t1], "newest first")
        XCTAssertEqual(history.map(\.points), [5, 1])
        XCTAssertEqual(history[1].status, .known(.checksFailed))
        XCTAssertEqual(try store.history(student: "Alice"), [], "the name is matched exactly")
    }

    func testGradingASecondFolderKeepsTheFirstStudents() throws {
        let store = try GradeStore(output: output)
        try store.record(lesson: Self.lesson, grades: [grade("student10", 3, 2), grade("Bob", 1, 2)], gradedAt: t1, sandboxed: true)
        try store.record(lesson: Self.lesson, grades: [grade("student2", 0, 0, status: .missing)], gradedAt: t2, sandboxed: true)
        let current = try store.current(lesson: "10-exercises")
        XCTAssertEqual(current.map(\.student), ["Bob", "student2", "student10"], "numeric, case-insensitive order")
        XCTAssertEqual(current.map(\.gradedAt), [t1, t2, t1])

        let files = try GradeReport.write(lesson: Self.lesson, current: current, output: output, date: t2)
        let csv = try String(contentsOf: files.csv, encoding: .utf8).components(separatedBy: "\r\n")
        XCTAssertEqual(csv, [
            "student,graded_at,points,max_points,percent,status,squares,triple,notes",
            "Bob,2023-11-14T22:13:20.000Z,3,5,60.0,ok,1,2,",
            "student2,2023-11-15T22:13:20.250Z,0,5,0.0,missing,0,0,",
            "student10,2023-11-14T22:13:20.000Z,5,5,100.0,ok,3,2,",
            "",
        ])
        let html = try String(contentsOf: files.html, encoding: .utf8)
        XCTAssertTrue(html.contains("<a href=\"../index.html\">"), "the page links back to the course index")
        XCTAssertTrue(html.contains("<th scope=\"row\"><a href=\"#student-student2\">student2</a></th><td><time datetime=\"2023-11-15T22:13:20Z\">"), html)
        XCTAssertEqual(try store.lessons().map(\.slug), ["10-exercises"])
    }

    func testARecordingThatFailsMidwayLeavesNothing() throws {
        let store = try GradeStore(output: output)
        try store.record(lesson: Self.lesson, grades: [grade("alice", 3, 2)], gradedAt: t1, sandboxed: false)
        // bob is inserted, then the second bob breaks the run: bob must not stay behind.
        XCTAssertThrowsError(try store.record(lesson: Self.lesson, grades: [grade("bob", 3, 2), grade("carol", 1, 1), grade("bob", 0, 0)],
                                              gradedAt: t2, sandboxed: false)) { error in
            XCTAssertTrue("\(error)".contains("gradebook.sqlite3"), "the error names the database: \(error)")
        }
        var short = grade("dave", 3, 2)
        short.grade.steps.removeLast()
        XCTAssertThrowsError(try store.record(lesson: Self.lesson, grades: [grade("erin", 3, 2), short], gradedAt: t2, sandboxed: false))
        XCTAssertEqual(try store.current(lesson: "10-exercises").map(\.student), ["alice"])
        XCTAssertEqual(try store.history(student: "bob"), [])
        XCTAssertEqual(try store.history(student: "erin"), [])
        // The store still takes a good run afterwards.
        try store.record(lesson: Self.lesson, grades: [grade("bob", 3, 2)], gradedAt: t2, sandboxed: false)
        XCTAssertEqual(try store.current(lesson: "10-exercises").map(\.student), ["alice", "bob"])
    }

    func testCSVNeutralisesFormulas() throws {
        XCTAssertEqual(CSV.field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"")
        XCTAssertEqual(CSV.field("+1"), "'+1")
        XCTAssertEqual(CSV.field("-2"), "'-2")
        XCTAssertEqual(CSV.field("@a"), "'@a")
        XCTAssertEqual(CSV.field("\tx"), "'\tx")
        XCTAssertEqual(CSV.field("\rx"), "\"'\rx\"")
        XCTAssertEqual(CSV.field("alice"), "alice")
        XCTAssertEqual(CSV.field("o\"neil, jr"), "\"o\"\"neil, jr\"")
        XCTAssertEqual(CSV.line(["a", "b=c", ""]), "a,b=c,\r\n")

        // In every CSV written: the store's lesson CSV and the Canvas CSV.
        let store = try GradeStore(output: output)
        try store.record(lesson: Self.lesson, grades: [grade("=HYPERLINK(\"x\")", 3, 2, notes: ["-2 points", "@a"])], gradedAt: t1, sandboxed: false)
        let current = try store.current(lesson: "10-exercises")
        XCTAssertEqual(GradeReport.csv(lesson: Self.lesson, current: current).components(separatedBy: "\r\n")[1],
                       "\"'=HYPERLINK(\"\"x\"\")\",2023-11-14T22:13:20.000Z,5,5,100.0,ok,3,2,'-2 points; @a")
        XCTAssertEqual(try CourseGrades(store: store).canvasCSV.components(separatedBy: "\r\n")[1],
                       "\"'=HYPERLINK(\"\"x\"\")\",\"'=HYPERLINK(\"\"x\"\")\",5,5")
    }

    func testCourseTableAndCanvasCSV() throws {
        let store = try GradeStore(output: output)
        let resnet = GradedLesson(slug: "04-resnet-cifar10", title: "ResNet, on CIFAR-10", checks: [("accuracy", 4)])
        func resnetGrade(_ student: String, _ points: Double) -> SubmissionGrade {
            SubmissionGrade(student: student, path: nil, status: .ok, grade: LessonGrade(steps: [
                StepGrade(step: "step-1", check: "accuracy", points: points, maxPoints: 4, checks: [], shortfall: nil)]), notes: [], duration: 1)
        }
        try store.record(lesson: Self.lesson, grades: [grade("alice", 3, 2), grade("bob", 1, 0.5)], gradedAt: t1, sandboxed: true)
        try store.record(lesson: resnet, grades: [resnetGrade("alice", 4), resnetGrade("carol", 2)], gradedAt: t2, sandboxed: true)
        let course = try CourseGrades(store: store)
        XCTAssertEqual(course.lessons.map(\.slug), ["04-resnet-cifar10", "10-exercises"])
        XCTAssertEqual(course.maxPoints, 9)
        XCTAssertEqual(course.table, [
            ["STUDENT", "04-resnet-cifar10", "10-exercises", "TOTAL", "MAX"],
            ["alice", "4", "5", "9", "9"],
            ["bob", "-", "1.5", "1.5", "9"],
            ["carol", "2", "-", "2", "9"],
        ])
        XCTAssertEqual(course.canvasCSV.components(separatedBy: "\r\n"), [
            "Student,SIS Login ID,\"ResNet, on CIFAR-10 (4 pts)\",Exercises (5 pts),Total",
            "alice,alice,4,5,9",
            "bob,bob,,1.5,1.5",
            "carol,carol,2,,2",
            "",
        ])
        XCTAssertEqual(try CourseGrades(store: store, lesson: "10-exercises").canvasCSV.components(separatedBy: "\r\n")[0],
                       "Student,SIS Login ID,Exercises (5 pts),Total")
    }

    func testTheStoreSurvivesReopening() throws {
        let copy = temp.root.appendingPathComponent("alice.md")
        try Data("# my copy\n".utf8).write(to: copy)
        let feedback = GradeReport.feedbackFolder(student: "alice", master: Self.master, output: output)
            .appendingPathComponent("10-exercises/index.html")
        do {
            let store = try GradeStore(output: output)
            try store.record(lesson: Self.lesson, grades: [grade("alice", 1.5, 2, status: .crashed, notes: ["a.md:3: boom", "second"],
                                                                path: copy.path, feedback: feedback)],
                             gradedAt: t2, sandboxed: true)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("grades/gradebook.sqlite3").path))
        let reopened = try GradeStore(output: output)
        let stored = try XCTUnwrap(reopened.current(lesson: "10-exercises").first)
        XCTAssertEqual(stored, StoredGrade(
            lessonSlug: "10-exercises", lessonTitle: "Exercises", student: "alice", gradedAt: t2, points: 3.5, maxPoints: 5,
            status: .known(.crashed),
            checks: [.init(name: "squares", points: 1.5, maxPoints: 3), .init(name: "triple", points: 2, maxPoints: 2)],
            notes: ["a.md:3: boom", "second"], feedback: "10-exercises/alice/10-exercises/index.html",
            submissionSHA256: SHA256.hex("# my copy\n"), sandboxed: true))
        XCTAssertEqual(try reopened.lessons().map(\.title), ["Exercises"])
    }

    func testPointsJSONKeepsOrderAndOddNames() {
        let pairs: [(String, Double)] = [("zeta", 1), ("a \"quoted\", name", 2.0 / 3), ("é\\", 0)]
        let text = PointsJSON.encode(pairs)
        XCTAssertEqual(PointsJSON.encode([("squares", 3), ("triple", 2)]), "{\"squares\": 3, \"triple\": 2}")
        let decoded = PointsJSON.decode(text)
        XCTAssertEqual(decoded?.map(\.0), pairs.map(\.0))
        XCTAssertEqual(decoded?.map(\.1), pairs.map(\.1))
        XCTAssertNil(PointsJSON.decode("[1]"))
        XCTAssertEqual(StoredGrade.Status(rawValue: "graded by hand"), .unknown("graded by hand"))
    }

    func testAFileThatIsNotAGradebookIsReportedByName() throws {
        let file = GradeStore.file(output: output)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(String(repeating: "not a database ", count: 100).utf8).write(to: file)
        XCTAssertThrowsError(try GradeStore(output: output)) { error in
            XCTAssertTrue("\(error)".contains("gradebook.sqlite3"), "\(error)")
        }
    }
}
