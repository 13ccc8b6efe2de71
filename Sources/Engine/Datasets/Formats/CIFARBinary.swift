import Foundation

/// The CIFAR-10 binary format (`cifar-10-batches-bin/`): files of records, each one label
/// byte followed by 3072 pixel bytes (1024 red, 1024 green, 1024 blue, rows of 32),
/// and `batches.meta.txt` with one class name per line.
public enum CIFARBinary {
    /// Bytes per image: 3 channel planes of 32 x 32.
    public static let imageSize = 3 * 32 * 32
    /// Bytes per record: 1 label + the image.
    public static let recordSize = 1 + imageSize
    /// The five training files, then the test file, as the archive names them.
    public static let trainFiles = (1...5).map { "data_batch_\($0).bin" }
    /// The test batch file.
    public static let testFile = "test_batch.bin"
    /// The class names file.
    public static let metaFile = "batches.meta.txt"

    /// Reads one batch file; throws for a size that is not a whole number of records
    /// or a label outside 0..<classCount.
    public static func readBatch(_ url: URL, classCount: Int = 10) throws -> (pixels: [UInt8], labels: [UInt8]) {
        let raw = try readFileBytes(url)
        return try parseBatch(raw, classCount: classCount, path: url.path)
    }

    /// Splits the bytes of one batch file into pixels (N x 3072) and labels (N).
    public static func parseBatch(_ raw: [UInt8], classCount: Int = 10,
                                  path: String) throws -> (pixels: [UInt8], labels: [UInt8]) {
        guard !raw.isEmpty else { throw DatasetError(path, "empty batch file") }
        guard raw.count % recordSize == 0 else {
            throw DatasetError(path, "wrong record size: \(raw.count) bytes is not a multiple of \(recordSize) "
                                   + "(1 label + 3072 pixels); truncated or not a CIFAR-10 binary batch")
        }
        let n = raw.count / recordSize
        var labels = [UInt8](repeating: 0, count: n)
        var pixels = [UInt8](repeating: 0, count: n * (recordSize - 1))
        raw.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                for i in 0..<n {
                    labels[i] = src[i * recordSize]
                    (dst.baseAddress! + i * (recordSize - 1))
                        .update(from: src.baseAddress! + i * recordSize + 1, count: recordSize - 1)
                }
            }
        }
        try checkLabels(labels, classCount: classCount, path: path)
        return (pixels, labels)
    }

    /// Encodes records (pixels N x 3072, labels N) as a batch file.
    public static func encodeBatch(pixels: [UInt8], labels: [UInt8]) -> [UInt8] {
        require(pixels.count == labels.count * (recordSize - 1), "pixels do not match \(labels.count) records")
        var out = [UInt8]()
        out.reserveCapacity(labels.count * recordSize)
        for i in labels.indices {
            out.append(labels[i])
            out.append(contentsOf: pixels[(i * (recordSize - 1))..<((i + 1) * (recordSize - 1))])
        }
        return out
    }

    /// Reads `batches.meta.txt`: the class names, one per line (blank lines ignored).
    public static func readClassNames(_ url: URL, classCount: Int = 10) throws -> [String] {
        let raw = try readFileBytes(url)
        guard let text = String(bytes: raw, encoding: .utf8) else { throw DatasetError(url, "not UTF-8 text") }
        let names = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard names.count == classCount else {
            throw DatasetError(url, "\(names.count) class names, expected \(classCount)")
        }
        return names
    }

    /// The files a complete `cifar-10-batches-bin` folder must hold, in `dir`.
    public static func requiredFiles(in dir: URL) -> [URL] {
        (trainFiles + [testFile, metaFile]).map { dir.appendingPathComponent($0) }
    }

    /// Throws, naming the folder and the first missing file, unless all are present.
    public static func checkComplete(_ dir: URL) throws {
        let missing = requiredFiles(in: dir).filter { !FileManager.default.fileExists(atPath: $0.path) }
        if !missing.isEmpty {
            throw DatasetError(dir, "incomplete CIFAR-10 folder: missing " + missing.map(\.lastPathComponent).joined(separator: ", "),
                               kind: .incompleteFolder)
        }
    }
}
