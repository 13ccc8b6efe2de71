import Foundation

/// What the results cache knows about the data a lesson runs on.
///
/// HOOK for the data module: this first version hashes only the lesson's `data:` list and the
/// data folder's path (`--data` / `LESSONS_DATA`). Replace the body of `of(lesson:dataDirectory:)`
/// with one that also covers the dataset files themselves (their sizes, dates or checksums) so
/// that adding or changing a dataset re-runs the lessons that use it.
public enum DataFingerprint {
    /// A short text that changes whenever the data the lesson would run on changes.
    public static func of(lesson: Lesson, dataDirectory: String?) -> String {
        "datasets=\(lesson.data.joined(separator: ",")) folder=\(dataDirectory ?? "")"
    }
}
