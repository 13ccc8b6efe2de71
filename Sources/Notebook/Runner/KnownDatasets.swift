import Foundation

/// What the runner knows of the datasets the engine's loaders can open: their names (to warn
/// about a `data:` name no loader knows) and a fingerprint of their files (so the results cache
/// re-runs a lesson when the files of its datasets change).
///
/// The runner knows nothing of datasets itself: the `lessons` tool hands in the engine's
/// `DataCatalog` as a value of this type. `.unknown` takes every name as it is, and only the
/// lesson's `data:` list and the data folder count.
public struct KnownDatasets: Sendable {
    /// The dataset names the loaders know; nil: every name is taken as it is.
    public var names: [String]?
    /// A fingerprint of the named datasets' files in a data folder (nil: the default folder).
    public var fingerprint: (@Sendable (_ datasets: [String], _ dataDirectory: String?) -> String)?

    public init(names: [String]?, fingerprint: (@Sendable (_ datasets: [String], _ dataDirectory: String?) -> String)?) {
        self.names = names
        self.fingerprint = fingerprint
    }

    /// Nothing known: no warnings, and only the names and the folder in the cache key.
    public static let unknown = KnownDatasets(names: nil, fingerprint: nil)

    /// A short text that changes whenever the data the lesson would run on changes.
    func fingerprint(of lesson: Lesson, dataDirectory: String?) -> String {
        let base = "datasets=\(lesson.data.joined(separator: ",")) folder=\(dataDirectory ?? "")"
        guard let fingerprint, !lesson.data.isEmpty else { return base }
        return base + " files=" + fingerprint(lesson.data, dataDirectory)
    }
}
