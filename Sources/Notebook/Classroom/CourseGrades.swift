import Foundation

/// The course-wide grade table from the grade store: one row per student ever graded, one column
/// per graded lesson with the points of the student's current grade (nil when never graded),
/// then their total and the course's maximum. Exported as the gradebook CSV Canvas and Moodle
/// import: `Student,SIS Login ID,<lesson title> (<max> pts)…,Total`, the student's name (the
/// hand-in folder's) in both first columns.
///
/// Out: per-check detail (see `GradeReport`), weighting or letter grades, students who never
/// handed anything in (the store only knows who was graded).
public struct CourseGrades: Sendable {
    /// A graded lesson: its slug, title and maximum points (those of its newest grading).
    public struct Lesson: Sendable, Equatable {
        public var slug: String
        public var title: String
        public var maxPoints: Double
    }

    public struct Row: Sendable, Equatable {
        public var student: String
        /// Points per lesson, in `lessons` order; nil where the student has no grade.
        public var points: [Double?]
        public var total: Double { points.reduce(0) { $0 + ($1 ?? 0) } }
    }

    public var lessons: [Lesson]
    /// Sorted by student (`.numeric`, case ignored).
    public var rows: [Row]
    /// The sum of the lessons' maximum points: what a student who did everything could have.
    public var maxPoints: Double { lessons.reduce(0) { $0 + $1.maxPoints } }

    /// The current grades of every lesson in `store`, or only of lesson `slug`.
    public init(store: GradeStore, lesson slug: String? = nil) throws {
        var current: [(slug: String, title: String, grades: [StoredGrade])] = []
        for lesson in try store.lessons() where slug == nil || lesson.slug == slug {
            current.append((lesson.slug, lesson.title, try store.current(lesson: lesson.slug)))
        }
        self.init(current: current)
    }

    /// The table of the given lessons' current grades (each as `GradeStore.current` returns them).
    public init(current: [(slug: String, title: String, grades: [StoredGrade])]) {
        lessons = current.map { lesson in
            let newest = lesson.grades.max { $0.gradedAt < $1.gradedAt }
            return Lesson(slug: lesson.slug, title: lesson.title, maxPoints: newest?.maxPoints ?? 0)
        }
        var byStudent: [String: [Double?]] = [:]
        for (k, lesson) in current.enumerated() {
            for grade in lesson.grades {
                byStudent[grade.student, default: Array(repeating: nil, count: current.count)][k] = grade.points
            }
        }
        rows = byStudent.map { Row(student: $0.key, points: $0.value) }
            .sorted { $0.student.compare($1.student, options: [.numeric, .caseInsensitive]) == .orderedAscending }
    }

    /// The terminal table: a header (`STUDENT`, the lesson slugs, `TOTAL`, `MAX`), then a row per
    /// student with `-` where there is no grade.
    public var table: [[String]] {
        var table = [["STUDENT"] + lessons.map(\.slug) + ["TOTAL", "MAX"]]
        for row in rows {
            table.append([row.student] + row.points.map { $0.map(Formatting.points) ?? "-" }
                         + [Formatting.points(row.total), Formatting.points(maxPoints)])
        }
        return table
    }

    /// The CSV Canvas and Moodle import (empty cell where there is no grade; see `CSV`).
    public var canvasCSV: String {
        var table = [["Student", "SIS Login ID"] + lessons.map { "\($0.title) (\(Formatting.points($0.maxPoints)) pts)" } + ["Total"]]
        for row in rows {
            table.append([row.student, row.student] + row.points.map { $0.map(Formatting.points) ?? "" } + [Formatting.points(row.total)])
        }
        return CSV.document(table)
    }
}
