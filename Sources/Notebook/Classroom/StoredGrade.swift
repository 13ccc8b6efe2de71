import Foundation

/// One grading of one student's copy of a lesson as the grade store keeps it: a row of the
/// `gradings` table, typed. The newest row of a (lesson, student) pair is the student's current
/// grade; the older ones are their history.
///
/// Out: the checks' messages and the steps' output (those live in the feedback report), the
/// copy itself (only its SHA-256 is kept).
public struct StoredGrade: Sendable, Equatable {
    /// How grading went: a status this version knows, or the raw text of one it does not
    /// (written by a newer `lessons`), kept rather than dropped.
    public enum Status: Sendable, Equatable, CustomStringConvertible {
        case known(SubmissionGrade.Status)
        case unknown(String)

        public init(rawValue: String) {
            self = SubmissionGrade.Status(rawValue: rawValue).map(Status.known) ?? .unknown(rawValue)
        }

        public var rawValue: String {
            switch self {
            case .known(let status): status.rawValue
            case .unknown(let raw): raw
            }
        }

        public var description: String { rawValue }
    }

    /// One check step's score, in master order.
    public struct Check: Sendable, Equatable {
        public var name: String
        public var points: Double
        public var maxPoints: Double

        public init(name: String, points: Double, maxPoints: Double) {
            self.name = name
            self.points = points
            self.maxPoints = maxPoints
        }
    }

    public var lessonSlug: String
    public var lessonTitle: String
    /// The student exactly as named by the hand-in folder (`alice` for `alice.md` or `alice/`).
    public var student: String
    /// When the grading ran (kept to the millisecond, UTC).
    public var gradedAt: Date
    public var points: Double
    public var maxPoints: Double
    public var status: Status
    public var checks: [Check]
    public var notes: [String]
    /// The student's feedback report relative to `<output>/grades/` (nil when none was written).
    public var feedback: String?
    /// SHA-256 of the graded copy in hex (nil when there was no copy or it could not be read).
    public var submissionSHA256: String?
    /// Whether the copy ran inside the grading sandbox.
    public var sandboxed: Bool

    public init(lessonSlug: String, lessonTitle: String, student: String, gradedAt: Date, points: Double, maxPoints: Double,
                status: Status, checks: [Check], notes: [String], feedback: String?, submissionSHA256: String?, sandboxed: Bool) {
        self.lessonSlug = lessonSlug
        self.lessonTitle = lessonTitle
        self.student = student
        self.gradedAt = gradedAt
        self.points = points
        self.maxPoints = maxPoints
        self.status = status
        self.checks = checks
        self.notes = notes
        self.feedback = feedback
        self.submissionSHA256 = submissionSHA256
        self.sandboxed = sandboxed
    }

    /// Points as a percentage of the maximum (100 for a lesson without points).
    public var percent: Double { maxPoints > 0 ? 100 * points / maxPoints : 100 }
}
