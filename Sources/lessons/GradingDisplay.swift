import Foundation
import Notebook

/// The terminal while a class is graded: one line per running copy (redrawn in place on a
/// terminal), and a line for each copy as it finishes.
final class GradingDisplay: GradingProgress {
    private var running: [String?]
    private let live = isatty(STDOUT_FILENO) == 1
    private var drawn = 0

    init(jobs: Int) { running = Array(repeating: nil, count: max(1, jobs)) }

    func started(_ submission: Submission, slot: Int) {
        running[slot] = ScoreTable.printable(submission.student)
        if live { redraw(finished: nil) } else { print("grading \(ScoreTable.printable(submission.student))…"); fflush(stdout) }
    }

    func finished(_ grade: SubmissionGrade, slot: Int) {
        running[slot] = nil
        let line = "  \(ScoreTable.printable(grade.student)): \(Formatting.points(grade.grade.points))/\(Formatting.points(grade.grade.maxPoints)) "
            + grade.status.rawValue + String(format: " (%.1f s)", grade.duration)
        if live { redraw(finished: line) } else { print(line); fflush(stdout) }
    }

    /// Clears the running lines.
    func finish() {
        guard live else { return }
        running = running.map { _ in nil }
        redraw(finished: nil)
    }

    private func redraw(finished: String?) {
        var out = String(repeating: "\u{1B}[1A\u{1B}[2K", count: drawn) + "\r"
        if let finished { out += finished + "\n" }
        let lines = running.enumerated().compactMap { slot, name in name.map { "  [\(slot + 1)] grading \($0)…" } }
        out += lines.map { $0 + "\n" }.joined()
        drawn = lines.count
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
