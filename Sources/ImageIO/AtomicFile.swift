#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a whole file so that readers see either the old file or the complete new one:
/// the bytes go to a temporary file in the same folder, which is then renamed over the target.
enum AtomicFile {
    /// Writes `bytes` to `path` atomically; the error message names nothing but the problem
    /// (the caller adds the file name).
    static func write(_ bytes: [UInt8], to path: String) throws {
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        let base = path.split(separator: "/").last.map(String.init) ?? "file"
        var template = Array("\(directory)/.\(base).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 {
            let reason = errno == ENOENT ? "the folder \(directory) does not exist" : "cannot create a file in \(directory): \(errnoText())"
            throw PNGError(file: path, message: reason)
        }
        let tempPath = String(cString: template)
        var ok = false
        defer { if !ok { unlink(tempPath) } }

        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = errnoText()
                close(fd)
                throw PNGError(file: path, message: "cannot write: \(reason)")
            }
            written += n
        }
        // mkstemp creates the file 0600; give it the usual permissions of a new file.
        let mask = umask(0); umask(mask)
        fchmod(fd, 0o666 & ~mask)
        if close(fd) != 0 { throw PNGError(file: path, message: "cannot write: \(errnoText())") }
        if rename(tempPath, path) != 0 { throw PNGError(file: path, message: "cannot write: \(errnoText())") }
        ok = true
    }

    /// The whole content of the file at `path`.
    static func read(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw PNGError(file: path, message: errno == ENOENT ? "no such file" : "cannot open: \(errnoText())")
        }
        defer { fclose(file) }
        var result = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { result.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(file) != 0 {
                    throw PNGError(file: path, message: errno == EISDIR ? "is a folder, not a file" : "cannot read: \(errnoText())")
                }
                break
            }
        }
        return result
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
