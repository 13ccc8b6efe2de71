import Foundation

/// Where the engine's data code reads and where it reports what it read, as whoever runs the
/// engine sets them. The engine reads none of the lesson runner's variables itself: a lesson's
/// generated program sets these at its start from what the runner handed it (LessonRuntime's
/// `RunnerData`); a program of one's own, a test or a command sets them, or keeps the defaults.
public enum DataSettings {
    /// The data folder: the datasets' standard files and a lesson's own files (`dataFile`).
    /// Default: `data/` in the current folder.
    nonisolated(unsafe) public static var folder = defaultFolder
    /// `data/` in the current folder.
    public static let defaultFolder = URL(fileURLWithPath: "data", isDirectory: true)
    /// A file to which each dataset load appends its source as one JSON line (once per
    /// process), for the report header; nil: not recorded.
    nonisolated(unsafe) public static var sourceLog: URL?
    /// A file to which every file opened from the data folder (dataset, checkpoint, `dataFile`)
    /// is appended (once per process), so the runner reuses a cached result only while they are
    /// unchanged; nil: not recorded.
    nonisolated(unsafe) public static var fileLog: URL?

    /// Sets all three from paths (nil or empty: the default), as a generated program does.
    public static func configure(folder: String?, sourceLog: String?, fileLog: String?) {
        func url(_ path: String?, isDirectory: Bool) -> URL? {
            path.flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0, isDirectory: isDirectory) }
        }
        self.folder = url(folder, isDirectory: true) ?? defaultFolder
        self.sourceLog = url(sourceLog, isDirectory: false)
        self.fileLog = url(fileLog, isDirectory: false)
    }
}
