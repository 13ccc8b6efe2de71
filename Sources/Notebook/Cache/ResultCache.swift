import FileSystem
import Foundation

/// Stored lesson runs, one folder per lesson and key:
///
///     .lessons-cache/runs/<slug>/<key>/run.json     the LessonRun
///                                     /meta.json    key, step lines, reusable
///                                     /artifacts/   figures (step-k/figure-n.png)
///     .lessons-cache/runs/<slug>/<key>-partial/     a run that is not reusable (interrupted,
///                                                  timed out, …), kept apart so it never
///                                                  replaces the complete result under <key>
///     .lessons-cache/runs/<slug>/last               folder of the result on the course's page
///
/// `last` is moved only by runs whose report is the course's own page (`recordAsLast`), and
/// also when such a run reuses a cached result, so `lessons list` and the index always show
/// the status of the result the page shows.
/// A folder is filled under a temporary name and renamed into place, so a reader never sees
/// half a result.
public struct ResultCache: Sendable {
    /// A stored run.
    public struct Entry: Sendable {
        public var run: LessonRun
        /// Where the run's figures are (`StepResult.figures` are relative to it).
        public var artifacts: URL
        var meta: Meta
        /// The entry's folder name (`last` points at it).
        var folderName: String { artifacts.deletingLastPathComponent().lastPathComponent }
    }

    struct Meta: Codable {
        var key: String
        /// Line of each step when the run was made.
        var stepLines: [Int]
        /// False for interrupted or timed-out runs and lessons with a `cache: false` step.
        var reusable: Bool
        /// A fingerprint of each input apart (`CacheKey.parts`), to say why a later run
        /// missed; nil in results stored before it existed.
        var parts: [String: String]? = nil
        /// Each step's code fingerprint (`RerunFrom.fingerprint`), so `--from` can tell which
        /// earlier steps are unchanged; nil in results stored before it existed.
        var stepCodes: [String]? = nil
        /// The files the run read from the data folder, with their stamps (`DataFiles`): the
        /// result is reused only while they are unchanged. Nil in results stored before.
        var dataFiles: [String: String]? = nil
    }

    /// `.lessons-cache/runs`.
    public var directory: URL
    /// Results kept per lesson (several, so switching `--set` values back and forth is free).
    static let keptRuns = 5

    public init(directory: URL) {
        self.directory = directory
    }

    /// The reusable result stored under `key`, if any.
    func lookup(slug: String, key: String) -> Entry? {
        guard let entry = load(folder(slug: slug, key: key)), entry.meta.reusable, entry.meta.key == key else { return nil }
        return entry
    }

    /// The result the course's page of the lesson shows (reusable or not).
    public func last(slug: String) -> Entry? {
        let pointer = directory.appendingPathComponent(slug).appendingPathComponent("last")
        guard let text = try? String(contentsOf: pointer, encoding: .utf8) else { return nil }
        var name = text.trimmingCharacters(" \n")
        // Pointers written before partial results had folders of their own hold the whole key.
        if name.count == 64 { name = String(name.prefix(24)) }
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else { return nil }
        return load(directory.appendingPathComponent(slug).appendingPathComponent(name))
    }

    /// Points `last` at `entry`: the course's page now shows it.
    func markLast(slug: String, _ entry: Entry) throws {
        try AtomicFile.write(Data(entry.folderName.utf8), to: directory.appendingPathComponent(slug).appendingPathComponent("last"))
    }

    /// A fresh work folder for a run, inside the lesson's cache folder (same file system, so the
    /// final rename is atomic).
    func makeWorkFolder(slug: String) throws -> URL {
        let work = directory.appendingPathComponent(slug).appendingPathComponent(".tmp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        return work
    }

    /// Stores `run` with the artifacts in `work/artifacts` under its key (a run that is not
    /// reusable beside it, under `<key>-partial`); moves `last` to it when `recordAsLast`.
    /// Returns the entry.
    func store(_ run: LessonRun, meta: Meta, work: URL, recordAsLast: Bool = true) throws -> Entry {
        let fm = FileManager.default
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(StoredTimestamp.string(date))
        }
        try encoder.encode(run).write(to: work.appendingPathComponent("run.json"))
        try encoder.encode(meta).write(to: work.appendingPathComponent("meta.json"))
        for scratch in ["backtraces", "data-sources.txt", DataFiles.fileName] { try? fm.removeItem(at: work.appendingPathComponent(scratch)) }

        // An interrupted `--fresh` run must not throw away the complete result it was replacing.
        let complete = folder(slug: run.slug, key: meta.key)
        let final = meta.reusable ? complete
            : complete.deletingLastPathComponent().appendingPathComponent(complete.lastPathComponent + "-partial")
        try AtomicDirectory.install(work, at: final)
        let entry = Entry(run: run, artifacts: final.appendingPathComponent("artifacts"), meta: meta)
        if recordAsLast { try markLast(slug: run.slug, entry) }
        let lessonFolder = directory.appendingPathComponent(run.slug)
        CachePruning.removeAbandonedWork(in: lessonFolder, olderThan: 86400)
        CachePruning.keepNewest(Self.keptRuns, in: lessonFolder,
                                keeping: Set([final.lastPathComponent, lastFolderName(slug: run.slug)].compactMap { $0 }),
                                ignoring: ["last"])
        return entry
    }

    private func lastFolderName(slug: String) -> String? {
        last(slug: slug)?.folderName
    }

    private func folder(slug: String, key: String) -> URL {
        directory.appendingPathComponent(slug).appendingPathComponent(String(key.prefix(24)))
    }

    private func load(_ folder: URL) -> Entry? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = StoredTimestamp.date(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
            }
            return date
        }
        guard let runData = try? Data(contentsOf: folder.appendingPathComponent("run.json")),
              let metaData = try? Data(contentsOf: folder.appendingPathComponent("meta.json")),
              let run = try? decoder.decode(LessonRun.self, from: runData),
              let meta = try? decoder.decode(Meta.self, from: metaData) else { return nil }
        return Entry(run: run, artifacts: folder.appendingPathComponent("artifacts"), meta: meta)
    }
}
