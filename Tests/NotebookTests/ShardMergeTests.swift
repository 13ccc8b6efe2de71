import XCTest
@testable import Notebook

/// Grading a class in shards: the split (every copy in exactly one shard, stable, balanced) and
/// the merge of partial gradebooks (idempotent, the newest grading wins, missing shards named).
final class ShardMergeTests: XCTestCase {
    func testEveryCopyIsInExactlyOneShardStablyAndBalanced() {
        let students = (1...23).map { "student\($0)" }
        for count in 1...7 {
            let split = Shard.split(students, into: count)
            XCTAssertEqual(split.count, count)
            XCTAssertEqual(split.flatMap { $0 }.sorted(), students.sorted(), "every copy exactly once (\(count) shards)")
            let sizes = split.map(\.count)
            XCTAssertLessThanOrEqual(sizes.max()! - sizes.min()!, 1, "balanced within one copy")
            XCTAssertEqual(split, Shard.split(students, into: count), "stable")
            for index in 1...count { XCTAssertEqual(Shard(index: index, count: count).select(students), split[index - 1]) }
        }
        XCTAssertEqual(Shard(parsing: "2/3"), Shard(index: 2, count: 3))
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/2/3"] { XCTAssertNil(Shard(parsing: bad), bad) }
    }

    static let lesson = GradedLesson(slug: "10-exercises", title: "Exercises", checks: [("squares", 3), ("triple", 2)])

    func grade(_ student: String, _ squares: Double, feedback: URL? = nil) -> SubmissionGrade {
        let steps = [StepGrade(step: "step-1", check: "squares", points: squares, maxPoints: 3, checks: [], shortfall: nil),
                     StepGrade(step: "step-2", check: "triple", points: 0, maxPoints: 2, checks: [], shortfall: nil)]
        return SubmissionGrade(student: student, path: nil, status: .checksFailed, grade: LessonGrade(steps: steps),
                               notes: [], duration: 1, feedback: feedback)
    }

    /// A partial gradebook as `lessons check --shard I/3` leaves it, with a feedback page per student.
    func part(_ index: Int, of split: [[String]], in root: URL, at date: Date, points: Double) throws -> URL {
        let folder = root.appendingPathComponent("part-\(index)")
        let store = try GradeStore(output: folder)
        let grades = try split[index - 1].map { student -> SubmissionGrade in
            let page = folder.appendingPathComponent("grades/10-exercises/\(StudentFolderName.of(student))/10-exercises/index.html")
            try FileManager.default.createDirectory(at: page.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("\(student) \(points)".utf8).write(to: page)
            return grade(student, points, feedback: page)
        }
        try store.record(lesson: Self.lesson, grades: grades, gradedAt: date, sandboxed: true)
        try store.recordShard(lesson: "10-exercises", shard: Shard(index: index, count: split.count), split: split, gradedAt: date)
        return folder
    }

    func testMergeIsIdempotentNewestWinsAndMissingShardsAreNamed() throws {
        let temp = try FixtureProject(copying: [])
        let course = temp.root.appendingPathComponent("output")
        let split = Shard.split(["alice", "bob", "carol", "dave", "erin"], into: 3)
        let monday = Date(timeIntervalSince1970: 1_700_000_000), tuesday = monday.addingTimeInterval(86_400)
        let one = try part(1, of: split, in: temp.root.appendingPathComponent("monday"), at: monday, points: 1)
        let three = try part(3, of: split, in: temp.root.appendingPathComponent("monday"), at: monday, points: 1)

        let store = try GradeStore(output: course)
        let first = try store.merge(parts: [one, three])
        XCTAssertEqual(first.added, 3)
        XCTAssertEqual(first.missing, ["shard 2/3 of 10-exercises (bob, erin)"], "the shard not given is named, with its students")
        let again = try store.merge(parts: [one, three, one])
        XCTAssertEqual(again.added, 0, "merging the same parts again changes nothing")
        XCTAssertEqual(again.alreadyPresent, 5)
        XCTAssertEqual(try store.current(lesson: "10-exercises").map(\.student), ["alice", "carol", "dave"])

        // Shard 2 comes later; then shard 1 is graded again on Tuesday (alice and dave re-graded).
        let two = try part(2, of: split, in: temp.root.appendingPathComponent("monday"), at: monday, points: 1)
        XCTAssertEqual(try store.merge(parts: [two]).missing, [], "every shard is here now")
        let regraded = try part(1, of: split, in: temp.root.appendingPathComponent("tuesday"), at: tuesday, points: 3)
        XCTAssertEqual(try store.merge(parts: [regraded]).added, 2)
        // An older part merged after a newer one does not win.
        XCTAssertEqual(try store.merge(parts: [one]).added, 0)
        let current = Dictionary(uniqueKeysWithValues: try store.current(lesson: "10-exercises").map { ($0.student, $0.points) })
        XCTAssertEqual(current, ["alice": 3, "bob": 1, "carol": 1, "dave": 3, "erin": 1])
        XCTAssertEqual(try store.history(student: "alice").map(\.points), [3, 1], "the older grading stays in the history")
        let page = course.appendingPathComponent("grades/10-exercises/alice/10-exercises/index.html")
        XCTAssertEqual(try String(contentsOf: page, encoding: .utf8), "alice 3.0", "the feedback report follows the newest grading")

        XCTAssertThrowsError(try store.merge(parts: [temp.root.appendingPathComponent("nowhere")])) { error in
            XCTAssertTrue("\(error)".contains("no partial gradebook here"), "\(error)")
        }
    }
}
