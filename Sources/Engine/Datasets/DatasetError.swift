import FileSystem
import Foundation

/// A dataset file or folder that cannot be used: the path and what is wrong with it,
/// in one line ("data/mnist/train-labels-idx1-ubyte: label 12 at index 7 is out of range 0..<10").
///
/// Every reader throws this instead of trapping, and nothing partial is ever returned.
public struct DatasetError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// The file or folder at fault.
    public let path: String
    /// What is wrong, in a few words.
    public let problem: String
    /// The kind of problem, for callers that treat one differently (`lessons data --fetch` does
    /// not fetch over a folder someone half filled).
    public let kind: Kind

    /// The kinds of problem a caller may tell apart.
    public enum Kind: Sendable {
        /// A dataset folder with some of its files but not all.
        case incompleteFolder
        /// Anything else: a missing, unreadable or malformed file.
        case other
    }

    /// An error about the file or folder at `path`.
    public init(_ path: String, _ problem: String, kind: Kind = .other) {
        self.path = path
        self.problem = problem
        self.kind = kind
    }

    /// An error about the file or folder at `url`.
    public init(_ url: URL, _ problem: String, kind: Kind = .other) {
        self.init(url.path, problem, kind: kind)
    }

    public var description: String { "\(path): \(problem)" }
    public var errorDescription: String? { description }
}

/// Reads a whole file, turning I/O failures into a `DatasetError` naming it.
func readFileBytes(_ url: URL) throws -> [UInt8] {
    do {
        let data = try Data(contentsOf: url, options: .mappedIfSafe)
        return [UInt8](data)
    } catch {
        let exists = FileManager.default.fileExists(atPath: url.path)
        throw DatasetError(url, exists ? "cannot be read (\(error.localizedDescription))" : "file not found")
    }
}

/// Writes a dataset file whole (`AtomicFile`), creating its folder, turning failures into a
/// `DatasetError` naming it.
func writeFileAtomically(_ bytes: [UInt8], to url: URL) throws {
    do {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try AtomicFile.write(bytes, to: url)
    } catch let error as FileWriteError {
        throw DatasetError(url, "cannot be written (\(error.reason))")
    } catch {
        throw DatasetError(url, "cannot be written (\(error.localizedDescription))")
    }
}
