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

    /// Grades every submission; `feedback` says where each one's report goes. Throws
    /// `Interrupted` on Ctrl-C (after the copies in flight have stopped).
    public func gradeAll(_ submissions: [Submission], feedback: @escaping @Sendable (Submission) -> URL?,
                         progress: GradingProgress?) throws -> [SubmissionGrade] {
        let lock = NSLock()
        var results = [SubmissionGrade?](repeating: nil, count: submissions.count)
        var next = 0
        var failure: Error?
        let grader = self.grader
        let workers = min(jobs, max(1, submissions.count))
        let group = DispatchGroup()
        for slot in 0..<workers {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while true {
                    lock.lock()
                    guard failure == nil, next < submissions.count else { lock.unlock(); return }
                    let index = next
                    next += 1
                    progress?.started(submissions[index], slot: slot)
                    lock.unlock()
                    do {
                        let grade = try grader.grade(submissions[index], slot: slot, feedback: feedback(submissions[index]))
                        lock.lock()
                        results[index] = grade
                        progress?.finished(grade, slot: slot)
                        lock.unlock()
                    } catch {
                        lock.lock()
                        if failure == nil { failure = error }
                        lock.unlock()
                        return
                    }
                }
            }
        }
        group.wait()
        if let failure { throw failure }
        return results.map { $0! }
    }
}
