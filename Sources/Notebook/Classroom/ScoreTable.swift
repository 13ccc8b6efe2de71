import Foundation

/// The rows of the score tables `lessons check` prints (a header row first); the command line
/// lays them out as text.
public enum ScoreTable {
    /// Every check of a lesson's run, with its points and message (at its Markdown line).
    public static func checks(_ grade: LessonGrade, lesson: Lesson) -> [[String]] {
        var rows: [[String]] = [["STEP", "CHECK", "RESULT", "POINTS", "MESSAGE"]]
        for step in grade.steps {
            if step.checks.isEmpty {
                rows.append([step.step, step.check, "FAIL", "0/\(Formatting.points(step.maxPoints))", step.shortfall.map(String.init(describing:)) ?? "not run"])
            }
            for check in step.checks {
                let at = check.line.map { "\(lesson.path):\($0): " } ?? ""
                rows.append([step.step, step.check, check.passed ? "pass" : "FAIL",
                             "\(Formatting.points(check.points))/\(Formatting.points(check.maxPoints))", at + check.message])
            }
            if let shortfall = step.shortfall, !step.checks.isEmpty { rows.append(["", "", "", "", shortfall.description]) }
        }
        return rows
    }

    /// `total: 7/10 points (70.0%), some checks fail`.
    public static func total(_ grade: LessonGrade) -> String {
        "total: \(Formatting.points(grade.points))/\(Formatting.points(grade.maxPoints)) points"
            + String(format: " (%.1f%%)", grade.percent) + (grade.allPassed ? ", all checks pass" : ", some checks fail")
    }

    /// A student name as the terminal shows it: control characters (which could move the
    /// cursor or rewrite earlier lines) as `\u{…}`.
    public static func printable(_ name: String) -> String {
        String(name.unicodeScalars.flatMap { $0.properties.generalCategory == .control ? Array("\\u{\(String($0.value, radix: 16))}".unicodeScalars) : [$0] }.map(Character.init))
    }
}
