import Foundation

/// What a command that runs lessons sets up before it runs one, in one call: the lessons
/// (parsed), the LessonKit build, Ctrl-C handling and, for a command that writes the results
/// cache or the report, the project's lock (`ProjectLock`), held until `close()`.
/// `lessons run`, `step`, `check` and `preview` each open one.
public final class RunSession {
    public let project: ProjectFolders
    public let catalog: LessonCatalog
    public let build: LessonKitBuild
    public let datasets: KnownDatasets
    private var lock: ProjectLock?

    /// Whether the session takes the project's lock, and what to say while it waits for another
    /// command's (with that command's pid when known).
    public enum Locking {
        case exclusive(waiting: (Int32?) -> Void)
        /// For a command that writes nothing the others write (a grading shard's own folder) or
        /// that takes the lock itself for each run (`preview`).
        case none
    }

    /// Parses the lessons (a missing folder or an unreadable one throws), finds the build
    /// (`LessonKitBuildError`), installs the Ctrl-C handler, then takes the lock.
    public init(project: ProjectFolders, datasets: KnownDatasets, locking: Locking) throws {
        self.project = project
        self.datasets = datasets
        catalog = try LessonCatalog(project: project)
        build = try LessonKitBuild.locate()
        Interruption.installSignalHandler()
        if case .exclusive(let waiting) = locking { lock = try ProjectLock(project, waiting: waiting) }
    }

    /// A runner for this project and build.
    public func runner() -> LessonRunner {
        LessonRunner(project: project, build: build, datasets: datasets)
    }

    /// Releases the lock (the process's exit releases it too). Call it when the command is done,
    /// so that the lock is not released early when the session is no longer used.
    public func close() {
        lock = nil
    }
}
