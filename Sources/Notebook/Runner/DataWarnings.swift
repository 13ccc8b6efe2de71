import Foundation

/// Warnings about a lesson's data that `lessons run` prints: a dataset name the loaders do not
/// know, and, in the final summary, every lesson that ran on a synthetic stand-in.
public enum DataWarnings {
    /// `lessons/04-x.md:5: warning: unknown dataset `cifar100` in `data:` (known: …)`, one per
    /// unknown name (none when the known names are nil: `KnownDatasets.unknown`).
    public static func unknownDatasets(_ lesson: Lesson, known: [String]?) -> [String] {
        guard let known else { return [] }
        let place = lesson.path + (lesson.dataLine.map { ":\($0)" } ?? "")
        return lesson.data.filter { !known.contains($0) }.map { name in
            var line = "\(place): warning: unknown dataset `\(name)` in `data:` (known: \(known.joined(separator: ", ")))"
            if let close = known.first(where: { $0.lowercased() == name.lowercased() || $0.replacingOccurrences(of: "-", with: "") == name.lowercased().replacingOccurrences(of: "-", with: "") }) {
                line += "; did you mean `\(close)`?"
            }
            return line
        }
    }

    /// The final summary's lines: each lesson whose result ran on a stand-in, with the source's words.
    public static func summary(_ runs: [LessonRun]) -> [String] {
        runs.flatMap { run in
            run.dataSources.filter(\.isSynthetic)
                .map { "warning: \(run.slug) ran on a synthetic stand-in, not the real data: \($0.description)" }
        }
    }
}
