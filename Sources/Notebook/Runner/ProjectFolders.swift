import Foundation
import LessonRuntime

/// Where things are: the lessons folder, the project root above it (where lesson programs run,
/// so `data/` resolves), the cache and the rendered output.
public struct ProjectFolders: Sendable {
    /// The folder holding the lessons (`lessons/`).
    public var lessonsDirectory: URL
    /// The lessons folder's parent; lesson programs run here.
    public var root: URL
    /// `<root>/.lessons-cache`, or `LESSONS_CACHE_DIR`.
    public var cacheDirectory: URL
    /// `<root>/output` unless `--output` says otherwise.
    public var outputDirectory: URL

    /// - Parameters:
    ///   - lessonsDirectory: default `lessons/` in the current folder.
    ///   - outputDirectory: default `output/` next to the lessons folder.
    ///   - cacheDirectory: default `LESSONS_CACHE_DIR`, else `.lessons-cache/` next to the lessons folder.
    public init(lessonsDirectory: URL? = nil, outputDirectory: URL? = nil, cacheDirectory: URL? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        self.lessonsDirectory = (lessonsDirectory ?? cwd.appendingPathComponent("lessons")).standardizedFileURL
        root = self.lessonsDirectory.deletingLastPathComponent()
        self.cacheDirectory = cacheDirectory
            ?? environment["LESSONS_CACHE_DIR"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent(".lessons-cache")
        self.outputDirectory = outputDirectory ?? root.appendingPathComponent("output")
    }

    /// The data folder lessons read: `dataDirectory` (`--data`), else `LESSONS_DATA`, else
    /// `data/` of the project (where a lesson program, run in the root, finds it by default).
    public func dataFolder(_ dataDirectory: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dataDirectory { return URL(fileURLWithPath: dataDirectory).standardizedFileURL }
        if let variable = environment[RuntimeEnvironment.data], !variable.isEmpty { return URL(fileURLWithPath: variable).standardizedFileURL }
        return root.appendingPathComponent("data")
    }

    public var results: ResultCache { ResultCache(directory: cacheDirectory.appendingPathComponent("runs")) }
    var binaries: URL { cacheDirectory.appendingPathComponent("bin") }
}
