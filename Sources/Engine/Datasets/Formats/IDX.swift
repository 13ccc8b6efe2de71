import Foundation

/// The IDX format of MNIST and Fashion-MNIST (`*-idx3-ubyte`, `*-idx1-ubyte`, gzipped or not).
///
/// A file is a big-endian header: two zero bytes, a type code (0x08 = unsigned bytes),
/// the number of dimensions, one 32-bit size per dimension; then the bytes, row-major.
public enum IDX {
    /// An IDX file of unsigned bytes.
    public struct File {
        /// Sizes of the dimensions, outermost first (`[60000, 28, 28]` for MNIST images).
        public let dimensions: [Int]
        /// The values, row-major.
        public let bytes: [UInt8]
    }

    /// Reads an IDX file of unsigned bytes with `rank` dimensions; gzip is detected from
    /// the content, whatever the name. Throws a `DatasetError` for a wrong magic number,
    /// a wrong rank, or a length that disagrees with the header (truncated or trailing data).
    public static func read(_ url: URL, rank: Int) throws -> File {
        var raw = try readFileBytes(url)
        if Gzip.isGzip(raw) { raw = try Gzip.decompress(raw, path: url.path) }
        return try parse(raw, rank: rank, path: url.path)
    }

    /// Parses the bytes of an (uncompressed) IDX file; `path` names it in errors.
    public static func parse(_ raw: [UInt8], rank: Int, path: String) throws -> File {
        guard raw.count >= 4 else { throw DatasetError(path, "truncated IDX file (\(raw.count) bytes, no header)") }
        let magic = UInt32(raw[0]) << 24 | UInt32(raw[1]) << 16 | UInt32(raw[2]) << 8 | UInt32(raw[3])
        let expected = UInt32(0x0800 | rank)
        guard raw[0] == 0, raw[1] == 0, raw[2] == 0x08, Int(raw[3]) == rank else {
            throw DatasetError(path, String(format: "wrong magic number 0x%08x (expected 0x%08x: unsigned bytes, %d dimensions)",
                                            magic, expected, rank))
        }
        let headerSize = 4 + 4 * rank
        guard raw.count >= headerSize else {
            throw DatasetError(path, "truncated IDX file (\(raw.count) bytes, header needs \(headerSize))")
        }
        var dims = [Int]()
        for d in 0..<rank {
            let o = 4 + 4 * d
            dims.append(Int(raw[o]) << 24 | Int(raw[o + 1]) << 16 | Int(raw[o + 2]) << 8 | Int(raw[o + 3]))
        }
        let payload = dims.reduce(1, *)
        let actual = raw.count - headerSize
        if actual < payload {
            throw DatasetError(path, "truncated IDX file: header \(dims) promises \(payload) bytes of data, found \(actual)")
        }
        if actual > payload {
            throw DatasetError(path, "IDX file longer than its header \(dims) says: \(actual - payload) extra bytes")
        }
        return File(dimensions: dims, bytes: Array(raw[headerSize...]))
    }

    /// Encodes unsigned bytes as an IDX file (for fixtures and synthetic stand-ins).
    public static func encode(dimensions: [Int], bytes: [UInt8]) -> [UInt8] {
        require(dimensions.reduce(1, *) == bytes.count, "IDX dimensions \(dimensions) do not match \(bytes.count) bytes")
        var out: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for d in dimensions {
            out += [UInt8(truncatingIfNeeded: d >> 24), UInt8(truncatingIfNeeded: d >> 16),
                    UInt8(truncatingIfNeeded: d >> 8), UInt8(truncatingIfNeeded: d)]
        }
        return out + bytes
    }

    /// Reads a pair of IDX files, images (N x rows x cols) and labels (N), checking that
    /// they agree and every label lies in 0..<classCount.
    public static func readImagesAndLabels(images: URL, labels: URL, rows: Int, cols: Int,
                                           classCount: Int) throws -> (pixels: [UInt8], labels: [UInt8]) {
        let img = try read(images, rank: 3)
        guard img.dimensions[1] == rows, img.dimensions[2] == cols else {
            throw DatasetError(images, "images are \(img.dimensions[1])x\(img.dimensions[2]), expected \(rows)x\(cols)")
        }
        let lab = try read(labels, rank: 1)
        guard lab.dimensions[0] == img.dimensions[0] else {
            throw DatasetError(labels, "\(lab.dimensions[0]) labels for \(img.dimensions[0]) images in \(images.lastPathComponent)")
        }
        try checkLabels(lab.bytes, classCount: classCount, path: labels.path)
        return (img.bytes, lab.bytes)
    }
}

/// Throws when some label is not in 0..<classCount, naming the first such one.
func checkLabels(_ labels: [UInt8], classCount: Int, path: String) throws {
    if let i = labels.firstIndex(where: { Int($0) >= classCount }) {
        throw DatasetError(path, "label \(labels[i]) at index \(i) is out of range 0..<\(classCount)")
    }
}
