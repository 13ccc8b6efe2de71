import FileSystem
import Foundation

extension DataCatalog {
    /// Reads every split of the source `name` uses now, checking every record (magic
    /// numbers, sizes, label ranges, checksums inside gzip and zip). Downloads and
    /// generates nothing. Returns a one-line summary ("70,000 images: 60,000 train,
    /// 10,000 test"); throws the first `DatasetError` found.
    public static func verify(_ name: String, dataDirectory: URL? = nil) throws -> String {
        let dir = dataDirectory ?? DataSettings.folder
        let candidate = try resolveLocal(name, dir)
        guard let candidate else { return "synthetic stand-in not generated yet (made on first use)" }
        func summary(_ train: Int, _ test: Int, _ a: String = "train", _ b: String = "test") -> String {
            "\(grouped(train + test)) images: \(grouped(train)) \(a), \(grouped(test)) \(b)"
        }
        switch candidate.reader {
        case .idx, .wheel:
            if name == "mnist-3s-7s" {
                let train = try MNIST.read(candidate, train: true), test = try MNIST.read(candidate, train: false)
                let a = MNISTSample.split(train), b = MNISTSample.split(test)
                return summary(a.count, b.count, "train", "valid") + " (3s and 7s)"
            }
            let train = try MNIST.read(candidate, train: true), test = try MNIST.read(candidate, train: false)
            return summary(train.labels.count, test.labels.count)
        case .cifar(let folder):
            let train = try CIFAR10.read(folder, train: true), test = try CIFAR10.read(folder, train: false)
            return summary(train.labels.count, test.labels.count)
        case .pngSample(let folder):
            let sample = try MNISTSample.readPNGFolders(folder, source: candidate.source)
            return summary(sample.train.count, sample.valid.count, "train", "valid")
        case .download, .synthetic:
            return "nothing local to check"
        }
    }

    /// The present candidate a load would use, without downloading or generating; nil
    /// when that is a stand-in not generated yet.
    static func resolveLocal(_ name: String, _ dir: URL) throws -> SourceCandidate? {
        for c in try candidates(for: name, dataDirectory: dir) {
            switch (c.status, c.reader) {
            case (.incomplete(let why), _):
                throw DatasetError(c.location, "incomplete \(title(name)) folder: \(why)", kind: .incompleteFolder)
            case (.present, .synthetic(_, let then)): return then()
            case (.missing, .synthetic): return nil
            case (.present, _): return c
            case (.missing, _): continue
            }
        }
        throw DatasetError(displayPath(dir), "\(title(name)) not found")
    }
}
