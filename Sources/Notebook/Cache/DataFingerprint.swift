import Foundation

/// What the results cache knows about the data a lesson runs on.
///
/// The runner knows nothing of datasets: the `lessons` tool installs `provider` (the engine's
/// `DataCatalog.fingerprint`, which covers the dataset files' paths, sizes and dates), so adding
/// or changing a dataset re-runs the lessons that use it. Without a provider only the lesson's
/// `data:` list and the data folder count.
public enum DataFingerprint {
    /// Computes a fingerprint of the named datasets in a data folder (nil: the default folder).
    /// The dataset names the loaders know (the engine's `DataCatalog.names`, installed by the
    /// `lessons` tool); nil: every name is taken as it is.
    nonisolated(unsafe) public static var knownNames: [String]?

    nonisolated(unsafe) public static var provider: (@Sendable (_ datasets: [String], _ dataDirectory: String?) -> String)?

    /// A short text that changes whenever the data the lesson would run on changes.
    public static func of(lesson: Lesson, dataDirectory: String?) -> String {
        let base = "datasets=\(lesson.data.joined(separator: ",")) folder=\(dataDirectory ?? "")"
        guard let provider, !lesson.data.isEmpty else { return base }
        return base + " files=" + provider(lesson.data, dataDirectory)
    }
}
