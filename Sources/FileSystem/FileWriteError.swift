import Glibc

/// A file or folder that could not be written: the path the caller asked for (never the
/// temporary one beside it) and the system's reason. Reads `cannot write PATH: REASON`.
public struct FileWriteError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path that was to be written.
    public var path: String
    /// Why not, in words ("No space left on device", "the folder data does not exist").
    public var reason: String

    /// An error about writing `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The error `errno` names, for `path`.
    static func errno(_ path: String, _ code: Int32 = Glibc.errno) -> FileWriteError {
        FileWriteError(path: path, reason: String(cString: strerror(code)))
    }

    public var description: String { "cannot write \(path): \(reason)" }
}
