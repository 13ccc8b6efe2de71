import Foundation

/// The score of one `//| check: NAME` step: its points (`//| points: N`, default 1) times the
/// share of its `check(…)` calls that passed. A check step that never ran scores 0; one that
/// crashed or timed out after some checks counts the stop as one more failed check.
public struct StepGrade: Sendable, Equatable {
    /// The step's name in the master lesson (its id, or `step-N`).
    public var step: String
    /// The check's name (`//| check: NAME`).
    public var check: String
    public var points: Double
    public var maxPoints: Double
    /// The `check(…)` calls the step made, in order (empty when it never ran).
    public var checks: [CheckResult]
    /// Why the step scored less than its checks alone say, if it did.
    public var shortfall: Shortfall?

    /// True when the step ran and every check in it passed.
    public var passed: Bool { !checks.isEmpty && checks.allSatisfy(\.passed) }

    /// Why a check step scored less than its checks alone say.
    public enum Shortfall: Sendable, Equatable, CustomStringConvertible {
        /// The copy has no step checking this name.
        case missingFromCopy
        /// The step never ran.
        case notRun
        /// The step ran to its end without calling `check(…)`.
        case noCheckRan
        /// The step stopped (a crash, a time limit, a tampered stream) with this error.
        case stopped(Diagnostic)

        public var description: String {
            switch self {
            case .missingFromCopy: return "check step missing from the copy"
            case .notRun: return "not run"
            case .noCheckRan: return "no check ran"
            case .stopped(let error): return "\(error.location): \(error.message)"
            }
        }
    }
}

/// The scores of a lesson's check steps in one run.
public struct LessonGrade: Sendable, Equatable {
    public var steps: [StepGrade]

    public var points: Double { steps.reduce(0) { $0 + $1.points } }
    public var maxPoints: Double { steps.reduce(0) { $0 + $1.maxPoints } }
    /// True when every check step ran and passed all its checks (vacuously true without checks).
    public var allPassed: Bool { steps.allSatisfy(\.passed) }
    /// Points as a percentage of the maximum (100 for a lesson without points).
    public var percent: Double { maxPoints > 0 ? 100 * points / maxPoints : 100 }

    /// Grades `run` (a run of `graded`, the master itself or a student's copy) against the check
    /// steps of `master`: the points come from the master; the k-th master step checking NAME is
    /// matched with the k-th step of `graded` checking NAME.
    public static func grade(master: Lesson, graded: Lesson, run: LessonRun?) -> LessonGrade {
        let matches = matchCheckSteps(master: master, copy: graded)
        var steps: [StepGrade] = []
        for masterStep in master.steps {
            guard let name = masterStep.options.check else { continue }
            let maxPoints = Double(masterStep.options.points ?? 1)
            var grade = StepGrade(step: masterStep.name, check: name, points: 0, maxPoints: maxPoints, checks: [], shortfall: nil)
            guard let index = matches[masterStep.index] else {
                grade.shortfall = .missingFromCopy
                steps.append(grade)
                continue
            }
            let result = run?.steps.first { $0.index == index }
            var checks = result?.checks ?? []
            // A step that stopped (crash, time limit) after some checks loses at least one share:
            // the checks it never reached count as failed, not as absent.
            if let result, !checks.isEmpty, result.status == .failed || result.status == .timedOut,
               let error = result.error, !error.isFailedCheck {
                // The recorder's "no check(…) ran" placeholder gives way to the reason.
                if checks.count == 1, checks[0].kind == .noneRan { checks = [] }
                checks.append(CheckResult(check: name, passed: false, message: "the step stopped before finishing: \(error.message)",
                                          points: 0, maxPoints: 0, line: error.line))
            }
            let share = checks.isEmpty ? 0 : maxPoints / Double(checks.count)
            grade.checks = checks.map {
                var check = $0
                check.maxPoints = share
                check.points = check.passed ? share : 0
                return check
            }
            if checks.isEmpty {
                grade.shortfall = switch (result?.status, result?.error) {
                case (nil, _), (.notRun?, _): .notRun
                case (_, let error?): .stopped(error)
                case (_, nil): .noCheckRan
                }
            } else {
                let passed = checks.filter(\.passed).count
                grade.points = maxPoints * Double(passed) / Double(checks.count)
                if let error = result?.error, result?.status != .ok, !error.isFailedCheck {
                    grade.shortfall = .stopped(error)
                }
            }
            steps.append(grade)
        }
        return LessonGrade(steps: steps)
    }

    /// Master check-step index → index of the matching step in `copy`.
    static func matchCheckSteps(master: Lesson, copy: Lesson) -> [Int: Int] {
        var pending: [String: [Int]] = [:]
        for step in copy.steps { if let name = step.options.check { pending[name, default: []].append(step.index) } }
        var matches: [Int: Int] = [:]
        for step in master.steps {
            guard let name = step.options.check, var queue = pending[name], !queue.isEmpty else { continue }
            matches[step.index] = queue.removeFirst()
            pending[name] = queue
        }
        return matches
    }
}
