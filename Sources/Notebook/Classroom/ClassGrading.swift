import Foundation

/// Follows a class being graded: one line per running copy.
public protocol GradingProgress: AnyObject {
    func started(_ submission: Submission, slot: Int)
    func finished(_ grade: SubmissionGrade, slot: Int)
}

/// Grades a hand-in folder's copies with up to `jobs` at a time, each in its own sandbox slot.
/// The result is in the order of `submissions`, whatever order the copies finish in, so the
/// table is the same for any number of jobs.
public struct ClassGrading {
    public var grader: Grader
    public var jobs: Int

    public init(grader: Grader, jobs: Int) {
        self.grader = grader
        self.jobs = max(1, jobs)
    }

    /// How many copies run at once: `jobs`, or fewer when there are fewer copies.
    public static func copiesAtOnce(jobs: Int, copies: Int) -> Int { max(1, min(jobs, copies)) }

    /// Grades every submission; `feedback` says where each one's report goes. Throws
    /// `Interrupted` on Ctrl-C (after the copies in flight have stopped).
    public func gradeAll(_ submissions: [Submission], feedback: @escaping @Sendable (Submission) -> URL?,
                         progress: GradingProgress?) throws -> [SubmissionGrade] {
        let state = SharedState(count: submissions.count)
        let grader = self.grader
        let workers = Self.copiesAtOnce(jobs: jobs, copies: submissions.count)
        let group = DispatchGroup()
        for slot in 0..<workers {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while let index = state.take(starting: { progress?.started(submissions[$0], slot: slot) }) {
                    do {
                        let grade = try grader.grade(submissions[index], slot: slot, feedback: feedback(submissions[index]))
                        state.finish(index, grade) { progress?.finished(grade, slot: slot) }
                    } catch {
                        state.fail(error)
                        return
                    }
                }
            }
        }
        group.wait()
        return try state.results()
    }

    /// The work queue and the results, behind one lock (progress calls happen under it too, so
    /// lines from different slots do not interleave).
    private final class SharedState: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var graded: [SubmissionGrade?]
        private var failure: Error?

        init(count: Int) { graded = Array(repeating: nil, count: count) }

        /// The next submission to grade, or nil when none is left or one failed.
        func take(starting: (Int) -> Void) -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard failure == nil, next < graded.count else { return nil }
            next += 1
            starting(next - 1)
            return next - 1
        }

        func finish(_ index: Int, _ grade: SubmissionGrade, then report: () -> Void) {
            lock.lock(); defer { lock.unlock() }
            graded[index] = grade
            report()
        }

        func fail(_ error: Error) {
            lock.lock(); defer { lock.unlock() }
            if failure == nil { failure = error }
        }

        func results() throws -> [SubmissionGrade] {
            lock.lock(); defer { lock.unlock() }
            if let failure { throw failure }
            return graded.map { $0! }
        }
    }
}
