import XCTest
@testable import Notebook

/// `lessons check`: the master passes its checks, its released copy fails them, and a folder of
/// student copies (correct, partly correct, wrong, not compiling, crashing, endless, malformed,
/// missing) gets the expected scores, CSV and HTML.
final class ClassroomGradingTests: XCTestCase {
    static let submissions = FixtureProject.fixtures.appendingPathComponent("Submissions")

    func testMasterPassesAndReleasedCopyCompilesAndFails() throws {
        let fixtures = try FixtureProject(["10-exercises.md"])
        let master = try fixtures.lesson("10-exercises.md")
        let run = try fixtures.run("10-exercises.md").run
        let grade = LessonGrade.grade(master: master, graded: master, run: run)
        XCTAssertEqual(run.status, .ok)
        XCTAssertTrue(grade.allPassed)
        XCTAssertEqual(grade.steps.map(\.check), ["squares", "triple"])
        XCTAssertEqual(grade.points, 5)
        XCTAssertEqual(grade.maxPoints, 5)

        let student = fixtures.root.appendingPathComponent("student")
        let copyURL = try Release.write([fixtures.url("10-exercises.md")], to: student)[0]
        let copy = try LessonParser.parse(contentsOf: copyURL, path: "student/10-exercises.md")
        let copyRun = try fixtures.runner().run(copy, params: copy.assigningParams([])).run
        XCTAssertNil(copyRun.compileError, "the student copy compiles")
        let copyGrade = LessonGrade.grade(master: master, graded: copy, run: copyRun)
        XCTAssertFalse(copyGrade.allPassed)
        // `return 0` passes only "no numbers add up to 0"; fatalError stops the triple check.
        XCTAssertEqual(copyGrade.steps.map(\.points), [1, 0])
        XCTAssertEqual(copyGrade.steps[1].checks.map(\.message), ["the step stopped before finishing: Fatal error: exercise not done yet"])
    }

    func testGradingAFolderOfCopies() throws {
        let fixtures = try FixtureProject(["10-exercises.md"])
        let (grader, snapshot) = try TestGrading.grader(master: fixtures.url("10-exercises.md"), timeLimit: 2)
        let master = snapshot.master
        let found = try SubmissionFolder.list(Self.submissions, lessonFileName: "10-exercises.md")
        XCTAssertEqual(found.map(\.student), ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "heidi"])
        XCTAssertEqual(found[1].file?.lastPathComponent, "10-exercises.md")
        XCTAssertNil(found[6].file)
        let output = fixtures.root.appendingPathComponent("output")
        let grades = try ClassGrading(grader: grader, jobs: 2).gradeAll(found, feedback: {
            GradeReport.feedbackFolder(student: $0.student, master: master, output: output)
        }, progress: nil)
        let table = grades.map { "\($0.student) \(Formatting.points($0.grade.points)) \($0.status.rawValue) \($0.grade.steps.map { Formatting.points($0.points) })" }
        XCTAssertEqual(table, [
            "alice 5 ok [\"3\", \"2\"]",
            "bob 3 checks failed [\"1\", \"2\"]",           // 1 of 3 squares checks, both triple checks
            "carol 0 checks failed [\"0\", \"0\"]",         // her always-true check is replaced by the master's
            "dave 3 does not compile [\"3\", \"0\"]",       // the steps before the broken one still count
            "erin 4 crashed [\"3\", \"1\"]",                // triple(2) passed before triple(-1) crashed
            "frank 0 malformed [\"0\", \"0\"]",
            "gina 0 missing [\"0\", \"0\"]",
            "heidi 3 timed out [\"3\", \"0\"]",
        ])
        XCTAssertTrue(grades.allSatisfy { $0.grade.maxPoints == 5 })
        // One copy at a time gives the same table.
        let oneByOne = try ClassGrading(grader: grader, jobs: 1).gradeAll(found, feedback: { _ in nil }, progress: nil)
        XCTAssertEqual(oneByOne.map { "\($0.student) \(Formatting.points($0.grade.points)) \($0.status.rawValue) \($0.grade.steps.map { Formatting.points($0.points) })" }, table)
        func line(_ marker: String, _ file: String) throws -> Int {
            let text = try String(contentsOf: Self.submissions.appendingPathComponent(file), encoding: .utf8)
            return try XCTUnwrap(text.components(separatedBy: "\n").firstIndex { $0.contains(marker) }) + 1
        }
        XCTAssertTrue(grades[2].notes.first?.contains("carol.md:") == true && grades[2].notes.first?.contains("differs from the master copy") == true, "\(grades[2].notes)")
        XCTAssertTrue(grades[3].notes.first?.contains("dave.md:\(try line("COMPILE ERROR", "dave.md")):") == true, "\(grades[3].notes)")
        XCTAssertTrue(grades[4].notes.first?.hasSuffix("erin.md:\(try line("CRASH HERE", "erin.md")):14: Fatal error: negative numbers are too hard") == true, "\(grades[4].notes)")
        XCTAssertTrue(grades[5].notes.first?.contains("never closed") == true, "\(grades[5].notes)")
        XCTAssertTrue(grades[7].notes.first?.contains("time limit of 2 s") == true, "\(grades[7].notes)")

