import Foundation
import Glibc

/// Writing a whole file so that readers (and a crash) see either the old file or the complete
/// new one: the bytes go to a temporary file `.NAME.tmp-XXXXXX` in the same folder, which is
/// then renamed over the target. The one way every module of the package writes a file whole.
public enum AtomicFile {
    /// Writes `bytes` to `path`, which gets the usual permissions of a new file (0666 less the
    /// umask). The folder must exist. Throws `FileWriteError` naming `path`.
    public static func write<Bytes: Collection>(_ bytes: Bytes, to path: String) throws where Bytes.Element == UInt8 {
        let folder = parentFolder(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? "file"
        var template = Array("\(folder)/.\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw errno == ENOENT ? FileWriteError(path: path, reason: "the folder \(folder) does not exist")
                                  : FileWriteError.errno(path)
        }
        let temporary = String(cString: template)
        var written = false
        defer { if !written { unlink(temporary) } }

        if let failure = writeAll(bytes, to: fd) {
            close(fd)
            throw FileWriteError.errno(path, failure)
        }
        // mkstemp creates the file 0600.
        let mask = umask(0)
        umask(mask)
        fchmod(fd, 0o666 & ~mask)
        guard close(fd) == 0 else { throw FileWriteError.errno(path) }
        try rename(temporary, to: path)
        written = true
    }

    /// `write(_:to:)` for a file URL.
    public static func write<Bytes: Collection>(_ bytes: Bytes, to url: URL) throws where Bytes.Element == UInt8 {
        try write(bytes, to: url.path)
    }

    /// `rename(2)`: `from` takes the place of `to` in one step; the error names `to`.
    public static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw FileWriteError.errno(to) }
    }

    /// Writes every byte, retrying after signals; the `errno` of a failure, or nil.
    private static func writeAll<Bytes: Collection>(_ bytes: Bytes, to fd: Int32) -> Int32? where Bytes.Element == UInt8 {
        let failure: Int32? = bytes.withContiguousStorageIfAvailable { buffer in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += n
            }
            return nil
        } ?? writeAll(Array(bytes), to: fd)
        return failure
    }

    /// The folder part of `path` ("." for a bare name).
    static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
