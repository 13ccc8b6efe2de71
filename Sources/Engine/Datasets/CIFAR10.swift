import FileSystem
import Foundation

/// CIFAR-10, 32x32 colour images in ten classes (`torchvision.datasets.CIFAR10`):
/// images [N, 3, 32, 32] in [0, 1], labels 0...9 named in `classes`.
///
///     let train = try CIFAR10(train: true)      // 50,000 images
///     let (trainSet, validSet) = ... randomSplit(train, [45000, 5000])
///
/// Sources, in order: `<data>/cifar-10-batches-bin/` (the binary version); the official
/// tarball, downloaded and unpacked there; a synthetic stand-in in the same binary
/// format (10 classes of drawn shapes), announced on stderr and in `source`.
public final class CIFAR10: ImageDataset {
    /// The official class names (a stand-in has its own, read from its `batches.meta.txt`).
    public static let classNames = ["airplane", "automobile", "bird", "cat", "deer",
                                    "dog", "frog", "horse", "ship", "truck"]

    /// Whether this is the training split (the five data batches) or the test batch.
    public let train: Bool

    /// Loads the training or test split; `root` and `download` as for `MNIST`.
    public init(train: Bool = true, root: String? = nil, download: Bool = true) throws {
        self.train = train
        let candidate = try DataCatalog.resolve("cifar10", dataDirectory: root.map(dataURL), download: download)
        guard case .cifar(let dir) = candidate.reader else { throw DatasetError(candidate.location, "not a CIFAR-10 source") }
        let (pixels, labels, classes) = try CIFAR10.read(dir, train: train)
        super.init(name: "CIFAR-10", channels: 3, height: 32, width: 32, classes: classes,
                   source: candidate.source, pixels: pixels, labels: labels)
    }

    /// Reads a split of a complete `cifar-10-batches-bin` folder.
    static func read(_ dir: URL, train: Bool) throws -> (pixels: [UInt8], labels: [UInt8], classes: [String]) {
        try CIFARBinary.checkComplete(dir)
        let classes = try CIFARBinary.readClassNames(dir.appendingPathComponent(CIFARBinary.metaFile))
        var pixels = [UInt8](), labels = [UInt8]()
        for file in train ? CIFARBinary.trainFiles : [CIFARBinary.testFile] {
            let batch = try CIFARBinary.readBatch(dir.appendingPathComponent(file), classCount: classes.count)
            if pixels.isEmpty { pixels.reserveCapacity(batch.pixels.count * (train ? 5 : 1)) }
            pixels += batch.pixels
            labels += batch.labels
        }
        return (pixels, labels, classes)
    }

    /// A `cifar-10-batches-bin` folder as a source candidate: missing when the folder is
    /// absent, incomplete when it lacks a batch or the class names.
    static func candidate(_ dir: URL, kind: DataSource.Kind, what: String) -> SourceCandidate {
        let files = CIFARBinary.requiredFiles(in: dir)
        let fm = FileManager.default
        let status: SourceCandidate.Status
        if !fm.fileExists(atPath: dir.path) {
            status = .missing
        } else {
            let missing = files.filter { !fm.fileExists(atPath: $0.path) }.map(\.lastPathComponent)
            status = missing.isEmpty ? .present : .incomplete("missing " + missing.joined(separator: ", "))
        }
        func records(_ names: [String]) -> Int {
            names.reduce(0) { total, name in
                let size = (try? fm.attributesOfItem(atPath: dir.appendingPathComponent(name).path)[.size] as? Int) ?? 0
                return total + size / CIFARBinary.recordSize
            }
        }
        var counts = ""
        if status == .present {
            let train = records(CIFARBinary.trainFiles), test = records([CIFARBinary.testFile])
            counts = " (\(grouped(train + test)) images: \(grouped(train)) train, \(grouped(test)) test)"
        }
        return SourceCandidate(
            source: DataSource(dataset: "cifar10", kind: kind,
                               description: "CIFAR-10: \(what)\(displayPath(dir))\(counts)", files: files),
            status: status, location: displayPath(dir), reader: .cifar(dir))
    }

    /// Unpacks `cifar-10-binary.tar.gz` in `dir` into `dir/cifar-10-batches-bin`: into a
    /// temporary folder first, checked complete and readable, then renamed; the archive is
    /// then deleted (it was verified against its MD5 when downloaded).
    static func extractArchive(in dir: URL) throws {
        let archive = dir.appendingPathComponent(OfficialFiles.cifar10.name)
        let target = dir.appendingPathComponent("cifar-10-batches-bin")
        let fm = FileManager.default
        if fm.fileExists(atPath: target.path) { return }
        let temp = dir.appendingPathComponent(".cifar-10-batches-bin.partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: temp)
        defer { try? fm.removeItem(at: temp) }
        do {
            try fm.createDirectory(at: temp, withIntermediateDirectories: true)
        } catch {
            throw DatasetError(temp, "cannot create folder (\(error.localizedDescription))")
        }
        let wanted = Set(CIFARBinary.trainFiles + [CIFARBinary.testFile, CIFARBinary.metaFile])
        try TarArchive.forEachFile(inGzip: archive) { name, _, read in
            let parts = name.split(separator: "/")
            guard parts.count == 2, parts[0] == "cifar-10-batches-bin", wanted.contains(String(parts[1])) else { return }
            try writeFileAtomically(try read(), to: temp.appendingPathComponent(String(parts[1])))
        }
        do {
            _ = try read(temp, train: true)
            _ = try read(temp, train: false)
        } catch let error as DatasetError {
            throw DatasetError(archive, "does not hold a valid cifar-10-batches-bin (\(error.problem))")
        }
        do {
            try fm.moveItem(at: temp, to: target)
        } catch {
            throw DatasetError(target, "cannot be created (\(error.localizedDescription))")
        }
        try? fm.removeItem(at: archive)
    }
}