        // Feedback reports: each copy that ran gets its own page, with its checks and errors in place.
        XCTAssertEqual(grades.map { $0.feedback != nil }, [true, true, true, true, true, false, false, true])
        let alicePage = try String(contentsOf: XCTUnwrap(grades[0].feedback), encoding: .utf8)
        XCTAssertEqual(grades[0].feedback?.path, output.appendingPathComponent("grades/10-exercises/alice/10-exercises/index.html").path)
        XCTAssertTrue(alicePage.contains("<li class=\"check check-pass\">") && !alicePage.contains("check-fail"), "alice's checks all pass")
        let bobPage = try String(contentsOf: XCTUnwrap(grades[1].feedback), encoding: .utf8)
        XCTAssertTrue(bobPage.contains("<li class=\"check check-fail\">"), "bob sees which checks failed")
        let davePage = try String(contentsOf: XCTUnwrap(grades[3].feedback), encoding: .utf8)
        XCTAssertTrue(davePage.contains("cannot convert return expression of type &#39;String&#39;"), "dave sees his compile error")
        let erinPage = try String(contentsOf: XCTUnwrap(grades[4].feedback), encoding: .utf8)
        XCTAssertTrue(erinPage.contains("negative numbers are too hard"), "erin sees her crash")
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("grades/10-exercises/alice/index.html").path))

        // The table comes from the gradebook, as `lessons check --submissions` writes it.
        let lesson = GradedLesson(master: master)
        let store = try GradeStore(output: output)
        try store.record(lesson: lesson, grades: grades, gradedAt: Date(timeIntervalSince1970: 1_700_000_000), sandboxed: true)
        let files = try GradeReport.write(lesson: lesson, current: try store.current(lesson: master.slug), output: output)
        let csv = try String(contentsOf: files.csv, encoding: .utf8).components(separatedBy: "\r\n")
        XCTAssertEqual(csv[0], "student,graded_at,points,max_points,percent,status,squares,triple,notes")
        XCTAssertEqual(csv[1], "alice,2023-11-14T22:13:20.000Z,5,5,100.0,ok,3,2,")
        XCTAssertEqual(csv[2], "bob,2023-11-14T22:13:20.000Z,3,5,60.0,checks failed,1,2,")
        XCTAssertTrue(csv[4].hasPrefix("dave,2023-11-14T22:13:20.000Z,3,5,60.0,does not compile,3,0,does not compile: "), csv[4])
        XCTAssertEqual(CSV.line(["o\"neil, jr", "5"]), "\"o\"\"neil, jr\",5\r\n")
        XCTAssertEqual(csv.count, 10, "header, 8 students, final line break")
        let html = try String(contentsOf: files.html, encoding: .utf8)
        XCTAssertTrue(html.contains("<th scope=\"row\"><a href=\"#student-erin\">erin</a></th>"), html)
        XCTAssertTrue(html.contains("<td>4</td><td>5</td><td>80.0</td>"), html)
        XCTAssertTrue(html.contains("cannot convert return expression of type &#39;String&#39;"), "compiler messages are escaped")
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("style.css").path))
        XCTAssertTrue(html.contains("<a class=\"feedback\" href=\"10-exercises/erin/10-exercises/index.html\">feedback report</a>"), html)
        XCTAssertEqual(snapshot.verify(), [], "grading changed neither the master nor the build")
    }

    func testScoresOfUnrunAndMissingCheckSteps() throws {
        let master = try LessonParser.parse(text: "# M\n```swift\n//| check: a\n//| points: 4\ncheck(true, \"t\")\n```\n", path: "m.md")
        let other = try LessonParser.parse(text: "# M\n```swift\nprint(1)\n```\n", path: "c.md")
        XCTAssertEqual(LessonGrade.grade(master: master, graded: master, run: nil).steps.map(\.shortfall), [.notRun])
        let missing = LessonGrade.grade(master: master, graded: other, run: nil)
        XCTAssertEqual(missing.points, 0)
        XCTAssertEqual(missing.maxPoints, 4)
        XCTAssertEqual(missing.steps.map(\.shortfall), [.missingFromCopy])
    }

    /// The course's own exercise solutions are what a graded copy may hand in: none of them is
    /// refused by the vetting that guards the master's checks.
    func testTheCourseSolutionsPassExerciseVetting() throws {
        let root = FixtureProject.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let lessons = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("lessons").path).filter { $0.hasSuffix(".md") }.sorted()
        XCTAssertEqual(lessons.count, 5)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-vetting-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let compiler = Compiler(build: try TestBuild.require(), cacheDirectory: work)
        for name in lessons {
            let lesson = try LessonParser.parse(contentsOf: root.appendingPathComponent("lessons").appendingPathComponent(name), path: "lessons/\(name)")
            let problems = try ExerciseVetting(compiler: compiler, interruption: nil).problems(in: lesson, folder: work.appendingPathComponent(name))
            XCTAssertEqual(problems.map(\.message), [], name)
        }
    }
}
